"""Shared test set-up."""

from __future__ import annotations

import os

from hypothesis import settings

# Hypothesis: "ci" is derandomized (the same examples on every run and machine) and has no deadline (a slow CI machine
# is not a failure). It is the default; HYPOTHESIS_PROFILE=dev gives more, random examples when hunting for bugs.
settings.register_profile("ci", derandomize=True, deadline=None, max_examples=40, database=None, print_blob=True)
settings.register_profile("dev", deadline=None, max_examples=300)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
