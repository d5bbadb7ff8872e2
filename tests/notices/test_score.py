"""The scorer pairs projects by content and counts projects, leads, units and targets."""

from minsheng.notices.extraction.score import score


def _project(seq, content, lead, co=(), targets=()):
    return {
        "seq": seq,
        "name": content[:6],
        "content": content,
        "lead_units": list(lead),
        "co_units": list(co),
        "targets": [{"value": v, "unit": u} for v, u in targets],
    }


def test_perfect_and_imperfect():
    gold = {
        "projects": [
            _project("1", "新建老年食堂20处", ["市民政局"], ["市财政局"], [(20, "处")]),
            _project("2", "改造农村公路300公里", ["市交通运输局"], [], [(300, "公里")]),
        ]
    }
    assert score(gold, gold).projects.f1 == 1.0
    predicted = {
        "projects": [
            _project("1", "新建老年食堂20处", ["市财政局"], ["市民政局"], [(20, "处"), (2024, "年")])
        ]
    }
    s = score(predicted, gold)
    assert (s.projects.tp, s.projects.fn) == (1, 1)
    assert s.lead_accuracy == 0.0
    assert (s.units.tp, s.units.fp, s.units.fn) == (0, 2, 2)
    assert (s.targets.tp, s.targets.fp) == (1, 1)


def test_values_compare_as_numbers():
    gold = {"projects": [_project("1", "培训1000人次", ["市人社局"], [], [(1000, "人次")])]}
    predicted = {"projects": [_project("1", "培训1000人次", ["市人社局"], [], [(1000.0, "人次")])]}
    assert score(predicted, gold).targets.f1 == 1.0


def test_a_region_is_right_when_it_names_the_golds_place():
    from minsheng.notices.extraction.score import same_region

    assert same_region("珠海市", "珠海") and same_region("阳东区", "阳江市阳东区")
    assert same_region("固鎮縣", "固鎮(zhèn)縣")
    assert not same_region("汉滨区", "汉滨区老城办事处") and not same_region("温州市", "乐清市")
    assert not same_region(None, "乐清市") and same_region(None, None)
