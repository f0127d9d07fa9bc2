"""The audit of the source (book/source_audit): its verdict rule, its checks, every claim."""

import subprocess
import sys

import numpy as np
import pytest

import source_audit
from source_audit import CLAIMS, VERDICTS, Claim, Reading, verdict_of
from source_audit.derivative_readings import jacobian_tensor
from source_audit.point import TRUE, cache
from source_audit.products import entrywise, matmul, star_readings
from source_audit.readings import AGREES, DISAGREES, ILL_FORMED, compare
from source_audit.render import (
    PAGE_OF,
    PAGES,
    balanced,
    ids_by_verdict,
    md,
    page_claims,
    proofs,
    unbalanced,
    verdict_table,
)

from ..helpers import ROOT

dW3, delta3, A2 = TRUE["dW3"], TRUE["dZ3"], cache["A2"]


def reading(outcome: str) -> Reading:
    return Reading("a reading", outcome, "evidence", "numbers")


@pytest.mark.parametrize(
    "outcomes, verdict",
    [
        ((AGREES,), "correct"),
        ((AGREES, AGREES), "correct"),
        ((AGREES, DISAGREES), "ambiguous"),
        ((ILL_FORMED, AGREES), "imprecise"),
        ((ILL_FORMED, AGREES, DISAGREES), "ambiguous"),
        ((DISAGREES, AGREES), "ambiguous"),
        ((DISAGREES,), "wrong"),
        ((ILL_FORMED, DISAGREES, ILL_FORMED), "wrong"),
    ],
)
def test_the_verdict_follows_from_the_readings(outcomes, verdict):
    assert verdict_of([reading(o) for o in outcomes]) == verdict


def test_the_correct_formula_agrees_with_central_differences():
    r = compare("dW3 = delta3 A2^T", lambda: delta3 @ A2.T, dW3)
    assert r.outcome == AGREES and r.error < 1e-7


def test_a_wrong_sign_disagrees_and_is_named():
    r = compare("dW3 = -delta3 A2^T", lambda: -delta3 @ A2.T, dW3)
    assert r.outcome == DISAGREES
    assert r.evidence.endswith("it is exactly minus the right value")


def test_a_missing_transpose_is_ill_formed():
    r = compare("dW3 = delta3 A2", lambda: matmul(delta3, A2), dW3)
    assert r.outcome == ILL_FORMED and "is not defined" in r.evidence
    r = compare("dW3 = A2^T", lambda: A2.T, dW3)
    assert r.outcome == ILL_FORMED and r.evidence.startswith("has shape (6, 3)")


def test_a_borderline_error_stops_the_check():
    with pytest.raises(AssertionError):
        compare("almost", lambda: dW3 * (1 + 1e-5), dW3)


def test_the_products_refuse_what_they_do_not_define():
    with pytest.raises(ValueError, match=r"matrix product \(5, 6\) times \(3, 6\)"):
        matmul(delta3, A2)
    with pytest.raises(ValueError, match="entrywise product"):
        entrywise(delta3, A2)
    outcomes = [r.outcome for r in star_readings([delta3, A2], dW3)]
    assert outcomes == [ILL_FORMED, ILL_FORMED]


def test_jacobian_tensor_never_perturbs_the_point():
    Z1 = cache["Z1"]
    saved = Z1.copy()
    T = jacobian_tensor(lambda Z: 2 * Z, Z1)
    assert T.shape == Z1.shape * 2
    np.testing.assert_array_equal(Z1, saved)


def test_a_claim_with_a_deliberately_wrong_formula_is_judged_wrong():
    wrong = Claim(
        "S0",
        "test",
        "dW = delta A",
        "dW = delta A",
        "delta A^T",
        lambda: [
            compare("as written", lambda: 2 * delta3 @ A2.T, dW3),
        ],
    ).run()
    assert wrong.verdict == "wrong" and wrong.found_by == "central differences"


