"""The catalogue of mistakes: well formed, every label a real equation, every entry runnable."""

import json
import re

import pytest

import netlib as nl
from netlib import mistakes

from ..helpers import ROOT

IDS = [m.id for m in mistakes.CATALOGUE]


def book_labels() -> dict[str, str]:
    """Every numbered equation's label -> the notebook that defines it."""
    found = {}
    for path in (ROOT / "book").glob("*.ipynb"):
        text = "".join("".join(cell["source"]) for cell in json.loads(path.read_text())["cells"])
        for label in re.findall(r"label: (eq-[\w-]+)", text):
            found[label] = path.stem
    return found


def test_ids_are_unique_and_stable_looking():
    assert len(IDS) == len(set(IDS))
    assert all(re.fullmatch(r"[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*", i) for i in IDS)


@pytest.mark.parametrize("mistake", mistakes.CATALOGUE, ids=IDS)
def test_entry_is_well_formed(mistake):
    assert mistake.step in mistakes.STEPS
    assert mistake.family in mistakes.FAMILIES
    assert callable(mistake.code)
    assert mistake.title and mistake.wrong_latex and mistake.wrong_code and mistake.fix
    assert hasattr(nl.diagnose, mistake.step)
    assert mistake.where.startswith(f"equation ({mistake.label})")


def test_every_label_is_an_equation_of_the_book_in_the_document_named():
    labels = book_labels()
    for label, document in mistakes.LABELS.items():
        assert labels.get(label) == document, label
    assert set(mistakes.LABELS.values()) <= set(mistakes.CHAPTERS)


def test_the_catalogue_covers_every_family_and_step():
    assert {m.family for m in mistakes.CATALOGUE} == set(mistakes.FAMILIES)
    assert {m.step for m in mistakes.CATALOGUE} == set(mistakes.STEPS)


def test_the_chapter_mistakes_are_in_the_catalogue():
    # The variants the common-mistakes chapter runs, by the ids that replace them.
    chapter = {
        "dW-missing-transpose",
        "dA-prev-missing-transpose",
        "db-not-summed",
        "db-sum-over-everything",
        "1-over-m-twice",
        "db-mean",
        "dZ-missing-1-over-m",
        "delta3-sign",
        "softmax-derivative-again",
        "softmax-jacobian-diagonal",
        "softmax-jacobian-index",
        "dJ-dA-summed-over-examples",
        "relu-mask-from-layer-above",
        "relu-mask-forgotten",
        "relu-derivative-at-0",
        "softmax-batch-max",
        "softmax-unstable",
        "cross-entropy-log-of-softmax",
        "update-before-propagate",
    }
    assert chapter <= set(IDS)


def test_by_id_and_for_step():
    assert mistakes.BY_ID["dW-transposed"].step == "linear_backward"
    assert [m.step for m in mistakes.for_step("relu_backward")] == ["relu_backward"] * len(
        mistakes.for_step("relu_backward")
    )
