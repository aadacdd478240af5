"""The one text fold every surface compares with: lower case, diacritics dropped ("Våld i nära" → "vald i nara").

Search, free-text reading, the command palette and the directory filter all call `fold`, so a word typed with or
without å/ä/ö, in capitals or not, means the same everywhere. Letters with no ASCII base keep their lower-case form
(an Arabic or Cyrillic name stays searchable as typed); a few Nordic and German letters get their usual spelling
(ß → ss, æ → ae, ø → o). Section anchors (content/anchors.py) are slugs, not this: they drop such letters.

`fold_map` also says which character of the original each folded character came from, so that a phrase found in
folded text can be quoted as the user wrote it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_SPELLED = {"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    out = []
    for lower in char.lower():
        spelled = _SPELLED.get(lower)
        if spelled is not None:
            out.append(spelled)
            continue
        decomposed = unicodedata.normalize("NFKD", lower)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        out.append(base.lower() if base or unicodedata.combining(lower) else lower)
    return "".join(out)


def fold(text: str) -> str:
    """Lower case with diacritics dropped: "Gör inte" → "gor inte", "FÖRÄLDRAR" → "foraldrar"."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(c) for c in text)


def fold_map(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index in `text` of the character it came from."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    out: list[str] = []
    where: list[int] = []
    for i, char in enumerate(text):
        folded = _fold_char(char)
        out.append(folded)
        where.extend([i] * len(folded))
    return "".join(out), where
