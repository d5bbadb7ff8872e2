"""The counting rules without the database: more than half of those present and within the seats;
ties at the last seat and too few over half go to a second round; counts no valid ballots could give
are refused. The tally sees what the database keeps: votes per candidate and the number of ballots."""

import pytest

from minsheng.participation.votes.tally import Entry, TallyError
from minsheng.participation.votes.tally import tally as count

C = [Entry(i, i, f"项目{i}") for i in range(1, 7)]  # ids 1..6, order = id


def ballots(*spec):
    """spec: (count, {ids}) pairs → a list of ballots (sets of marked candidates)."""
    return [set(ids) for n, ids in spec for _ in range(n)]


def tally(seats, present, candidates, cast):
    """Count `cast` the way voting does: one added to each marked candidate, one receipt per ballot."""
    votes = {}
    for ballot in cast:
        for cid in ballot:
            votes[cid] = votes.get(cid, 0) + 1
    return count(seats, present, candidates, votes, len(cast))


def test_clear_majority_elects_the_top_seats():
    # 10 deputies, 3 seats among 6 candidates.
    b = ballots((6, {1, 2, 3}), (3, {1, 4, 5}), (1, {2, 6}))
    r = tally(3, None, C, b)
    assert r.present == 10 and r.ballots == 10
    assert r.votes == {1: 9, 2: 7, 3: 6, 4: 3, 5: 3, 6: 1}
    assert r.elected == [1, 2, 3]
    assert r.seats_left == 0 and r.second_round == []
    assert r.lines[-1] == "应选名额已全部产生，票决结束。"
    assert "当选：1号“项目1”（9 票）、2号“项目2”（7 票）、3号“项目3”（6 票），共 3 项。" in r.lines


def test_more_over_half_than_seats_elects_by_votes():
    b = ballots((4, {1, 2}), (3, {3, 4}), (1, {1, 3}))  # 8 present: 1→5, 2→4, 3→4, 4→3
    r = tally(2, None, C, b)
    # over half means more than 4: only 1 (5 votes) passes; 2 and 3 have exactly half — not enough
    assert r.elected == [1]
    assert r.seats_left == 1
    assert r.second_round == [2, 3]  # seats left + one more, by votes
    b = ballots((5, {1, 2}), (4, {2, 3}), (2, {1, 3}))  # 11 present: 1→7, 2→9, 3→6: all over half
    r = tally(2, None, C, b)
    assert r.elected == [2, 1]  # ranked by votes; 3 passes the bar but not within the seats
    assert r.seats_left == 0 and r.second_round == []


def test_tie_at_the_last_seat_elects_none_of_the_tied():
    # 10 present, 3 seats: 1→9, 2→7, 3→6, 4→6 (both over half, tied for the third seat)
    b = ballots((3, {1, 2, 3}), (3, {1, 2, 4}), (2, {1, 3, 4}), (1, {2, 3, 4}), (1, {1}))
    r = tally(3, None, C, b)
    assert r.votes[3] == r.votes[4] == 6 and r.votes[4] * 2 > r.present
    assert r.elected == [1, 2]
    assert r.seats_left == 1
    assert r.second_round == [3, 4]
    assert any("均得 6 票，并列争夺最后 1 个名额" in line for line in r.lines)


def test_tie_below_the_boundary_does_not_matter():
    # 1→9, 2→8, 3→8 and 2 seats: 2 and 3 both within the seats
    b = ballots((8, {1, 2, 3}), (1, {1}), (1, set()))
    r = tally(3, None, C, b)
    assert r.elected == [1, 2, 3]


def test_tie_across_all_seats_elects_nobody():
    b = ballots((6, {1, 2}), (6, {3, 1}), (6, {2, 3}))  # 18 present, 1/2/3 each 12 votes, 2 seats
    r = tally(2, None, C, b)
    assert r.elected == [] and r.seats_left == 2 and r.second_round == [1, 2, 3]
    assert "本轮没有项目当选。" in r.lines


