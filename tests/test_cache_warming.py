"""A change to a plan queues, once it commits, a job that warms the plan's status of the day and its
month-end history: after the worker ran, the board's and dashboards' entries are read from the cache
with no query; a change that rolls back queues nothing."""

import pytest
from django.core.cache import cache as django_cache
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from minsheng.dashboard import cache
from minsheng.dashboard.office.history import month_ends
from minsheng.plans import board
from minsheng.supervision.status.queries import default_as_of, plans_status_by_plan
from tests.conftest import plan

pytestmark = pytest.mark.django_db
WARM = "minsheng.dashboard.warming.warm_plan"


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"
    settings.WARM_CACHE = True  # the tests' worker runs in their process, so it shares their memory cache


def test_a_committed_change_warms_the_plan(
    worker, django_capture_on_commit_callbacks, django_assert_num_queries
):
    city = plan("济宁市", 2024)
    with django_capture_on_commit_callbacks(execute=True):
        board.touch(city.pk, past=True)
    assert DBTaskResult.objects.filter(task_path=WARM, status="READY").count() == 1
    city.refresh_from_db()
    as_of = default_as_of(city)
    today_key = cache.key("status", city.pk, city.board_changed_at, as_of)
    assert django_cache.get(today_key) is None

    worker()
    assert DBTaskResult.objects.get(task_path=WARM).status == "SUCCESSFUL"
    assert django_cache.get(today_key) == plans_status_by_plan([city], as_of)[city.pk]
    days = month_ends(city.begins, as_of)
    with django_assert_num_queries(0):  # the board's status and the dashboard's history: both cached
        cache.day_statuses([city], as_of)
        cache.plans_history([city], days)


def test_a_change_found_by_the_models_signals_warms_its_plan(django_capture_on_commit_callbacks):
    """Not only the workflows' touches: an edit the signals catch (here an indicator's target) queues
    the warming of the plan it belongs to."""
    city = plan("济宁市", 2024)
    indicator = city.projects.order_by("order").first().indicators.first()
    indicator.target_value += 1
    with django_capture_on_commit_callbacks(execute=True):
        indicator.save()
    jobs = DBTaskResult.objects.filter(task_path=WARM, status="READY")
    assert [job.args_kwargs["args"] for job in jobs] == [[city.pk]]


def test_a_change_that_rolls_back_queues_nothing(django_capture_on_commit_callbacks):
    city = plan("济宁市", 2024)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        board.touch(city.pk)
        raise RuntimeError("refused")
    assert callbacks == [] and not DBTaskResult.objects.filter(task_path=WARM).exists()


def test_no_job_where_the_worker_would_warm_only_its_own_memory(settings, django_capture_on_commit_callbacks):
    settings.WARM_CACHE = False
    with django_capture_on_commit_callbacks(execute=True):
        board.touch(plan("济宁市", 2024).pk)
    assert not DBTaskResult.objects.filter(task_path=WARM).exists()
