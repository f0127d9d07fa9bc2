"""The environment is the pinned one: requirements.txt and constraints.txt agree with .venv."""

import importlib.metadata
import re

from ..helpers import ROOT


def pins(path):
    """``{normalised name: version}`` of the ``name==version`` lines of a requirements file."""
    found = {}
    for line in (ROOT / path).read_text().splitlines():
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==(\S+)", line.strip())
        if match:
            found[normalised(match[1])] = match[2]
    return found


def normalised(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_direct_dependency_is_pinned_alike_in_both_files():
    direct, everything = pins("requirements.txt"), pins("constraints.txt")
    assert direct, "requirements.txt pins nothing"
    different = {n: (v, everything.get(n)) for n, v in direct.items() if everything.get(n) != v}
    assert not different, f"requirements.txt and constraints.txt disagree: {different}"


def test_every_installed_package_is_the_pinned_version():
    everything = pins("constraints.txt")
    installed = {
        normalised(d.metadata["Name"]): d.version
        for d in importlib.metadata.distributions()
        if normalised(d.metadata["Name"]) not in {"netlib", "pip", "setuptools", "wheel"}
    }
    unpinned = sorted(set(installed) - set(everything))
    assert not unpinned, f"installed but not in constraints.txt: {unpinned}"
    different = {n: (v, everything[n]) for n, v in installed.items() if everything[n] != v}
    assert not different, f"installed versions differ from constraints.txt: {different}"
