"""The facts a monthly bulletin is written from (`rules.compose`): one line per project, the open
problems, the units' reporting, as plain frozen data gathered by `queries.gather`."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class ProjectLine:
    seq: str
    name: str
    lead: str  # the lead units, joined with 、
    colour: str
    progress: float  # 0–1
    expected: float  # 0–1
    gap: float  # points behind pace; negative when ahead
    finished: bool = False
    reasons: tuple[str, ...] = ()
    lag_reason: str = ""  # the unit's own reason, from its latest approved monthly report
    named: bool = False  # the office confirmed naming it in the bulletin (still behind after Q3)
    interviewed: bool = False  # its unit summoned for 约谈 this month (behind two month ends in a row)
    previous_colour: str = ""  # its colour at the month end before ("" in the plan's first month)


@dataclass(frozen=True)
class ProblemLine:
    project: str  # the project's name
    description: str
    unit: str
    deadline: datetime.date | None
    state: str  # 待整改 / 整改中


@dataclass(frozen=True)
class UnitReporting:
    unit: str
    expected: int
    received: int
    on_time: int

    @property
    def timeliness(self) -> float:
        return self.on_time / self.expected if self.expected else 1.0

    @property
    def completeness(self) -> float:
        return self.received / self.expected if self.expected else 1.0


@dataclass(frozen=True)
class BulletinFacts:
    region: str
    year: int
    month: str  # "2024-06"
    as_of: datetime.date
    issuer: str
    projects: tuple[ProjectLine, ...]
    problems: tuple[ProblemLine, ...] = ()
    reporting: tuple[UnitReporting, ...] = ()
    next_report_due: datetime.datetime | None = None  # the next monthly report's due moment
