"""A content pack many times the shipped one, for benchmarks and soak tests (valid for `vinrguide check`).

    from bench.synthetic_pack import synthetic_pack, write_synthetic_pack

    with synthetic_pack(100) as root:        # a temporary directory, removed afterwards
        pack = load_pack(root)

Copy k (1 … factor-1) of every routine, flow, unit and term gets the id suffix "-k", and every reference inside it
(links, outcome routines and referrals, after_hours, term refs) points into the same copy. Each copied routine also
gets a section "Anteckningar k" of pseudo-words, so the vocabulary grows with the pack as it would with real text.
Term phrases get " kopia k" so that no phrase leads two ways (VG207). facts.toml, legal.toml, fritext.toml and the
scenarios are shipped once.

`write_deep_flows(dest)` adds three flows whose shape, not size, is hard (issue 15, point 6): `sammanflode`, 51 nodes
whose branches split and merge again 16 times (65,536 paths); `hoppa`, 30 questions that each lead to the next or
skip one (1.3 million paths); `kedja`, a chain of 1,200 questions. Their facts (`djup-1` …) are added to facts.toml.
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
    if factor > 1:
        # Each copy's reports go to its own copy of the children's unit, so every copy is marked as receiving them
        # (an unmarked pack has only `barn-och-unga`, and the copies would break the safety rule VG401).
        units = [
            dict(u, child_reports=True) if u.get("child_reports") or u["id"] == "barn-och-unga" else u
            for u in units
        ]
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
def synthetic_pack(
    factor: int = 100, source: Path = ROOT, deep: bool = False, deep_scale: float = 1.0
) -> Iterator[Path]:
    """A synthetic pack in a temporary directory, removed when the block ends; with `deep`, the deep flows too."""
    with tempfile.TemporaryDirectory(prefix="vinrguide-pack-") as tmp:
        root = write_synthetic_pack(Path(tmp) / "pack", factor, source)
        if deep:
            write_deep_flows(root, deep_scale)
        yield root


DEEP_FLOWS = ("sammanflode", "hoppa", "kedja")
CHAIN_LENGTH = 1200
SKIP_QUESTIONS = 30
MERGE_LEVELS = 16


def write_deep_flows(dest: Path, scale: float = 1.0) -> Path:
    """Add the flows `sammanflode`, `hoppa` and `kedja` (and their facts) to the pack in `dest`; return `dest`.

    `scale` multiplies each flow's length (levels, questions, chain), for measuring how the cost grows.
    """
    outcome = _borrowed_outcome(dest)
    questions: dict[str, dict[str, list[tuple[str, str]]]] = {
        "sammanflode": _merging(round(MERGE_LEVELS * scale)),
        "hoppa": _skipping(round(SKIP_QUESTIONS * scale)),
        "kedja": _chain(round(CHAIN_LENGTH * scale)),
    }
    facts_used = 0
    levels = round(MERGE_LEVELS * scale)
    for flow_id, nodes in questions.items():
        lines = [
            f'id = "{flow_id}"',
            f'title = "Djup guide {flow_id}"',
            'description = "Syntetisk guide för mätningar."',
            'start = "akut"',
            "",
            "[nodes.akut]",
            'kind = "question"',
            'fact = "akut"',
            'text = "Är någon i fara just nu?"',
            'why = "Vid akut fara ringer du 112."',
            'options = [ { value = "ja", next = "ut-akut" }, { value = "nej", next = "q1" } ]',
        ]
        for number, (node_id, options) in enumerate(nodes.items(), 1):
            fact_number = _fact_number(node_id, levels)
            fact = f"djup-{fact_number}"
            facts_used = max(facts_used, fact_number)
            choices = ", ".join(f'{{ value = "{value}", next = "{target}" }}' for value, target in options)
            lines += [
                "",
                f"[nodes.{node_id}]",
                'kind = "question"',
                f'fact = "{fact}"',
                f'text = "Fråga {number} i {flow_id}?"',
                'why = "För mätningen."',
                f"options = [ {choices} ]",
            ]
        for node_id, acute in (("ut-akut", True), ("ut-slut", False)):
            lines += ["", f"[nodes.{node_id}]", 'kind = "outcome"']
            lines += ["acute = true", 'urgency = "akut"'] if acute else ['urgency = "info"']
            lines.append(f'title = "{"Ring 112 nu" if acute else "Slut på guiden"}"')
            lines += [f"{key} = {_toml(value)}" for key, value in outcome.items()]
        (dest / "flows" / f"{flow_id}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    facts = [
        {"id": f"djup-{n}", "label": f"Steg {n}", "values": [_value("ja", "Ja"), _value("nej", "Nej")]}
        for n in range(1, facts_used + 1)
    ]
    with (dest / "flows" / "facts.toml").open("a", encoding="utf-8") as out:
        out.write("\n" + _tables("fact", facts))
    return dest


def _value(value: str, label: str) -> dict[str, str]:
    return {"value": value, "label": label}


def _fact_number(node_id: str, levels: int) -> int:
    """q7 asks djup-7; the merging flow's a7/b7 (on different paths) share djup-(levels + 7)."""
    number = int(node_id[1:])
    return number if node_id.startswith("q") else levels + number


def _merging(levels: int) -> dict[str, list[tuple[str, str]]]:
    """q1 splits to a1/b1, both lead to q2, … : 3 × levels questions, 2 ** levels paths."""
    nodes: dict[str, list[tuple[str, str]]] = {}
    for i in range(1, levels + 1):
        after = f"q{i + 1}" if i < levels else "ut-slut"
        nodes[f"q{i}"] = [("ja", f"a{i}"), ("nej", f"b{i}")]
        nodes[f"a{i}"] = [("ja", after), ("nej", after)]
        nodes[f"b{i}"] = [("ja", after), ("nej", after)]
    return nodes


def _skipping(count: int) -> dict[str, list[tuple[str, str]]]:
    """Each question leads to the next (ja) or skips one (nej): Fibonacci(count) paths."""
    target = lambda i: f"q{i}" if i <= count else "ut-slut"  # noqa: E731
    return {f"q{i}": [("ja", target(i + 1)), ("nej", target(i + 2))] for i in range(1, count + 1)}


def _chain(length: int) -> dict[str, list[tuple[str, str]]]:
    """A chain: ja leads to the next question, nej ends the guide."""
    return {
        f"q{i}": [("ja", f"q{i + 1}" if i < length else "ut-slut"), ("nej", "ut-slut")]
        for i in range(1, length + 1)
    }


def _borrowed_outcome(dest: Path) -> dict[str, Any]:
    """The referrals and routines of the first acute outcome in the pack, so the deep flows refer to what exists."""
    for path in sorted((dest / "flows").glob("*.toml")):
        if path.name == "facts.toml":
            continue
        for node in tomllib.loads(path.read_text(encoding="utf-8")).get("nodes", {}).values():
            if node.get("acute"):
                return {key: node[key] for key in ("referrals", "routines") if key in node}
    raise ValueError(f"no flow with an acute outcome in {dest}")


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