@pytest.fixture(scope="module")
def judged():
    return [c.run() for c in CLAIMS]


def test_every_claim_of_the_source_gets_its_verdict(judged):
    assert [c.id for c in judged] == [f"S{i}" for i in range(1, 82)]
    sections = list(dict.fromkeys(c.section for c in judged))
    assert sections[0] == "Notations" and sections[-1] == "Generalization"  # the source's order
    assert len(sections) == 11
    counts = {v: sum(c.verdict == v for c in judged) for v in VERDICTS}
    assert counts == {"correct": 35, "imprecise": 19, "ambiguous": 5, "wrong": 22}


def test_the_known_errors_of_the_source_are_found(judged):
    by_short = {c.short: c for c in judged}
    sign = by_short[r"$\boldsymbol{\delta}^{[3]} = -\frac{1}{m}(\hat{\mathbf{Y}} - \mathbf{Y})$"]
    assert sign.verdict == "wrong"
    assert abs(sign.readings[1].error - 1) < 1e-9  # exactly minus the derivative
    update_first = [c for c in judged if "passed back after" in c.short]
    assert len(update_first) == 2 and all(c.verdict == "wrong" for c in update_first)


def test_the_pages_are_generated_from_the_results(judged):
    assert unbalanced(judged) == []
    assert not balanced(r"$\frac{1}{m$") and not balanced("$x")
    table = verdict_table(judged)
    assert table.count("\n| S") == 81
    assert md("dJ/dW^[3] = W^[3]^T delta^[3]") == (
        r"$\partial J / \partial W^{[3]}$ = $W^{[3]\top}$ $\delta^{[3]}$"
    )
    assert proofs(r"see {eq}`eq-dW3`") == r"{doc}`output-layer` {eq}`eq-dW3`"


def test_every_section_is_on_one_page_in_the_sources_order(judged):
    sections = list(dict.fromkeys(c.section for c in judged))
    assert [s for page in PAGES.values() for s in page] == sections
    assert all((ROOT / "book" / f"{page}.ipynb").is_file() for page in PAGES)
    table = verdict_table(judged, PAGE_OF)
    for page in PAGES:
        assert f"{{doc}}`its claims <{page}>`" in table


def test_a_page_runs_its_own_claims_and_groups_them_by_verdict():
    claims = page_claims("source-audit-output-layer")
    assert [c.id for c in claims] == [f"S{i}" for i in range(40, 51)]
    assert all(c.verdict for c in claims)
    groups = ids_by_verdict(claims)
    assert sorted(" ".join(groups.values()).split()) == sorted(c.id for c in claims)
    assert list(groups) == [v for v in VERDICTS if v in groups]


def test_the_packages_import_from_any_directory(tmp_path):
    code = "import source_audit, chapter_helpers, netlib; print(len(source_audit.CLAIMS))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "81"
    assert "source_audit" not in dir(__import__("netlib"))
    assert source_audit.__file__.endswith("book/source_audit/__init__.py")


def test_a_long_chain_is_quoted_on_aligned_lines_with_the_same_tex():
    from source_audit.render import LONG_CHAIN, quoted, top_level_equals

    assert top_level_equals(r"a = \left( b = c \right) = \frac{x}{y = z}") == [2, 25]
    short = r"$\frac{\partial J}{\partial b} = \dots = \delta$"
    assert quoted(short) == f"> {short}"
    long = "$" + " = ".join(["x" * (LONG_CHAIN // 3)] * 3) + "$"
    lines = quoted(long)
    assert lines.startswith(r"> $$\begin{aligned}") and lines.count("&=") == 2
    # The same TeX, only broken into lines and aligned.
    same = f"> $$\\begin{{aligned}} {long[1:-1]} \\end{{aligned}}$$"
    assert lines.replace(r"\\", "").replace("&", "").split() == same.split()
    assert quoted("not a formula = at all = here") == "> not a formula = at all = here"
