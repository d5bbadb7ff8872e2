"""The product's settings are checked at start-up: each wrong value is an error with its own id and a
Chinese message; the default settings give none."""

import pytest
from django.core.checks import run_checks
from django.test import override_settings

from minsheng.core.setting_checks import check_product_settings

THRESHOLDS = {"yellow": 5.0, "orange": 15.0, "red": 30.0, "forecast_tolerance_days": 30}


def ids(**overrides) -> set[str]:
    with override_settings(**overrides):
        return {e.id for e in check_product_settings(None)}


def test_the_default_settings_pass_every_check():
    assert ids() == set()
    assert not [e for e in run_checks(tags=["minsheng"]) if e.is_serious()]


def test_the_messages_are_in_chinese_with_a_hint():
    with override_settings(MINSHENG_STATUS_THRESHOLDS={**THRESHOLDS, "orange": 2}):
        (error,) = check_product_settings(None)
    assert error.id == "minsheng.E002" and "阈值顺序不对" in error.msg and "黄" in error.hint


@pytest.mark.parametrize(
    "thresholds",
    [
        {**THRESHOLDS, "orange": 2.0},  # out of order
        {**THRESHOLDS, "yellow": 0},  # every project would be yellow
        {**THRESHOLDS, "red": 130},  # beyond 100 points
        {**THRESHOLDS, "red": "30"},  # not a number
        {**THRESHOLDS, "forecast_tolerance_days": -1},
        {**THRESHOLDS, "gelb": 5},  # a misspelt key would break Thresholds(**…)
        [5, 15, 30],
    ],
    ids=str,
)
def test_status_thresholds(thresholds):
    assert ids(MINSHENG_STATUS_THRESHOLDS=thresholds) == {"minsheng.E002"}


def test_status_thresholds_may_give_only_some_values():
    assert ids(MINSHENG_STATUS_THRESHOLDS={"red": 40}) == set()
    assert ids(MINSHENG_STATUS_THRESHOLDS={"yellow": 20}) == {"minsheng.E002"}  # above the default orange


@pytest.mark.parametrize(
    "criteria",
    [
        {"群众需求": 50, "必要性": 40},  # 90
        {"群众需求": 60, "必要性": 50, "可行性": -10},  # 100, with a negative weight
        {"群众需求": 100, "必要性": 0},
        {"群众需求": 50.5, "必要性": 49.5},
        {"": 100},
        {},
    ],
    ids=str,
)
def test_proposal_criteria_weights_are_positive_and_add_up_to_100(criteria):
    assert ids(MINSHENG_PROPOSAL_CRITERIA=criteria) == {"minsheng.E003"}


@pytest.mark.parametrize(
    "lead",
    [{"week": -1, "month": 3}, {"week": 7, "month": 3}, {"week": 1, "month": 40}, {"week": 1}],
    ids=str,
)
def test_reminder_lead_days(lead):
    assert ids(MINSHENG_REMINDER_LEAD_DAYS=lead) == {"minsheng.E004"}


@pytest.mark.parametrize(
    "ladder", [{"respond_days": 0}, {"respond_days": "10"}, {"respond_day": 10}, ["respond_days"]], ids=str
)
def test_escalation_day_counts(ladder):
    assert ids(MINSHENG_ESCALATION=ladder) == {"minsheng.E005"}


def test_escalation_may_change_a_day_count():
    assert ids(MINSHENG_ESCALATION={"respond_days": 7, "year_end_window_days": 30}) == set()


@pytest.mark.parametrize("name", ["MINSHENG_PROPOSALS_PER_HOUR", "MINSHENG_SURVEYS_PER_HOUR"])
@pytest.mark.parametrize("value", [0, -5, "5", 2.5])
def test_throttles_let_someone_through(name, value):
    assert ids(**{name: value}) == {"minsheng.E006"}


@pytest.mark.parametrize("value", [0, -1, 600, "5"])
def test_robot_timeout(value):
    assert ids(MINSHENG_ROBOT_TIMEOUT=value) == {"minsheng.E007"}


@pytest.mark.parametrize("value", ["2024-13-01", "15/07/2024", "9999-12-31"])
def test_demo_clock(value):
    assert ids(MINSHENG_TODAY=value) == {"minsheng.E008"}


def test_demo_clock_on_a_day():
    assert ids(MINSHENG_TODAY="2024-07-15") == set()


@pytest.mark.parametrize("value", ["minsheng.example.cn", "https://minsheng.example.cn/", ""])
def test_site_url(value):
    assert ids(MINSHENG_SITE_URL=value) == {"minsheng.E009"}


@pytest.mark.parametrize(
    "overrides", [{"TIME_ZONE": "UTC"}, {"TIME_ZONE": "Asia/Nowhere"}, {"USE_TZ": False}]
)
def test_time_zone_is_shanghai(overrides):
    assert ids(**overrides) == {"minsheng.E010"}


@pytest.mark.parametrize("name", ["DATA_UPLOAD_MAX_MEMORY_SIZE", "FILE_UPLOAD_MAX_MEMORY_SIZE"])
@pytest.mark.parametrize("value", [0, 1000, None, "10MB"])
def test_upload_sizes(name, value):
    assert ids(**{name: value}) == {"minsheng.E011"}


@pytest.mark.parametrize("value", ["HTTP_X_FORWARDED_FOR", "X-Forwarded-For: 1.2.3.4", "X Real IP"])
def test_client_address_header_is_a_header_name(value):
    assert ids(MINSHENG_CLIENT_IP_HEADER=value) == {"minsheng.E012"}


@pytest.mark.parametrize("value", ["", "X-Forwarded-For", "X-Real-IP", "x_real_ip"])
def test_client_address_header_as_sent(value):
    assert ids(MINSHENG_CLIENT_IP_HEADER=value) == set()


def test_reading_the_settings_writes_nothing(tmp_path):
    """The settings only name the data folder; `minsheng` makes it and its key before Django starts."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "var"
    env = {**os.environ, "MINSHENG_DATA_DIR": str(folder)}
    env.pop("SECRET_KEY", None)
    code = "import minsheng.settings as s; print(len(s.SECRET_KEY))"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and int(done.stdout) >= 50, done.stderr
    assert not folder.exists()
    prepare = "from minsheng.core import datadir; datadir.prepare()"
    subprocess.run([sys.executable, "-c", prepare], env=env, check=True, timeout=60)
    assert (folder / "secret_key").stat().st_mode & 0o777 == 0o600
