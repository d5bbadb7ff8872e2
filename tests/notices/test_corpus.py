"""The importer on real published lists of many provinces (tests/notices/corpus, gold by hand): the
figures `minsheng bench extract` prints, held as floors so a change that loses lists is seen."""

from minsheng.notices.extraction.corpus_bench import DEFAULT_CORPUS, corpus_cases, run_corpus_bench
from minsheng.notices.extraction.draft import extract
from minsheng.notices.reading import read_document


def test_the_corpus_is_broad_enough():
    golds = {label.rsplit(".", 1)[0]: gold for label, gold, _ in corpus_cases()}
    assert len(golds) >= 25
    assert len({g["province"] for g in golds.values()}) >= 12
    assert {"news", "announcement"} <= {g["kind"] for g in golds.values()}  # notices: the seeds
    assert {p.suffix for _, _, p in corpus_cases()} >= {".txt", ".docx", ".pdf"}


def test_the_development_corpus_holds_its_level():
    """Floors just under the level measured on the development corpus (293 lists, fourteen held-out sets folded
    in after their one measurement), so a change that loses lists is seen. They are not the issue's bar,
    which is measured on lists the importer has never seen (`minsheng bench extract`, held-out section).
    The target floor is lower than the rest because a convention is unsettled: the corpus golds leave out
    rates (覆盖率100%) and money, which the seeds' gold counts as targets. Lead units fall where a table
    copied as text no longer lines its cells up with its header."""
    lines: list[str] = []
    total, year_accuracy = run_corpus_bench(lines.append, DEFAULT_CORPUS)
    assert total.projects.f1 >= 0.89, "\n".join(lines)
    assert total.targets.f1 >= 0.81, "\n".join(lines)
    assert total.lead_accuracy >= 0.78, "\n".join(lines)
    assert year_accuracy >= 0.91, "\n".join(lines)


def test_a_document_without_a_list_gives_an_empty_draft_that_says_why():
    for label, gold, path in corpus_cases():
        if gold["projects"] or gold.get("other_list"):  # other_list: a list, only not the plan's
            continue
        draft = extract(read_document(path.read_bytes(), path.name)[0])
        assert draft["projects"] == [], label
        assert any("未在文件中找到项目列表" in w for w in draft["warnings"]), label
