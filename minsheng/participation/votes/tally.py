"""Counting the deputies' votes (pure, no database). The input is what the database keeps: the number
of ballots cast (receipts) and each candidate's running count of votes — never a ballot.

A candidate is elected when its votes are more than half of the deputies present AND it ranks within
the seats among the candidates passing that bar (ranked by votes). A tie across the last seat elects
none of the tied: they go to a second round for the seats left. When fewer candidates than seats pass
the bar, the seats left go to a second round among the candidates not elected, by votes, with at least
one more candidate than seats (差额) when there are enough."""

from dataclasses import dataclass, field

from minsheng.core.errors import DomainError


class TallyError(DomainError, ValueError):
    default_message = "计票数据不正确。"


@dataclass(frozen=True)
class Entry:
    id: int
    order: int
    title: str = ""


@dataclass
class TallyResult:
    seats: int
    present: int
    ballots: int
    votes: dict[int, int]
    elected: list[int]  # in rank order
    second_round: list[int]  # candidates for the seats left, by votes
    seats_left: int
    lines: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "seats": self.seats,
            "present": self.present,
            "ballots": self.ballots,
            "votes": {str(k): v for k, v in self.votes.items()},
            "elected": self.elected,
            "second_round": self.second_round,
            "seats_left": self.seats_left,
            "lines": self.lines,
        }


def _name(entry: Entry) -> str:
    return f"{entry.order}号“{entry.title}”" if entry.title else f"{entry.order}号"


def tally(
    seats: int, present: int | None, candidates: list[Entry], votes: dict[int, int], ballots: int
) -> TallyResult:
    """Count for `seats` among `candidates`, given each candidate's `votes` and the number of `ballots`
    cast. `present` is the deputies present (None: the number of ballots). TallyError on an input no set
    of valid ballots could give."""
    if seats < 1:
        raise TallyError("应选项目数至少为 1。")
    if ballots < 0:
        raise TallyError("投票人数不能为负数。")
    present = ballots if present is None else present
    if present < ballots:
        raise TallyError(f"实到代表人数（{present}）少于投票人数（{ballots}）。")
    known = {c.id for c in candidates}
    if set(votes) - known:
        raise TallyError("计票数据含有不在候选名单中的项目。")
    votes = {c.id: votes.get(c.id, 0) for c in candidates}
    for c in candidates:
        if not 0 <= votes[c.id] <= ballots:
            raise TallyError(f"{_name(c)}得票 {votes[c.id]} 张，与投票人数 {ballots} 不符。")
    if sum(votes.values()) > seats * ballots:
        raise TallyError(
            f"赞成票共 {sum(votes.values())} 张，多于 {ballots} 张选票最多可投的 {seats * ballots} 张。"
        )

    by_id = {c.id: c for c in candidates}
    ranked = sorted(candidates, key=lambda c: (-votes[c.id], c.order))
    passing = [c for c in ranked if votes[c.id] * 2 > present]
    lines = [
        f"应选 {seats} 项，候选 {len(candidates)} 项；实到代表 {present} 人，收回选票 {ballots} 张。",
        f"当选须获得超过实到代表半数的赞成票（多于 {present / 2:g} 票），并在过半数的项目中按得票排在前 {seats} 名。",
    ]
    if len(passing) <= seats:
        elected = [c.id for c in passing]
        tied = []
    else:
        boundary = votes[passing[seats - 1].id]
        if votes[passing[seats].id] == boundary:
            elected = [c.id for c in passing if votes[c.id] > boundary]
            tied = [c.id for c in passing if votes[c.id] == boundary]
        else:
            elected = [c.id for c in passing[:seats]]
            tied = []
    seats_left = seats - len(elected)

    if elected:
        lines.append(
            "当选："
            + "、".join(f"{_name(by_id[i])}（{votes[i]} 票）" for i in elected)
            + f"，共 {len(elected)} 项。"
        )
    else:
        lines.append("本轮没有项目当选。")
    if tied:
        second = tied
        lines.append(
            f"{'、'.join(_name(by_id[i]) for i in tied)}均得 {votes[tied[0]]} 票，并列争夺最后 {seats_left} 个名额，"
            "本轮均不当选，进入第二轮票决。"
        )
    elif seats_left:
        rest = [c for c in ranked if c.id not in elected]
        take = seats_left + 1
        if len(rest) > take:
            cutoff = votes[rest[take - 1].id]
            second = [c.id for c in rest if votes[c.id] >= cutoff]
        else:
            second = [c.id for c in rest]
        if len(passing) < seats:
            lines.append(f"过半数的项目只有 {len(passing)} 项，少于应选项目数。")
        if second:
            lines.append(
                f"剩余 {seats_left} 个名额，由得票较多的 {len(second)} 项进入第二轮票决："
                + "、".join(_name(by_id[i]) for i in second)
                + "。"
            )
        else:
            lines.append(f"剩余 {seats_left} 个名额，已无其他候选项目。")
    else:
        second = []
        lines.append("应选名额已全部产生，票决结束。")
    return TallyResult(
        seats=seats,
        present=present,
        ballots=ballots,
        votes=votes,
        elected=elected,
        second_round=second,
        seats_left=seats_left,
        lines=lines,
    )
