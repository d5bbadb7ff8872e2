"""The demo clock: MINSHENG_TODAY moves the platform's today and shows a banner; without it, the real date."""

import datetime

from django.test import override_settings
from django.utils import timezone

from minsheng.core.clock import now, today


def test_real_date_without_the_setting():
    with override_settings(MINSHENG_TODAY=""):
        assert today() == timezone.localdate()


def test_demo_day_with_the_setting(client_for):
    with override_settings(MINSHENG_TODAY="2024-07-15"):
        assert today() == datetime.date(2024, 7, 15)
        moment = now()
        assert moment.date() == datetime.date(2024, 7, 15) and str(moment.tzinfo) == "Asia/Shanghai"
        assert "演示时钟：系统按 2024年7月15日 运行" in client_for(None).get("/").content.decode()


def test_no_banner_on_the_real_clock(client_for):
    with override_settings(MINSHENG_TODAY=""):
        assert "演示时钟" not in client_for(None).get("/").content.decode()
