"""Privacy: a whole session leaves nothing behind but the export it was asked for, and sends nothing anywhere.

A scripted session runs in a subprocess (a small Pilot script this test writes): the content loads as in the real
app, the user picks a role, types a description with a (fake) name and a personal identity number in the free-text
box, lets the search run, starts the guide it offers, answers it to the outcome, ticks an action, exports the summary
to a given folder, copies it, clears the session (the clear-session key) and quits.

The subprocess gets a fresh, empty HOME, XDG_CONFIG/CACHE/DATA/STATE_HOME, XDG_RUNTIME_DIR, TMPDIR and working
directory, and PYTHONDONTWRITEBYTECODE=1. Then:

- **files**: those trees hold nothing afterwards, and the repository's tree (source, content, docs, tests, top-level
  files; not .git, caches or __pycache__) is unchanged; under strace (used when it can run here), every file the
  session's processes open for writing, create, rename, remove or change, anywhere on the machine, is inside the
  export folder (and a change in the repository's tree that strace does not attribute to the session is another
  process's, e.g. an editor's: a warning, not a failure);
- **network**: a `sitecustomize` loaded in the child makes `socket.connect`, `connect_ex`, `sendto`, `getaddrinfo`,
  `gethostbyname` and `create_connection` raise, and records every attempt (none is allowed; the child proves that
  the guard is active); under strace, no AF_INET/AF_INET6/AF_PACKET socket is even created;
- **the typed text**: neither the name nor the number (as typed, case-folded, or in UTF-16) is in any file in those
  trees (its own temporary root TMPDIR, HOME, the XDG folders and the working directory) or in the export; both are
  made from a uuid4 in every run, so a hit cannot be chance or another test's (the system's temporary folder, where
  other workers build virtual environments and plant their own markers, is not scanned: strace sees any write
  there);
- **the export**: exactly one Markdown file, in the given folder, holding the outcome and none of the free text.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
import warnings
from pathlib import Path

import pytest

from .shipped import ROOT

# The typed name and number are new in every run (uuid4): found anywhere, they can only have come from this session,
# never from another test, another worker or a file that happens to hold "9876".
_RUN = uuid.uuid4()
SURNAME = f"Quorndahl{_RUN.hex[:12]}"
FAKE_NAME = f"Zelmira {SURNAME}"
FAKE_NUMBER = f"19{_RUN.int % 10**6:06d}-{_RUN.int // 10**6 % 10**4:04d}"
TYPED = f"{FAKE_NAME} {FAKE_NUMBER}, 15 år, ska resa till hemlandet i sommar och tror att hon ska giftas bort"
SECRETS = [FAKE_NAME, SURNAME, FAKE_NUMBER]

# The repository's own files the app could reach: not .git, virtual environments, caches or byte code.
REPO_SKIP = {
    ".git",
    ".venv",
    ".hypothesis",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "build",
    "dist",
    "node_modules",
}
REPO_TREES = ["src", "routines", "flows", "scenarios", "docs", "tests"]

GUARD = '''
"""Loaded at start-up (sitecustomize): every attempt to reach a network is refused and written down."""
import os
import socket

_LOG = os.environ["VINRGUIDE_PRIVACY_NET_LOG"]


def _refuse(what, *args):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(f"{what} {args!r}\\n")
    raise OSError(f"network use blocked by the privacy test: {what}")


def _method(name):
    def guarded(self, *args, **kwargs):
        if self.family == socket.AF_UNIX and name in ("connect", "connect_ex"):
            _refuse(f"socket.{name} (AF_UNIX)", *args)
        _refuse(f"socket.{name}", *args)
    guarded.__name__ = "guarded_" + name
    return guarded


for _name in ("connect", "connect_ex", "sendto", "sendmsg"):
    setattr(socket.socket, _name, _method(_name))
for _name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "create_connection"):
    setattr(socket, _name, (lambda n: lambda *a, **k: _refuse("socket." + n, *a))(_name))
socket.VINRGUIDE_PRIVACY_GUARD = True
'''

SESSION = '''
"""A whole session, scripted with Pilot (written by tests/test_privacy.py)."""
import asyncio
import json
import socket
import sys
from pathlib import Path

from textual.widgets import Input, OptionList, Select

from vinrguide.content.locate import pack_dir
from vinrguide.hours import parse_now
from vinrguide.tui.app import GuideApp
from vinrguide.tui.screens.conversation import ConversationScreen
from vinrguide.tui.screens.dialogs import ConfirmFactsScreen
from vinrguide.tui.screens.export import ExportScreen
from vinrguide.tui.screens.start import StartScreen
from vinrguide.tui.widgets.outcome import CheckItem

EXPORT, TYPED, CLEAR = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
ANSWERS = {"akut": "nej", "alder": "barn", "hem-sakert": "ja", "avresa": "planerad", "heder": "ja", "barn-i-hemmet": "ja"}
report = {"guard": bool(getattr(socket, "VINRGUIDE_PRIVACY_GUARD", False)), "steps": []}


async def until(pilot, predicate, what, timeout=20.0):
    waited = 0.0
    while not predicate():
        if waited > timeout:
            raise SystemExit(f"timed out: {what}")
        await pilot.pause(0.05)
        waited += 0.05


async def session():
    app = GuideApp(pack_dir(), now=parse_now("2026-05-20T10:00"), export_dir=EXPORT)
    async with app.run_test(size=(100, 36)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StartScreen) and app.screen.ready, "the content on the start screen")
        start = app.screen
        assert isinstance(start, StartScreen)
        role = start.query_one("#role", Select)
        role.focus()
        await pilot.press("enter", "down", "enter")
        report["role"] = app.role
        start.query_one("#situation", Input).focus()
        await pilot.press(*["space" if c == " " else c for c in TYPED])
        await pilot.pause(0.5)  # the search runs on the text
        await pilot.press("enter")
        results = start.query_one("#results", OptionList)
        ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
        report["results"] = [i for i in ids if i]
        if "flow:utlandsresa" in ids:
            results.focus()
            results.highlighted = ids.index("flow:utlandsresa")
            await pilot.press("enter")
            report["steps"].append("guide from the search results")
        else:
            app.start_guide("utlandsresa")
            report["steps"].append("guide started directly (the search did not offer it)")
        await pilot.pause()
        if isinstance(app.screen, ConfirmFactsScreen):
            await pilot.press("ctrl+s")
            report["steps"].append("facts read from the text confirmed")
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen), "the conversation")
        talk = app.screen
        for _ in range(15):
            question = talk.walk.question
            if question is None:
                break
            values = [o.value for o in question.options]
            wanted = ANSWERS.get(question.fact, values[0])
            await pilot.press(str(values.index(wanted if wanted in values else values[0]) + 1))
            await pilot.pause()
        assert talk.walk.done, "no outcome"
        report["outcome"] = talk.walk.current
        items = list(talk.query(CheckItem))
        if items:
            items[0].focus()
            await pilot.press("space")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen), "the export screen")
        await pilot.press("s")
        await until(pilot, lambda: any(EXPORT.iterdir()), "the exported file")
        await pilot.pause(0.3)
        await pilot.press("c", "escape")
        await pilot.pause()
        await pilot.press(CLEAR)
        await until(pilot, lambda: len(app.screen_stack) == 2 and isinstance(app.screen, StartScreen), "clearing")
        report["cleared"] = app.screen.query_one("#situation", Input).value == "" and app.role is None
        await pilot.pause()
    report["exported"] = sorted(p.name for p in EXPORT.iterdir())


asyncio.run(session())
print(json.dumps(report))
'''


def _snapshot(root: Path, skip: frozenset[str] | set[str] = frozenset()) -> dict[str, str]:
    """Every file and folder under root: relative path → content hash (files), "dir" or "link → target"."""
    found: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(
            d for d in dirs if d not in skip and d != "__pycache__" and not d.endswith(".egg-info")
        )
        base = Path(folder)
        for name in dirs:
            found[str((base / name).relative_to(root))] = "dir"
        for name in files:
            path = base / name
            rel = str(path.relative_to(root))
            if path.is_symlink():
                found[rel] = f"link → {os.readlink(path)}"
            else:
                try:
                    found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
                except OSError as exc:  # vanished while walking: another process's temporary file
                    found[rel] = f"unreadable ({exc.strerror})"
    return found


def _repo_snapshot() -> dict[str, str]:
    found = {
        name: hashlib.sha256(p.read_bytes()).hexdigest()
        for name in os.listdir(ROOT)
        if (p := ROOT / name).is_file()
    }
    for tree in REPO_TREES:
        if (ROOT / tree).is_dir():
            found.update({f"{tree}/{k}": v for k, v in _snapshot(ROOT / tree, REPO_SKIP).items()})
    return found


def _diff(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(
        [f"new {p}" for p in after.keys() - before.keys()]
        + [f"gone {p}" for p in before.keys() - after.keys()]
        + [f"changed {p}" for p in before.keys() & after.keys() if before[p] != after[p]]
    )


def _forms(secret: str) -> list[bytes]:
    variants = (secret, secret.casefold(), secret.upper())
    return [v.encode(encoding) for v in variants for encoding in ("utf-8", "utf-16-le")]


def _files_holding_secrets(roots: list[Path]) -> list[str]:
    hits = []
    for root in roots:
        for folder, _, files in os.walk(root):
            for name in files:
                path = Path(folder) / name
                try:
                    if path.is_symlink() or not path.is_file() or path.stat().st_size > 20_000_000:
                        continue
                    data = path.read_bytes()
                except OSError:
                    continue
                hits += [f"{path}: {s!r}" for s in SECRETS if any(form in data for form in _forms(s))]
    return hits


def _strace_usable() -> bool:
    if shutil.which("strace") is None:
        return False
    probe = subprocess.run(["strace", "-qq", "-e", "trace=none", "true"], capture_output=True)
    return probe.returncode == 0


WRITE_FLAGS = re.compile(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND")
PATH_ARG = re.compile(r'(?:AT_FDCWD|\d+)(?:<(?P<dir>[^>]*)>)?, "(?P<path>[^"]*)"|^\w+\("(?P<plain>[^"]*)"')
CHANGES = ("rename", "renameat", "renameat2", "unlink", "unlinkat", "mkdir", "mkdirat", "rmdir", "link", "linkat",
           "symlink", "symlinkat", "truncate", "chmod", "fchmodat", "chown", "fchownat", "utimensat", "creat", "mknod",
           "mknodat")  # fmt: skip


def _written_paths(trace: str, cwd: Path) -> list[str]:
    """Paths the traced processes opened for writing or changed (strace -f -y output)."""
    paths = []
    for line in trace.splitlines():
        call = re.sub(r"^\d+\s+", "", line)
        name = call.split("(", 1)[0]
        if name in ("open", "openat", "openat2") and not WRITE_FLAGS.search(call):
            continue
        if name not in ("open", "openat", "openat2", *CHANGES) or "= -1" in call:
            continue
        for found in PATH_ARG.finditer(call):
            raw = found.group("path") or found.group("plain") or ""
            base = Path(found.group("dir")) if found.group("dir") else cwd
            paths.append(os.path.normpath(base / raw))
    return paths


def _network_calls(trace: str) -> list[str]:
    return [
        line
        for line in trace.splitlines()
        if re.search(r"\b(socket|connect|sendto|sendmsg|bind)\(", line)
        and re.search(r"AF_INET6?\b|AF_PACKET|sa_family=AF_INET", line)
    ]


@pytest.mark.slow
def test_a_whole_session_leaves_nothing_but_the_export(tmp_path: Path) -> None:
    trees = {
        name: tmp_path / name
        for name in ("home", "config", "cache", "data", "state", "runtime", "tmp", "work")
    }
    for folder in trees.values():
        folder.mkdir()
    trees["runtime"].chmod(0o700)
    export = tmp_path / "export"
    export.mkdir()
    harness = (
        tmp_path / "harness"
    )  # the script, the guard and the logs: the test's, outside the watched trees
    harness.mkdir()
    (harness / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    (harness / "session.py").write_text(SESSION, encoding="utf-8")
    net_log = harness / "network.log"
    trace_file = harness / "strace.txt"
    from .test_monkey import CLEAR

    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
        "HOME": str(trees["home"]),
        "XDG_CONFIG_HOME": str(trees["config"]),
        "XDG_CACHE_HOME": str(trees["cache"]),
        "XDG_DATA_HOME": str(trees["data"]),
        "XDG_STATE_HOME": str(trees["state"]),
        "XDG_RUNTIME_DIR": str(trees["runtime"]),
        "TMPDIR": str(trees["tmp"]),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": str(harness),
        "VINRGUIDE_PRIVACY_NET_LOG": str(net_log),
    }
    command = [sys.executable, str(harness / "session.py"), str(export), TYPED, CLEAR]
    traced = _strace_usable()
    if traced:
        calls = "trace=%network,open,openat,openat2," + ",".join(CHANGES)
        command = ["strace", "-f", "-qq", "-y", "-s", "512", "-e", calls, "-o", str(trace_file), *command]

    repo_before = _repo_snapshot()
    done = subprocess.run(command, cwd=trees["work"], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"the session failed:\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}"
    report = json.loads(done.stdout.strip().splitlines()[-1])

    # the session did what a user does
    assert report["guard"], "the network guard (sitecustomize) was not active in the child"
    assert report["outcome"] and report["cleared"], report
    assert len(report["exported"]) == 1 and report["exported"][0].startswith("vinrguide-sammanfattning-"), (
        report
    )
    summary = (export / report["exported"][0]).read_text(encoding="utf-8")
    assert report["outcome"] and "Utfall" in summary

    # files: nothing in the fresh trees, nothing changed in the repository
    for name, folder in trees.items():
        left = _snapshot(folder)
        assert not left, f"the session left files in {name} ({folder}): {sorted(left)}"
    assert sorted(os.listdir(export)) == report["exported"]
    changed = _diff(repo_before, _repo_snapshot())
    if traced and changed:  # strace (below) sees every write of the session: these were another process's
        warnings.warn(
            f"files in the repository changed during the session, not by it: {changed}", stacklevel=1
        )
    else:
        assert not changed, f"the repository changed during the session: {changed}"

    # network: nothing attempted
    attempts = net_log.read_text(encoding="utf-8") if net_log.exists() else ""
    assert not attempts, f"the app tried to use the network:\n{attempts}"

    # the typed text: nowhere, and not in the export
    roots = [*trees.values(), export]
    assert not _files_holding_secrets(roots), _files_holding_secrets(roots)
    leaked = [s for s in SECRETS if s.casefold() in summary.casefold()]
    assert not leaked, f"the export holds free text: {leaked}"
    assert "hemlandet" not in summary and "giftas bort" not in summary, (
        "the export holds words of the free text"
    )

    if traced:
        trace = trace_file.read_text(encoding="utf-8", errors="replace")
        allowed = (str(export), "/dev/null", "/dev/tty", "/dev/pts/", "/dev/ptmx", "/dev/shm/", "/proc/self/")
        written = sorted({p for p in _written_paths(trace, trees["work"]) if not p.startswith(allowed)})
        assert not written, f"the session wrote outside the export folder: {written}"
        assert any(p.startswith(str(export)) for p in _written_paths(trace, trees["work"])), (
            "strace saw no export"
        )
        network = _network_calls(trace)
        assert not network, "network sockets:\n" + "\n".join(network[:20])


def test_the_checks_catch_what_they_look_for(tmp_path: Path) -> None:
    """The guard records and refuses a connection; strace shows it; a planted secret is found in any encoding."""
    harness = tmp_path / "harness"
    harness.mkdir()
    (harness / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    net_log, trace_file = tmp_path / "network.log", tmp_path / "strace.txt"
    env = {**os.environ, "PYTHONPATH": str(harness), "VINRGUIDE_PRIVACY_NET_LOG": str(net_log)}
    code = "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\nexcept OSError:\n    pass\n"
    code += "s = socket.socket()\ntry:\n    s.connect(('127.0.0.1', 9))\nexcept OSError:\n    pass\n"
    command = [sys.executable, "-c", code]
    if _strace_usable():
        command = ["strace", "-f", "-qq", "-y", "-e", "trace=%network", "-o", str(trace_file), *command]
    subprocess.run(command, env=env, check=True, timeout=60)
    assert "socket.create_connection" in net_log.read_text() and "socket.connect" in net_log.read_text()
    if _strace_usable():
        assert _network_calls(trace_file.read_text()), "strace shows the AF_INET socket"
    (tmp_path / "planted").write_bytes(FAKE_NAME.casefold().encode("utf-16-le"))
    assert _files_holding_secrets([tmp_path]) and not _files_holding_secrets([harness])
    trace = '123 openat(AT_FDCWD</w>, "x/y.txt", O_WRONLY|O_CREAT, 0666) = 3\n'
    trace += '123 openat(AT_FDCWD</w>, "ro.txt", O_RDONLY) = 3\n124 unlinkat(5</d>, "gone", 0) = 0\n'
    assert _written_paths(trace, Path("/w")) == ["/w/x/y.txt", "/d/gone"]
