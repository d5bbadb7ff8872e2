"""The hook registry lets a lower layer ask what only a higher one knows (core.hooks): every question a
lower layer or a template asks has its answer registered when Django starts."""

import re
from pathlib import Path

import pytest
from django import template

from minsheng.core import hooks

TEMPLATES = Path(__file__).resolve().parents[1] / "minsheng" / "templates"


def test_first_gives_the_default_when_nobody_answers_and_registering_twice_changes_nothing():
    assert hooks.first("tests.nobody", 1, default="none") == "none"

    def double(x):
        return 2 * x

    hooks.register("tests.double", double)
    hooks.register("tests.double", double)
    assert hooks.answers("tests.double") == [double]
    assert hooks.first("tests.double", 4) == 8 and hooks.each("tests.double", 5) == [10]


@pytest.mark.parametrize("name", ["plans.statuses", "plans.recent_reports", "bulletins.satisfaction"])
def test_the_questions_of_the_lower_layers_are_answered(name):
    assert hooks.answers(name), f"nobody answers {name}"


def _asked_in_templates(tag: str) -> set[str]:
    pattern = re.compile(r"\{%\s*" + tag + r"\s+[\"']([\w:]+)[\"']")
    return {m for f in TEMPLATES.rglob("*.html") for m in pattern.findall(f.read_text(encoding="utf-8"))}


def test_every_page_a_template_asks_about_has_its_check():
    asked = _asked_in_templates("may")
    assert asked, "the templates ask {% may %} about some pages"
    assert not [name for name in sorted(asked) if not hooks.answers(f"may:{name}")]
    batch = _asked_in_templates("openable")
    assert not [name for name in sorted(batch) if not hooks.answers(f"openable:{name}")]


def test_asking_about_a_page_nobody_registered_is_an_error(rf, django_user_model):
    engine = template.engines["django"]
    page = engine.from_string('{% load access %}{% may "nowhere:page" as ok %}{{ ok }}')
    with pytest.raises(template.TemplateSyntaxError):
        page.render({"user": django_user_model(username="x")})
