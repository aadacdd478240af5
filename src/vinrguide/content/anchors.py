"""Section anchors: a heading folded to ASCII, lower case, runs of anything else as one hyphen ("Gör inte" → gor-inte)."""

from __future__ import annotations

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold_ascii(text: str) -> str:
    """Drop diacritics: "Gör" → "Gor"; "ß" and other letters without an ASCII base are dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii")


_SEPARATORS = re.compile(r"[\W_]+")  # Unicode-aware: en dashes and other punctuation separate words too


def anchor_of(heading: str) -> str:
    spaced = _SEPARATORS.sub("-", heading.lower())
    return _NOT_ALNUM.sub("-", fold_ascii(spaced)).strip("-")


def split_ref(ref: str) -> tuple[str, str]:
    """ "routine:agera-vid-misstanke#gor-inte" or "agera-vid-misstanke#gor-inte" → (routine id, anchor or "")."""
    ref = ref.removeprefix("routine:")
    routine_id, _, anchor = ref.partition("#")
    return routine_id, anchor
