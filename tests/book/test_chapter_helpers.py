"""The comparison helpers the derivation chapters print (book/chapter_helpers)."""

import numpy as np
import pytest
import sympy as sp

from chapter_helpers import compare, compare_general, difference, rounded
from netlib import symbolic as sym


def three_values(relative_offset: float = 0.0):
    """The same (2, 3) matrix from netlib, from SymPy (offset) and from central differences."""
    value = np.arange(1.0, 7.0).reshape(2, 3)
    return value, value * (1 + relative_offset), value * (1 + 1e-10)


def test_compare_prints_the_bounds_it_asserted(capsys):
    compare("dW2", *three_values())
    assert capsys.readouterr().out == (
        "dW2  (2, 3)  relative error to SymPy < 1e-13, to central differences < 1e-8\n"
    )


def test_compare_general_prints_its_own_bounds(capsys):
    compare_general("dW4", *three_values())
    assert capsys.readouterr().out == (
        " dW4 (2, 3): vs SymPy < 1e-12, vs central differences < 1e-7\n"
    )


def test_compare_fails_when_netlib_and_sympy_disagree_beyond_round_off():
    with pytest.raises(AssertionError):
        compare("dW2", *three_values(relative_offset=5e-13))
    compare_general("dW2", *three_values(relative_offset=5e-13))  # its bound is looser
    with pytest.raises(AssertionError):
        compare_general("dW2", *three_values(relative_offset=5e-12))


def test_compare_fails_on_a_wrong_central_difference_or_shape():
    value, same, _ = three_values()
    with pytest.raises(AssertionError):
        compare("dW2", value, same, value * 1.01)
    with pytest.raises(AssertionError):
        compare("dW2", value, same.T.T.reshape(3, 2), value)


def test_difference_is_zero_for_any_mask_only_when_the_formula_is_right():
    z, u = sp.symbols("z u", real=True)
    derived = sp.Matrix([[sp.diff(sym.relu(z), z) * u]])  # the chain rule through a ReLU
    right = sp.Matrix([[u * sym.relu_derivative(z)]])
    wrong = sp.Matrix([[u]])  # the mask forgotten
    assert difference(right, derived) == sp.zeros(1, 1)
    assert difference(wrong, derived) != sp.zeros(1, 1)


def test_rounded_gives_two_significant_digits():
    assert rounded(0.0012345) == "0.0012"
    assert rounded(-37.2) == "-37"
    assert rounded(1.0) == "1"


def test_rounded_refuses_a_value_on_a_rounding_boundary():
    with pytest.raises(AssertionError):
        rounded(0.125)


def test_any_depth_network_is_reproducible_and_random_in_every_parameter():
    from chapter_helpers import any_depth_network

    (net, X, rng), (net2, X2, rng2) = any_depth_network(), any_depth_network("identity")
    assert list(net.layer_sizes) == [2, 3, 2, 2, 3] and net2.output == "identity"
    for name, P in net.params.items():
        np.testing.assert_array_equal(P, net2.params[name])
        assert (P != 0).all()
    np.testing.assert_array_equal(X, X2)
    assert rng.standard_normal() == rng2.standard_normal()


def test_input_switching_off_layer_1():
    from chapter_helpers import input_switching_off_layer_1

    W1 = np.random.default_rng(1).standard_normal((5, 4))
    x = input_switching_off_layer_1(W1)
    assert x.shape == (4, 1) and (W1 @ x <= 0).all()
    with pytest.raises(ValueError, match="switches every unit"):
        input_switching_off_layer_1(np.vstack([W1, -W1]), tries=50)


def test_reading_time_counts_text_and_code_cells():
    from chapter_helpers.reading_time import (
        MINUTES_PER_CELL,
        WORDS_PER_MINUTE,
        count_words,
        markdown_page,
        notebook_page,
    )

    assert count_words("one two\n```python\nx = 1 + 2\n```\nthree") == 3  # code is not text
    assert count_words("```{glossary}\nterm\n  its meaning\n```") == 5  # a directive is text
    md = markdown_page("book/x", "a b c\n```bash\nmake book\n```\n")
    assert (md.words, md.code_cells) == (3, 1)
    nb = {
        "cells": [
            {"cell_type": "markdown", "source": ["# Title\n", "two words"]},
            {
                "cell_type": "code",
                "source": ["show()"],
                "outputs": [{"output_type": "display_data", "data": {"text/markdown": "a b c"}}],
            },
        ]
    }
    page = notebook_page("book/y", nb)
    assert (page.words, page.code_cells) == (7, 1)
    assert page.minutes == pytest.approx(7 / WORDS_PER_MINUTE + MINUTES_PER_CELL)


def test_reading_time_finds_every_page_of_the_table_of_contents():
    from chapter_helpers.reading_time import page, toc_docs

    docs = toc_docs()
    assert docs[0] == ("", "book/intro") and ("Start here", "book/how-to-use") in docs
    assert all(page(doc).words > 0 for _, doc in docs)


def test_the_reading_paths_state_the_counted_minutes():
    # Every "{doc}`page` ... | N |" row and "{doc}`page` (N" mention of how-to-use.md gives the
    # page's counted minutes, and each path's total is the sum of its pages.
    import re

    from chapter_helpers.reading_time import page, toc_docs

    from ..helpers import ROOT

    text = (ROOT / "book" / "how-to-use.md").read_text()
    rows = re.findall(r"^\| \d+ \| \{doc\}`([^`]+)` \|[^\n]*\| (\d+) \|$", text, re.M)
    mentions = re.findall(r"\{doc\}`([^`<]+)` \((\d+)", text)
    assert len(rows) >= 10 and len(mentions) >= 10
    for doc, minutes in rows + mentions:
        counted = round(page(f"book/{doc}").minutes)
        assert counted == int(minutes), (
            f"how-to-use.md says {minutes} minutes for {doc}, the count is {counted}: update the "
            "reading paths (python -m chapter_helpers.reading_time prints every page)"
        )

    def stated_total(path_name):
        hours, minutes = re.search(
            rf"\*\*The {path_name} path\*\*, about (\d+) hours (\d+) minutes", text
        ).groups()
        return 60 * int(hours) + int(minutes)

    short = sum(int(m) for _, m in rows)
    assert abs(stated_total("short") - short) <= 10
    full = short + sum(int(m) for doc, m in mentions if not doc.startswith("source-audit"))
    full -= int(dict(mentions)["performance"])
    exercises = [d for _, d in toc_docs() if d.startswith("book/exercises/")]
    together = sum(round(page(d).minutes) for d in exercises)
    assert f"exercises ({together} together)" in " ".join(text.split())
    full += together
    assert abs(stated_total("full") - full) <= 10
