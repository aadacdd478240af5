"""A content pack many times the shipped one, for benchmarks and soak tests (valid for `vinrguide check`).

    from bench.synthetic_pack import synthetic_pack, write_synthetic_pack

    with synthetic_pack(100) as root:        # a temporary directory, removed afterwards
        pack = load_pack(root)

Copy k (1 … factor-1) of every routine, flow, unit and term gets the id suffix "-k", and every reference inside it
(links, outcome routines and referrals, after_hours, term refs) points into the same copy. Each copied routine also
gets a section "Anteckningar k" of pseudo-words, so the vocabulary grows with the pack as it would with real text.
Term phrases get " kopia k" so that no phrase leads two ways (VG207). facts.toml, legal.toml, fritext.toml and the
scenarios are shipped once.
"""

from __future__ import annotations

import random
import re
import shutil
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
_SYLLABLES = (
    "ba",
    "ko",
    "ri",
    "sta",
    "mel",
    "von",
    "dra",
    "lik",
    "fe",
    "nor",
    "gu",
    "tem",
    "ska",
    "by",
    "lä",
    "ör",
)


def write_synthetic_pack(dest: Path, factor: int = 100, source: Path = ROOT) -> Path:
    """Write a pack `factor` times the one in `source` to `dest` (created); return `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    for folder in ("routines", "flows", "scenarios"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, dest / folder, dirs_exist_ok=True)
    routines = sorted((source / "routines").glob("*.md"))
    flows = sorted(p for p in (source / "flows").glob("*.toml") if p.name != "facts.toml")
    routine_ids = [_front_matter_id(p.read_text(encoding="utf-8")) for p in routines]
    units = tomllib.loads((source / "routines" / "units.toml").read_text(encoding="utf-8"))["unit"]
    terms_file = source / "routines" / "terms.toml"
    terms = (
        tomllib.loads(terms_file.read_text(encoding="utf-8")).get("term", []) if terms_file.exists() else []
    )
    all_units: list[dict[str, Any]] = list(units)
    all_terms: list[dict[str, Any]] = list(terms)
    for k in range(1, factor):
        suffix = f"-{k}"
        for path, routine_id in zip(routines, routine_ids, strict=True):
            text = _relink(path.read_text(encoding="utf-8"), suffix)
            text = text.replace(f'id = "{routine_id}"', f'id = "{routine_id}{suffix}"', 1)
            text = text.rstrip("\n") + f"\n\n## Anteckningar {k}\n\n{_pseudo_text(k)}\n"
            (dest / "routines" / f"{routine_id}{suffix}.md").write_text(text, encoding="utf-8")
        for path in flows:
            text = path.read_text(encoding="utf-8")
            flow_id = tomllib.loads(text)["id"]
            text = re.sub(
                r'^id = "([a-z0-9-]+)"',
                lambda m, s=suffix: f'id = "{m.group(1)}{s}"',
                text,
                count=1,
                flags=re.M,
            )
            text = re.sub(
                r'"([a-z0-9-]+)#([a-z0-9-]+)"', lambda m, s=suffix: f'"{m.group(1)}{s}#{m.group(2)}"', text
            )
            text = re.sub(r'unit = "([a-z0-9-]+)"', lambda m, s=suffix: f'unit = "{m.group(1)}{s}"', text)
            (dest / "flows" / f"{flow_id}{suffix}.toml").write_text(text, encoding="utf-8")
        for unit in units:
            copy = dict(unit, id=unit["id"] + suffix)
            if unit.get("after_hours"):
                copy["after_hours"] = unit["after_hours"] + suffix
            all_units.append(copy)
        for term in terms:
            kind, _, target = term["ref"].partition(":")
            head, hash_, anchor = target.partition("#")
            copy = dict(term, id=term["id"] + suffix, ref=f"{kind}:{head}{suffix}{hash_}{anchor}")
            copy["term"] = f"{term['term']} kopia {k}"
            for field in ("synonyms", "triggers"):
                if field in term:
                    copy[field] = [f"{phrase} kopia {k}" for phrase in term[field]]
            all_terms.append(copy)
    (dest / "routines" / "units.toml").write_text(_tables("unit", all_units), encoding="utf-8")
    if terms:
        (dest / "routines" / "terms.toml").write_text(_tables("term", all_terms), encoding="utf-8")
    return dest


@contextmanager
def synthetic_pack(factor: int = 100, source: Path = ROOT) -> Iterator[Path]:
    """A synthetic pack in a temporary directory, removed when the block ends."""
    with tempfile.TemporaryDirectory(prefix="vinrguide-pack-") as tmp:
        yield write_synthetic_pack(Path(tmp) / "pack", factor, source)


def _front_matter_id(text: str) -> str:
    match = re.search(r'^id = "([a-z0-9-]+)"', text, re.M)
    if not match:
        raise ValueError("routine without an id in its front matter")
    return match.group(1)


def _relink(text: str, suffix: str) -> str:
    text = re.sub(r"\]\(routine:([a-z0-9-]+)", lambda m: f"](routine:{m.group(1)}{suffix}", text)
    return re.sub(r"\]\(unit:([a-z0-9-]+)\)", lambda m: f"](unit:{m.group(1)}{suffix})", text)


def _pseudo_text(seed: int, count: int = 40) -> str:
    rng = random.Random(seed)
    words = ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(count)]
    return " ".join(words).capitalize() + "."


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _tables(name: str, rows: list[dict[str, Any]]) -> str:
    return "\n".join(f"[[{name}]]\n" + "".join(f"{k} = {_toml(v)}\n" for k, v in row.items()) for row in rows)


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="vinrguide-pack-"))
    print(write_synthetic_pack(target, int(sys.argv[2]) if len(sys.argv) > 2 else 100))
