"""The whole demo, as `minsheng demo` loads it: the seed plans and one account per role (plans/demo.py),
the curated cross links, and with `reports` the synthetic 2024 reports and problems as of the demo day
(demo_reports.py) and the demo proposals for the next year's list (participation/demo.py). It spans every
layer, so it lives in the site app above them."""

from django.conf import settings
from django.db import transaction

from minsheng.core import audit
from minsheng.core.bootstrap import ensure_regions
from minsheng.participation.demo import load_demo_proposals
from minsheng.plans.demo import ACCOUNTS, load_accounts, load_plans
from minsheng.plans.demo_links import link_demo_projects
from minsheng.site.demo_allocations import load_demo_allocations
from minsheng.site.demo_assessment import load_demo_assessment
from minsheng.site.demo_meetings import load_demo_meetings
from minsheng.site.demo_notice import load_demo_notice
from minsheng.site.demo_orders import load_demo_orders
from minsheng.site.demo_past_year import load_demo_past_years
from minsheng.site.demo_public_reports import load_demo_public_reports
from minsheng.site.demo_reports import load_demo_reports

__all__ = ["ACCOUNTS", "load_demo"]


@transaction.atomic
@audit.channel("demo")  # every record the demo writes reads 演示数据, whichever workflow wrote it
def load_demo(password: str | None = None, reports: bool = True) -> dict:
    """The seed plans and accounts; with `reports`, the synthetic 2024 reports as of the demo day and
    the demo proposals for the next year's list."""
    regions = ensure_regions()
    plans = load_plans()
    link_demo_projects()  # the curated lineage and parent links (demo_links.json)
    accounts = load_accounts(password or settings.MINSHENG_DEMO_PASSWORD)
    loaded = load_demo_year() if reports else []
    return {"regions": regions, "plans": [str(p) for p in plans], "accounts": accounts, "reports": loaded}


def load_demo_year() -> list:
    """What happens in the demo's year on top of the plans and accounts: the synthetic 2024 reports as
    of the demo day and everything that follows from them. The crawl loads exactly this, so a new loader
    added here is crawled the day it lands."""
    loaded = load_demo_reports()
    load_demo_proposals()
    load_demo_notice()  # a county's notice under review: the import pages carry demo data too
    load_demo_orders()  # 督办单 of each grade, one raised twice, an urge
    load_demo_assessment()  # hand-recorded 考核 points: a praise, a target exceeded, a deduction
    load_demo_meetings()  # 微山县 leaders' Q1 and Q2 topic-meeting decisions, done and open
    load_demo_allocations()  # city targets split over the counties: the cascade pages
    loaded += load_demo_past_years()  # 2023 and before: a finished year, accepted and evaluated
    load_demo_public_reports()  # problems the public reported from the 民生码, one accepted; followers
    return loaded
