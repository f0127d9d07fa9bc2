"""The claims of the source, registered in its order, each with its check and verdict."""

from collections.abc import Callable
from dataclasses import dataclass, field

from .readings import Reading, verdict_of


@dataclass
class Claim:
    id: str
    section: str
    quote: str  # the source's words (its LaTeX)
    short: str  # the claim in a few words, for the table
    correct: str  # the correct statement, with a link to its proof
    check: Callable[[], list[Reading]]
    readings: list[Reading] = field(default_factory=list)
    verdict: str = ""

    def run(self) -> "Claim":
        self.readings = self.check()
        self.verdict = verdict_of(self.readings)
        return self

    @property
    def found_by(self) -> str:
        """The kinds of check behind the verdict (every reading counts towards it)."""
        kinds = ", ".join(r.by for r in self.readings).split(", ")
        return ", ".join(dict.fromkeys(kinds))


CLAIMS: list[Claim] = []
_SECTION = [""]  # the section of the source the next claims belong to


def section(title: str) -> None:
    """The claims registered from now on belong to the section ``title`` of the source."""
    _SECTION[0] = title


def claim(
    quote: str, short: str, correct: str
) -> Callable[[Callable[[], list[Reading]]], Callable[[], list[Reading]]]:
    """Register the decorated check as the next claim of the source, in its order."""

    def register(check: Callable[[], list[Reading]]) -> Callable[[], list[Reading]]:
        CLAIMS.append(Claim(f"S{len(CLAIMS) + 1}", _SECTION[0], quote, short, correct, check))
        return check

    return register
