"""The demo proposals: loaded once, trackable by their receipts, grouped as similar in the queue."""

from minsheng.participation.demo import DEMO_PROPOSALS, load_demo_proposals
from minsheng.participation.models import Proposal


def test_the_demo_proposals_load_once_and_can_be_tracked(client_for):
    assert len(load_demo_proposals()) == len(DEMO_PROPOSALS)
    assert load_demo_proposals() == []
    assert Proposal.objects.filter(receipt__startswith="DEMQ").count() == len(DEMO_PROPOSALS)
    page = client_for(None).get("/proposals/track/DEMQ9R2S3T/").content.decode()
    assert "增开城乡公交夜班线路" in page and "已受理" in page


def test_the_office_finds_the_two_similar_demo_proposals_together(client_for):
    load_demo_proposals()
    html = client_for("office").get("/proposals/").content.decode()
    assert "相似建议 2 条" in html
