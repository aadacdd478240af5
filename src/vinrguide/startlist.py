"""The start list: what the start screen shows before the content has loaded (issue 12, item 14).

Loading and validating the pack (pydantic, TOML, Markdown) takes most of the start-up; the start screen only needs
the guides' titles and descriptions, the roles and the draft notice. `make` writes them to `.startlist.json` in the
pack folder, keyed by a hash of every content file and of the code that reads them; the app shows the guides from
it at once and loads the pack behind them. A guide chosen meanwhile starts when the pack is there, and the pack, not
this list, decides what can be started: a list that is missing, stale or unreadable is simply not used.

Only content goes in the file, written at build time (never by the app, never anything the user typed).
Reading it imports nothing but the standard library, so the start path stays free of pydantic.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vinrguide.content.pack import ContentPack

FILE_NAME = ".startlist.json"
FORMAT = 1
_CONTENT_DIRS = ("flows", "routines", "scenarios")
_MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class StartGuide:
    id: str
    title: str
    description: str
    problem: str | None = None  # why the guide cannot be walked (never in a written list)


@dataclass(frozen=True)
class StartList:
    guides: tuple[StartGuide, ...]
    # (label, value) of the `roll` fact; None when the pack has none
    roles: tuple[tuple[str, str], ...] | None
    draft_notice: str | None  # shown when a guide is a draft


def of_pack(pack: ContentPack, problems: dict[str, str]) -> StartList:
    """What the start screen shows for a loaded pack."""
    from vinrguide.engine import ordered_flows

    roll = pack.facts.get("roll")
    drafts = any(f.status == "utkast" for f in pack.flows.values())
    return StartList(
        guides=tuple(
            StartGuide(f.id, f.title, f.description, problems.get(f.id)) for f in ordered_flows(pack)
        ),
        roles=tuple((v.label, v.value) for v in roll.values) if roll else None,
        draft_notice=pack.draft_notice if drafts else None,
    )


def content_key(root: Path) -> str:
    """A hash of every file the pack is read from and of the code that reads and analyses it."""
    import vinrguide

    digest = hashlib.sha256(f"{FORMAT} {vinrguide.__version__}".encode())
    package = Path(vinrguide.__file__).parent
    code = [*sorted((package / "content").glob("*.py")), package / "engine.py", Path(__file__)]
    files = [root / "pack.toml"]
    for folder in _CONTENT_DIRS:
        try:
            files += sorted(p for p in (root / folder).iterdir() if not p.name.startswith("."))
        except OSError:
            continue
    for path in (*code, *files):
        digest.update(str(path.relative_to(package if path in code else root)).encode() + b"\0")
        try:
            digest.update(path.read_bytes() if path.is_file() else b"-")
        except OSError:
            digest.update(b"?")
    return digest.hexdigest()


def read(root: Path) -> StartList | None:
    """The start list written for this content and code, or None (missing, stale, unreadable: the app loads as
    without it)."""
    try:
        path = root / FILE_NAME
        if path.stat().st_size > _MAX_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("key") != content_key(root):
            return None
        roles = data["roles"]
        return StartList(
            guides=tuple(StartGuide(g["id"], g["title"], g["description"]) for g in data["guides"]),
            roles=tuple((label, value) for label, value in roles) if roles is not None else None,
            draft_notice=data["draft_notice"],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write(root: Path) -> str:
    """Load the pack, and write its start list if it loads without errors and every guide can be walked; else
    remove a list written before. Returns what was done, in plain words."""
    from vinrguide.content.flowgraph import flow_problems
    from vinrguide.content.pack import load_pack

    path = root / FILE_NAME
    key = content_key(root)  # before loading: a file changed meanwhile makes the list stale, never wrong
    pack = load_pack(root)
    problems = flow_problems(pack)
    if pack.errors or problems or not pack.flows:
        path.unlink(missing_ok=True)
        return f"{path}: inte skriven (innehållet har fel; appen läser in det som vanligt)"
    listing = of_pack(pack, problems)
    data = {
        "format": FORMAT,
        "key": key,
        "guides": [{"id": g.id, "title": g.title, "description": g.description} for g in listing.guides],
        "roles": listing.roles,
        "draft_notice": listing.draft_notice,
    }
    text = json.dumps(data, ensure_ascii=False, indent=1)
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(text + "\n", encoding="utf-8")
    partial.replace(path)
    return f"{path}: {len(listing.guides)} guider"


def main(argv: list[str] | None = None) -> int:
    """`python -m vinrguide.startlist [PACK]` (run by make): write the start list of a pack."""
    from vinrguide.content.locate import pack_dir

    args = sys.argv[1:] if argv is None else argv
    print(write(pack_dir(args[0] if args else None)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
