"""The fixture pack (tests/fixturepack/): a small made-up pack for engine, UI and snapshot tests.

"Provkommun", two small flows (`enkel`, and `sammanfaller` whose branches merge again), role variants, actions tied
to office hours, more than five actions and don'ts in one outcome, a `{tel:…}` reference, units with hours,
always_open, after_hours and acute_help, a routine with sections, practice scenarios with a vignette, terms and
fritext. It passes `vinrguide check` with no errors, so a test on it fails only when the code changes, not when the
shipped content's wording does. Tests that change it work on a copy (`copy_fixture_pack`).
"""

from __future__ import annotations

import shutil
from functools import lru_cache
from pathlib import Path

import pytest

from vinrguide.content.pack import ContentPack, load_pack

FIXTURE_PACK = Path(__file__).resolve().parent / "fixturepack"


@lru_cache(maxsize=1)
def load_fixture_pack() -> ContentPack:
    return load_pack(FIXTURE_PACK)


def copy_fixture_pack(dest: Path) -> Path:
    """A copy of the fixture pack in `dest/pack`, to change without touching the original."""
    return Path(shutil.copytree(FIXTURE_PACK, dest / "pack"))


@pytest.fixture
def fixture_pack() -> ContentPack:
    """The fixture pack, loaded once per test process (its models are frozen: tests cannot change it)."""
    return load_fixture_pack()
