"""Shared test set-up."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# Hypothesis: "ci" is derandomized (the same examples on every run and machine) and has no deadline (a slow CI machine
# is not a failure). It is the default; HYPOTHESIS_PROFILE=dev gives more, random examples when hunting for bugs.
settings.register_profile(
    "ci", derandomize=True, deadline=None, max_examples=40, database=None, print_blob=True
)
settings.register_profile("dev", deadline=None, max_examples=300)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# `make soak` runs `pytest -m soak --run-soak`; without --run-soak, tests marked soak are skipped (they take minutes).
def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-soak", action="store_true", default=False, help="run the long tests marked soak")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-soak"):
        return
    skip = pytest.mark.skip(reason="long run: only with --run-soak (make soak)")
    for item in items:
        if "soak" in item.keywords:
            item.add_marker(skip)


from .fixtures import fixture_pack  # noqa: E402, F401  (the fixture pack, for every test module)
