"""CSV roster validation and import (a service). CONTRACT, to be implemented.

``import_roster(data: bytes, *, dry_run=False, deactivate_missing=False)``
returns a ``RosterResult`` with ``problems`` (list of ``RosterProblem`` whose
``str()`` is ``"line N, column C: what is wrong"``) and the counts ``created``,
``updated``, ``unchanged``, ``deactivated``. With any problem nothing is written.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RosterProblem:
    line: int
    column: str
    message: str

    def __str__(self):
        return f"line {self.line}, column {self.column}: {self.message}"


@dataclass
class RosterResult:
    problems: list[RosterProblem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    dry_run: bool = False

    @property
    def ok(self):
        return not self.problems


def import_roster(data, *, dry_run=False, deactivate_missing=False):
    raise NotImplementedError
