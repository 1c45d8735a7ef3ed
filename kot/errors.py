"""One exception family: what a user can fix (exit 1), a safety refusal (exit 3), and bad usage (exit 2)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from kot.values import record


@record(frozen=True, order=True)
class Problem:
    """One located problem in a data file, printed as `file:line:column: field: message`."""

    file: str
    line: int = 0
    column: int = 0
    field: str = ""
    message: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class KotError(Exception):
    """Something the user can fix: a bad file, a refused write. Exit 1."""

    exit_code = 1


class UsageError(KotError):
    """A bad value a person gave (an unknown goal id, say). Exit 2, click's convention.

    `option` names what was wrong in the core's words ("goal", "week"), never a flag: the CLI turns it into
    the flag the user actually typed, and a value that came from a file blames no flag at all."""

    exit_code = 2

    def __init__(self, message: str, option: str | None = None):
        super().__init__(message)
        self.option = option


class DataError(KotError):
    """Invalid data files: every problem found, sorted by file and line."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


_RULE_ID = re.compile(r"^[a-z]+(?:-[a-z]+)*(?::[a-z]+(?:-[a-z]+)*)?: ")


class PlanRefused(Exception):
    """The plan was refused for safety (red band or a red-flag symptom). Exit 3."""

    exit_code = 3

    def __init__(self, reasons: list[str], advice: str, heading: str = "Plan refused for safety."):
        super().__init__(reasons, advice, heading)
        self.reasons, self.advice, self.heading = reasons, advice, heading

    def __str__(self) -> str:
        return "; ".join(self.reasons)

    def plain_reasons(self) -> list[str]:
        """The reasons as a person reads them: without the rule id each starts with (`--format json` keeps it)."""
        return [_RULE_ID.sub("", reason, count=1) for reason in self.reasons]

    def data(self) -> dict[str, object]:
        """The refusal as the contract's JSON shape: status, reasons and advice."""
        return {"status": "refused", "reasons": list(self.reasons), "advice": self.advice}


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A ' (did you mean ...?)' suffix naming the closest choices, or '' when nothing is close."""
    import difflib  # only when something is misspelled

    close = difflib.get_close_matches(str(value), list(choices), n=3, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + " or ".join(f"'{c}'" for c in close) + "?)"
