"""From the calls of a learner's function to a :class:`Diagnosis`.

Each probe gives the function inputs whose right outputs are known. A quantity is wrong when
it differs on any probe; a catalogue entry is recognised when the learner's function does
what the entry's code does on every quantity that the entry gets wrong, probe by probe.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..mistakes import CHAPTERS, LABELS, Mistake
from ._calling import Call, assigned_name, call
from ._compare import close, loosely, problem, relations
from ._diagnosis import Diagnosis


@dataclass
class Probe:
    """One set of inputs, the right outputs for them, and a name a learner can read."""

    name: str
    args: tuple
    truth: dict[str, np.ndarray]
    m: int
    n: int = 0  # the rows of the output (n^[l] or n_y), where a mean over them is a mistake

    @property
    def size(self) -> int:
        """How many numbers the inputs hold: what running a function on them costs."""
        arrays = [v for a in self.args for v in (a.values() if isinstance(a, dict) else [a])]
        return sum(np.size(a) for a in arrays)


@dataclass
class Step:
    """What is diagnosed: a function's outputs, in the order they are judged."""

    title: str  # "linear_backward"
    arg_names: tuple[str, ...]
    quantities: tuple[str, ...]
    unpack: Callable[[object], dict | str]  # what fn returned -> {quantity: value} or a problem
    formula: Callable[[str], tuple[str, str]]  # quantity -> (the right code, equation label)
    scalars: frozenset = frozenset()
    # the kind named when nothing more precise is recognised: one for all, or per quantity
    family: str | Callable[[str], str] = "other"
    relate: Callable[[object], list[tuple[str, str]]] | None = None  # the step's own relations
    returns: str = ""  # what the function must return, said when it returns something else
    notes: list[str] = field(default_factory=list)  # said when ok (a convention recognised)


@dataclass
class Variant:
    """A catalogue entry's code, run on the probes one at a time, only when asked."""

    mistake: Mistake
    code: Callable
    step: Step
    probes: list[Probe]
    done: dict[int, dict | str | None] = field(default_factory=dict)

    def output(self, i: int) -> dict | str | None:
        """What the code returned on probe i: by quantity, a problem text, or None if it raised."""
        if i not in self.done:
            c = call(self.code, self.probes[i].args, self.step.arg_names)
            self.done[i] = None if c.error else self.step.unpack(c.value)
        return self.done[i]


def _outputs(step: Step, calls: list[Call]) -> list[dict | str | None]:
    """Per probe: the outputs by quantity, a problem text, or None when the call raised."""
    return [None if c.error else step.unpack(c.value) for c in calls]


def _wrong(step: Step, probes: list[Probe], outputs: list) -> dict[str, list[tuple[int, str]]]:
    """quantity -> [(probe index, what is wrong)], for every quantity wrong on some probe."""
    wrong: dict[str, list[tuple[int, str]]] = {}
    for q in step.quantities:
        for i, out in enumerate(outputs):
            if isinstance(out, dict):
                text = problem(out.get(q), probes[i].truth[q], q in step.scalars)
                if text:
                    wrong.setdefault(q, []).append((i, text))
    return wrong


def _same(step: Step, q: str, a: dict, b: dict) -> bool:
    got, want = loosely(a.get(q)), loosely(b.get(q))
    return got is not None and want is not None and close(got, want)


def _matches(step: Step, probes: list[Probe], learner: list, variant: Variant) -> frozenset | None:
    """The quantities the variant gets wrong, if the learner's outputs equal it on all of them.

    The small probes go first: most entries differ from the learner's function there, and the
    entry never runs on the large ones.
    """
    both = sorted(
        (i for i, out in enumerate(learner) if isinstance(out, dict)), key=lambda i: probes[i].size
    )
    wrong: set[str] = set()
    for i in both:
        out = variant.output(i)
        if not isinstance(out, dict):
            return None  # it raised (or broke) where the learner's function ran: not the same
        here = {
            q for q in step.quantities if problem(out.get(q), probes[i].truth[q], q in step.scalars)
        }
        if not all(_same(step, q, learner[i], out) for q in here):
            return None
        wrong |= here
    # a quantity the entry gets wrong on one probe must match the learner's on every probe
    if not all(_same(step, q, learner[i], variant.output(i)) for q in wrong for i in both):
        return None
    return frozenset(wrong) or None


def recognised(
    step: Step, probes: list[Probe], outputs: list, variants: list[Variant]
) -> list[tuple[Mistake, frozenset]]:
    """The entries whose behaviour the learner's function shows, with the quantities each
    explains; the most complete ones only.

    An entry whose wrong quantities are a strict subset of another recognised entry's is
    dropped: ``1/m twice`` also explains a db that looks like a mean.
    """
    found = []
    for variant in variants:
        wrong = _matches(step, probes, outputs, variant)
        if wrong:
            found.append((variant.mistake, wrong))
    return [(m, wrong) for m, wrong in found if not any(wrong < other for _, other in found)]


def _where(label: str) -> str:
    return f'equation ({label}) in "{CHAPTERS[LABELS[label]]}"'


def _unique(items) -> tuple:
    return tuple(dict.fromkeys(items))