def test_too_few_over_half_send_the_seats_left_to_a_second_round_with_one_more():
    # 10 present, 3 seats: 1→8 passes; 2→5, 3→5, 4→3, 5→2, 6→1 do not (5 is exactly half)
    b = ballots((5, {1, 2, 3}), (2, {1, 4, 5}), (1, {1, 4}), (1, {6}))
    b.append(set())
    r = tally(3, None, C, b)
    assert r.elected == [1]
    assert r.seats_left == 2
    assert r.second_round == [2, 3, 4]  # two seats left + one more
    assert "过半数的项目只有 1 项，少于应选项目数。" in r.lines


def test_second_round_includes_everyone_tied_at_its_cutoff():
    b = ballots((3, {1}), (1, {2}), (1, {3}), (1, {4}))  # 6 present: 1→3 (half, fails)
    r = tally(1, None, C, b)
    assert r.elected == []
    assert r.second_round == [1, 2, 3, 4]  # 1 seat + 1 more = 2, but 2/3/4 tie at the cutoff


def test_all_abstain():
    r = tally(2, None, C, [set()] * 7)
    assert r.votes == dict.fromkeys(range(1, 7), 0)
    assert r.elected == [] and r.seats_left == 2
    assert r.second_round == [1, 2, 3, 4, 5, 6]  # all tied at zero


def test_present_larger_than_ballots_raises_the_bar():
    b = ballots((6, {1, 2}), (4, {1}))  # 10 ballots: 1→10, 2→6
    assert tally(2, None, C, b).elected == [1, 2]
    r = tally(2, 12, C, b)  # 12 present: 6 is exactly half — not elected
    assert r.present == 12 and r.ballots == 10
    assert r.elected == [1] and r.second_round == [2, 3, 4, 5, 6]  # 3–6 tie at 0 at the cutoff
    assert r.lines[0] == "应选 2 项，候选 6 项；实到代表 12 人，收回选票 10 张。"
    assert "多于 6 票" in r.lines[1]


def test_present_smaller_than_ballots_is_refused():
    with pytest.raises(TallyError, match="实到代表人数（2）少于投票人数（3）"):
        tally(2, 2, C, [set(), set(), set()])


def test_a_candidate_with_more_votes_than_ballots_is_refused():
    with pytest.raises(TallyError, match="1号“项目1”得票 3 张，与投票人数 2 不符"):
        count(2, None, C, {1: 3}, 2)


def test_more_marks_than_the_seats_allow_are_refused():
    # 2 ballots for 2 seats carry at most 4 marks
    with pytest.raises(TallyError, match="赞成票共 5 张，多于 2 张选票最多可投的 4 张"):
        count(2, None, C, {1: 2, 2: 2, 3: 1}, 2)


def test_votes_for_an_unknown_candidate_are_refused():
    with pytest.raises(TallyError, match="不在候选名单"):
        count(2, None, C, {1: 1, 99: 1}, 1)


def test_present_smaller_than_ballots_is_refused_from_counts():
    with pytest.raises(TallyError, match="实到代表人数（2）少于投票人数（3）"):
        count(2, 2, C, {}, 3)


def test_no_ballots_at_all():
    r = tally(1, None, C[:2], [])
    assert r.present == 0 and r.elected == [] and r.second_round == [1, 2]


def test_fewer_candidates_left_than_a_differential_second_round():
    two = C[:3]
    b = ballots((3, {1, 2}), (1, {3}))  # 4 present: 1→3, 2→3 elected for 2 seats... 3 seats: 3→1
    r = tally(3, None, two, b)
    assert r.elected == [1, 2] and r.seats_left == 1 and r.second_round == [3]


def test_result_as_json_keeps_everything_for_the_session():
    r = tally(1, None, C[:2], [{1}, {1}, {2}])
    data = r.as_json()
    assert data["votes"] == {"1": 2, "2": 1} and data["elected"] == [1] and data["seats_left"] == 0
    assert data["present"] == 3 and data["ballots"] == 3 and data["lines"] == r.lines
