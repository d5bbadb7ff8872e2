"""Every action the platform writes to the audit trail reads in Chinese on the history pages: none falls
back to the raw action word (a project's history showed "contribute", a report's "approve")."""

import re
from pathlib import Path

import pytest

from minsheng.core.models import ACTION_LABELS, AuditEvent

SOURCE = Path(__file__).resolve().parent.parent / "minsheng"
LITERAL = re.compile(r'log_action\(\s*[^,()]+(?:\([^)]*\))?,\s*"([^"]+)"', re.S)


def _literal_actions() -> set[str]:
    return {m.group(1) for p in SOURCE.rglob("*.py") for m in LITERAL.finditer(p.read_text(encoding="utf-8"))}


def _chinese(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text)) and not re.search(r"[A-Za-z]", text)


def test_every_action_written_in_the_code_has_a_chinese_label():
    actions = _literal_actions()
    assert len(actions) > 20
    missing = sorted(a for a in actions if not _chinese(AuditEvent(action=a).action_label))
    assert not missing, f"add these to core.models.ACTION_LABELS: {missing}"
    assert all(_chinese(label) for label in ACTION_LABELS.values())


@pytest.mark.django_db
def test_every_action_in_the_full_demo_has_a_chinese_label(full_demo_actions):
    missing = sorted(a for a in full_demo_actions if not _chinese(AuditEvent(action=a).action_label))
    assert not missing


@pytest.fixture
def full_demo_actions(db):
    from minsheng.participation.demo import load_demo_proposals
    from minsheng.site.demo_reports import load_demo_reports

    load_demo_reports()
    load_demo_proposals()
    return set(AuditEvent.objects.values_list("action", flat=True).distinct())