def judge(
    step: Step,
    probes: list[Probe],
    calls: list[Call],
    variants: Callable[[], list[Variant]],
    extra: tuple[Mistake, ...] = (),
) -> Diagnosis:
    """The diagnosis of one function from its calls on ``probes``.

    ``variants`` runs the catalogue on the same probes; it is called only for a wrong function.
    """
    outputs = _outputs(step, calls)
    wrong = _wrong(step, probes, outputs)
    raised = [i for i, c in enumerate(calls) if c.error]
    broken = [(i, out) for i, out in enumerate(outputs) if isinstance(out, str)]
    if not (wrong or raised or broken or extra):
        names = ", ".join(step.quantities)
        text = (
            f"{step.title} is right: {names} equal the book's formulas on all "
            f"{len(probes)} probes ({'; '.join(p.name for p in probes)})."
        )
        return Diagnosis(True, None, (), " ".join([text, *step.notes]))
    found = recognised(step, probes, outputs, variants())
    mistakes = _unique([*extra, *(m for m, _ in found)])
    # an entry of the whole pass (the update order) explains every quantity it makes wrong
    covered = set(step.quantities) if extra else {q for _, qs in found for q in qs}
    unexplained = [q for q in step.quantities if q in wrong and q not in covered]
    quantity = _first_wrong(step, calls, wrong, broken)
    lines = [f"{step.title}: {quantity} is wrong."]
    lines += _what_happened(step, probes, calls, broken, raised)
    kinds: dict[str, list[str]] = {}  # quantity -> the kinds its relations name
    lines += _wrong_values(step, probes, outputs, wrong, kinds, unexplained)
    families = [m.family for m in mistakes] + [f for fs in kinds.values() for f in fs]
    lines += _recognised_lines(mistakes)
    if not mistakes or unexplained:
        first = unexplained[0] if unexplained else quantity
        code, label = step.formula(first)
        named = kinds.get(first) or _fallback_kinds(step, first, wrong, calls)
        families += named
        lines.append(f"Kind of mistake: {', '.join(_unique(named))}.")
        if broken and not wrong and step.returns:
            code = f"{step.returns}; {code}"
        lines.append(f"Fix: {code}.")
        lines.append(f"The book proves the right formula in {_where(label)}.")
    return Diagnosis(
        False, quantity, tuple(m.id for m in mistakes), "\n".join(lines), _unique(families)
    )


# What numpy says when shapes do not fit, and the kind of mistake that usually causes it.
_ERROR_KINDS = (
    (("matmul", "not aligned", "core dimension"), "transpose"),
    (("could not be broadcast",), "sum axis / keepdims"),
)


def _fallback_kinds(step: Step, q: str, wrong: dict, calls: list[Call]) -> list[str]:
    """The kind to name when no entry and no relation explains ``q``.

    A value of the wrong type is "other". A step that knows where its quantities usually go
    wrong (the mask between two layers of a backward pass) says so first; then numpy's
    errors; then the step's usual kind.
    """
    problem_text = wrong[q][0][1] if q in wrong else ""
    if problem_text and "shape" not in problem_text:  # None, a list, NaN: not a formula's kind
        return ["other"]
    if all(c.error and c.error.startswith("NotImplementedError") for c in calls):
        return ["other"]  # a stub not written yet: no formula to judge
    if callable(step.family):
        usual = step.family(q)
        return [usual] if usual != "other" else _error_kinds(calls) or ["other"]
    return _error_kinds(calls) or [step.family]


def _error_kinds(calls: list[Call]) -> list[str]:
    """The kinds of mistake the learner's numpy errors point to, if any."""
    errors = [c.error for c in calls if c.error]
    return [kind for words, kind in _ERROR_KINDS if any(w in e for w in words for e in errors)]


def _recognised_lines(mistakes: tuple[Mistake, ...]) -> list[str]:
    lines = []
    for mistake in mistakes:
        lines.append(
            f"Recognised: {mistake.title} [{mistake.id}], a mistake of the kind "
            f"'{mistake.family}': `{mistake.wrong_code}`."
        )
        lines.append(f"Fix: {mistake.fix}.")
        lines.append(f"The book proves the right formula in {mistake.where}.")
    return lines


def _first_wrong(step: Step, calls: list[Call], wrong: dict, broken: list) -> str:
    if wrong:
        return next(q for q in step.quantities if q in wrong)
    if not broken:  # it raised: the line it raised on, or one that called it, may name it
        for c in calls:
            for line in c.lines:
                name = assigned_name(line)
                name = {"dA": "dA_prev"}.get(name, name)
                if name in step.quantities:
                    return name
    return step.quantities[0]


def _what_happened(step, probes, calls, broken, raised) -> list[str]:
    lines = []
    if broken:
        i, text = broken[0]
        lines.append(f"On the probe {probes[i].name}, your function {text}.")
    if raised:
        i = raised[0]
        where = f" at the line `{calls[i].line.strip()}`" if calls[i].line else ""
        every = "every probe" if len(raised) == len(calls) else f"the probe {probes[i].name}"
        lines.append(f"On {every}, your function raised {calls[i].error}{where}.")
    return lines


def _wrong_values(step, probes, outputs, wrong, kinds, explain) -> list[str]:
    """What is wrong, quantity by quantity: the first in full, then those no entry explains
    (with how each relates to the right value); the rest in one line."""
    lines, also = [], []
    for k, (q, where) in enumerate(wrong.items()):
        i, text = where[0]
        value, probe = outputs[i].get(q), probes[i]
        found = relations(value, probe.truth[q], probe.m, q in step.scalars, probe.n)
        found += step.relate(value) if step.relate else []
        kinds[q] = [family for _, family in found]
        if k and q not in explain:
            also.append(q)
            continue
        line = f"{q} {text} (probe: {probe.name})"
        wrong_on = {j for j, _ in where}
        right_on = [
            p.name
            for j, p in enumerate(probes)
            if isinstance(outputs[j], dict) and j not in wrong_on
        ]
        if right_on:
            line += f"; it is right on the probes {'; '.join(right_on)}"
        if found and q in explain:
            line += ": " + "; ".join(how for how, _ in found)
        lines.append(line + ".")
    if also:
        lines.append(f"Also wrong: {', '.join(also)}.")
    return lines
