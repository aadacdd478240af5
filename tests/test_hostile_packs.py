"""A generated corpus of broken and hostile packs, and every command run on each (issue 15, "Keep it fixed").

Each kind below breaks a copy of the small fixture pack (tests/badcontent/_base) in one way an attacker or a broken
editor would: files that cannot be read (permissions, a folder, a named pipe, /dev/zero, a symbolic link loop),
bytes that are not UTF-8, free-text rules that would turn off or twist the facts read from text, text built to make
a parser slow (40 000 nested `[`, 100 000 identical headings, deep TOML), files past the size limits, invisible
characters in a phone number or an id, and a `--now` outside the calendar. The bad-content corpus's own cases
(tests/badcontent/) are today's kinds; they run here too under `-m soak`.

The commands run in a child process (tests/hostile_run.py: one start-up per pack), without root's power to ignore
file permissions when the tests run as root (so that chmod means what it says), with its address space limited
(setrlimit) and every command bounded in time. For every command on every pack:

- no traceback, no timeout, memory bounded (the child's peak resident size and the rlimit);
- `check --json` finds it (exit 1, each finding names a file) unless the kind only makes parsing slow (exit 0);
  a file that failed to load is listed first;
- every other command either works (exit 0) where the broken file is not one it needs, or says why on stderr in a
  clean message (exit 1 or 2).

`make test` runs every generated kind with check plus two other commands; `make soak` runs all seven commands on
every generated kind and on every case of tests/badcontent/.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from .test_badcontent import CASES, build, expectations

BASE = Path(__file__).resolve().parent / "badcontent" / "_base"
RUNNER = Path(__file__).resolve().parent / "hostile_run.py"
SECONDS_PER_COMMAND = 10.0
"""Processor time per command (a run on the fixture pack takes well under one second)."""
MEMORY_LIMIT = 2 * 1024**3  # address space of the child (bytes): a runaway parse fails here, not on the host
PEAK_RSS_LIMIT_MB = 600  # the child's peak resident memory for all its commands (a normal run is ~120 MB)
AS_ROOT = os.geteuid() == 0


# ------------------------------------------------------------------ the kinds of broken pack


@dataclass(frozen=True)
class Kind:
    name: str
    make: Callable[[Path], None]
    cause: str | None
    """The file (relative to the pack) that check must name first; None for kinds that only make parsing slow."""
    scope: str = "pack"
    """"pack": commands that load the pack fail; "scenarios": only check, scenarios and init-pack fail (the other
    commands may ignore scenario files); "none": everything works (a warning or a slow but valid file)."""
    extra: tuple[str, ...] = ()
    """Arguments for every command but check and init-pack (e.g. a hostile --now)."""


def write(rel: str, text: str | bytes) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)

    return make


def append(rel: str, text: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        path = root / rel
        path.write_text(path.read_text("utf-8") + text, "utf-8")

    return make


def replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        path = root / rel
        text = path.read_text("utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), "utf-8")

    return make


def chmod(rel: str, mode: int, then: Callable[[Path], None] | None = None) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        if then:
            then(root)
        (root / rel).chmod(mode)

    return make


def fifo(rel: str) -> Callable[[Path], None]:
    return lambda root: os.mkfifo(root / rel)


def symlink(rel: str, target: str) -> Callable[[Path], None]:
    return lambda root: (root / rel).symlink_to(target)


def recode(rel: str, encoding: str, old: str, new: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        path = root / rel
        path.write_bytes(path.read_text("utf-8").replace(old, new, 1).encode(encoding))

    return make


def nothing(root: Path) -> None:
    pass


RULES = '[[pattern]]\nfact = "akut"\nvalue = "ja"\nphrases = ["i fara just nu"]\n'
FRONT = '+++\nid = "{id}"\ntitle = "T"\nstatus = "utkast"\nversion = "1"\nowner = "KS"\n+++\n\n'
NESTED_LINES = ("[" * 19_000 + "x" * 1_000 + "\n") * 10  # 200 000 [ in lines under the line limit

KINDS = [
    # free text: each of these gave "0 fel" before, and turned off every fact read from text
    Kind(
        "fritext-syntax-error",
        write("routines/fritext.toml", 'negations = ["inte"\n'),
        "routines/fritext.toml",
    ),
    Kind(
        "fritext-latin1",
        write("routines/fritext.toml", RULES.replace("fara", "fåra").encode("latin-1")),
        "routines/fritext.toml",
    ),
    Kind("fritext-folder", lambda root: (root / "routines/fritext.toml").mkdir(), "routines/fritext.toml"),
    Kind(
        "fritext-akut-nej",
        write("routines/fritext.toml", RULES.replace('"ja"', '"nej"')),
        "routines/fritext.toml",
    ),
    Kind(
        "fritext-unreadable",
        chmod("routines/fritext.toml", 0, write("routines/fritext.toml", RULES)),
        "routines/fritext.toml",
    ),
    # files and folders that cannot be read: a finding, never a PermissionError or a hang
    Kind("routines-unreadable", chmod("routines", 0), "routines/"),
    Kind("flows-unreadable", chmod("flows", 0), "flows/"),
    Kind("scenarios-unreadable", chmod("scenarios", 0), "scenarios/", scope="scenarios"),
    Kind("units-unreadable", chmod("routines/units.toml", 0), "routines/units.toml"),
    Kind("routines-not-listable", chmod("routines", 0o300), "routines/"),
    Kind("flow-is-a-fifo", fifo("flows/ror.toml"), "flows/ror.toml"),
    Kind("scenario-is-a-fifo", fifo("scenarios/ror.toml"), "scenarios/ror.toml", scope="scenarios"),
    Kind("routine-is-dev-zero", symlink("routines/noll.md", "/dev/zero"), "routines/noll.md"),
    Kind("routine-link-loop", symlink("routines/slinga.md", "slinga.md"), "routines/slinga.md"),
    Kind(
        "units-not-utf8", recode("routines/units.toml", "cp1252", '"112"', '"112 – Å"'), "routines/units.toml"
    ),
    Kind(
        "scenario-now-year-9999",
        replace("scenarios/enkel.toml", 'flow = "enkel"', 'flow = "enkel"\nnow = "9999-12-31T23:59"'),
        "scenarios/enkel.toml",
        scope="scenarios",
    ),
    # one broken file: the cause first, not buried under what follows from it
    Kind("units-broken", append("routines/units.toml", "\nx = [\n"), "routines/units.toml"),
    Kind("facts-broken", write("flows/facts.toml", "[[fact]]\nid = 1\n"), "flows/facts.toml"),
    # limits and slow parsing
    Kind("file-too-large", append("routines/rutin.md", "\n" + "text " * 450_000), "routines/rutin.md"),
    Kind(
        "line-too-long",
        append("routines/rutin.md", "\n" + "[" * 40_000 + "x" * 160_000 + "\n"),
        "routines/rutin.md",
    ),
    Kind("nested-brackets", append("routines/rutin.md", "\n" + NESTED_LINES), None, scope="none"),
    Kind(
        "identical-headings", append("routines/rutin.md", "\n" + "## Samma\n" * 100_000), "routines/rutin.md"
    ),
    Kind(
        "deep-toml",
        write("flows/djup.toml", "x = " + "[" * 100_000 + "]" * 100_000 + "\n"),
        "flows/djup.toml",
    ),
    # invisible characters: a number that displays as another, an id that looks like another
    Kind(
        "bidi-in-phone",
        replace("routines/units.toml", 'number = "112"', 'number = "1\u202e21"'),
        "routines/units.toml",
    ),
    Kind(
        "zero-width-in-id",
        replace("flows/enkel.toml", 'next = "alder"', 'next = "al\u200bder"'),
        "flows/enkel.toml",
    ),
    Kind(
        "zero-width-in-text",
        replace("routines/rutin.md", "Förhör inte", "Förhör\u200b inte"),
        None,
        scope="none",
    ),
    # a time outside the calendar: a usage error (exit 2) for every command
    Kind("now-year-9999", nothing, None, scope="usage", extra=("--now", "9999-12-31T23:59")),
    Kind("now-before-year-1", nothing, None, scope="usage", extra=("--now", "0001-01-01T00:00+14:00")),
]
COMMANDS = ("check", "walk", "show", "search", "graph", "scenarios", "init-pack")
FAST_COMMANDS = (
    "walk",
    "search",
    "show",
    "scenarios",
    "graph",
    "init-pack",
)  # two of these per kind in make test


def argv(command: str, pack: Path, work: Path, extra: tuple[str, ...] = ()) -> list[str]:
    content = ["--content", str(pack)]
    return {
        "check": ["check", "--json", *content, *extra],
        "walk": ["walk", "enkel", "--fact", "akut=nej", "--fact", "alder=barn", "--json", *content, *extra],
        "show": ["show", "flow:enkel", *content, *extra],
        "search": ["search", "anmäla barn", "--json", *content, *extra],
        "graph": ["graph", "enkel", *content, *extra],
        "scenarios": ["scenarios", *content, *extra],
        "init-pack": ["init-pack", str(work / "ny"), *content, *extra],
    }[command]


# ------------------------------------------------------------------ running them


@pytest.fixture
def workdir() -> Iterator[Path]:
    """A folder for the packs and init-pack's output, removed afterwards whatever the kind did to its permissions."""
    root = Path(tempfile.mkdtemp(prefix="vinrguide-hostile-"))
    root.chmod(0o777)
    try:
        yield root
    finally:
        for folder, dirs, _ in os.walk(root):
            for name in dirs:
                os.chmod(os.path.join(folder, name), 0o755, follow_symlinks=False)
        shutil.rmtree(root, ignore_errors=True)


PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def _limits() -> None:
    """In the child: bounded memory, and file permissions that hold when the tests run as root: root keeps its
    user id (its Python lives under /root) but loses the capabilities that let it ignore them."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    if AS_ROOT:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
            if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run_commands(commands: list[list[str]], cwd: Path) -> tuple[list[dict[str, Any]], float]:
    """Each command's result (hostile_run.py) and the child's peak resident memory in MB."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": str(cwd),
        "TMPDIR": str(cwd),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, str(RUNNER), str(SECONDS_PER_COMMAND), json.dumps(commands)],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_limits,
    )
    try:
        out, err = proc.communicate(timeout=SECONDS_PER_COMMAND * 10 * len(commands) + 60)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError(f"the commands did not finish: {commands}") from None
    assert proc.returncode == 0, f"the runner failed ({proc.returncode}):\n{err[-3000:]}"
    *results, last = [json.loads(line) for line in out.splitlines() if line.strip()]
    return results, float(last["peak_mb"])


def make_pack(kind: Kind, work: Path) -> Path:
    pack = work / "pack"
    shutil.copytree(BASE, pack)
    for path in [pack, *pack.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o666)
    kind.make(pack)
    return pack


def assert_command(kind: Kind, result: dict[str, Any]) -> None:
    command = result["argv"][0]
    shown = (
        f"{kind.name}: {' '.join(result['argv'][:3])}\n{result['stdout'][-1500:]}\n{result['stderr'][-1500:]}"
    )
    assert not result["timed_out"], f"timed out after {SECONDS_PER_COMMAND} s of CPU: {shown}"
    assert result["traceback"] is None, f"{shown}\n{result['traceback']}"
    assert "Traceback" not in result["stdout"] + result["stderr"], shown
    code = result["code"]
    if kind.scope == "usage":
        assert code == 2 and "--now" in result["stderr"] and result["stdout"] == "", shown
        return
    if command == "check":
        findings = json.loads(result["stdout"])["findings"]
        assert all(f["file"] and f["message"] for f in findings), shown
        if kind.cause is None:
            assert code == 0, shown
        else:
            assert code == 1, shown
            assert findings[0]["file"] == kind.cause and findings[0]["severity"] == "error", shown
        return
    fails = kind.scope == "pack" or (kind.scope == "scenarios" and command in ("scenarios", "init-pack"))
    if fails:
        assert code in (1, 2), shown
        message = result["stderr"] + (result["stdout"] if command in ("scenarios", "init-pack") else "")
        assert message.strip() and ("vinrguide" in message or "FEL" in message), shown
        if kind.cause and command != "init-pack":  # init-pack may say "N fel" and leave the rest to check
            assert kind.cause.rstrip("/") in message, shown
    else:
        assert code == 0, shown


def check_kind(kind: Kind, commands: tuple[str, ...], work: Path) -> None:
    pack = make_pack(kind, work)
    results, peak = run_commands([argv(c, pack, work, kind.extra) for c in commands], work)
    assert [r["argv"][0] for r in results] == list(commands)
    for result in results:
        assert_command(kind, result)
    assert peak < PEAK_RSS_LIMIT_MB, f"{kind.name}: {peak:.0f} MB at the peak"


def _fast_commands(index: int) -> tuple[str, ...]:
    """check and two other commands, rotating so that every command meets many kinds."""
    n = len(FAST_COMMANDS)
    return ("check", FAST_COMMANDS[index % n], FAST_COMMANDS[(index + 3) % n])


@pytest.mark.parametrize("index", range(len(KINDS)), ids=[k.name for k in KINDS])
def test_a_hostile_pack_gives_findings_never_a_crash(index: int, workdir: Path) -> None:
    check_kind(KINDS[index], _fast_commands(index), workdir)


@pytest.mark.soak
@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_every_command_on_every_hostile_pack(kind: Kind, workdir: Path) -> None:
    check_kind(kind, COMMANDS, workdir)


@pytest.mark.soak
@pytest.mark.parametrize("case", CASES)
def test_every_command_on_every_bad_content_case(case: str, workdir: Path) -> None:
    expect = expectations(case)
    pack = build(case, workdir)
    for path in [pack, *pack.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o666)
    broken = expect.get("exit", 1) == 1
    results, peak = run_commands([argv(c, pack, workdir) for c in COMMANDS], workdir)
    for result in results:
        shown = f"{case}: {' '.join(result['argv'][:3])}\n{result['stderr'][-1500:]}"
        assert result["traceback"] is None and not result["timed_out"], f"{shown}\n{result['traceback']}"
        assert "Traceback" not in result["stdout"] + result["stderr"], shown
        assert result["code"] in ((0, 1, 2) if result["argv"][0] != "check" else (1 if broken else 0,)), shown
        if result["code"] != 0:  # why, on stderr (check, scenarios and init-pack report on stdout)
            assert (result["stderr"] + result["stdout"]).strip(), shown
    assert peak < PEAK_RSS_LIMIT_MB, f"{case}: {peak:.0f} MB at the peak"


# ------------------------------------------------------------------ the attacks one by one, through the real CLI


def vinrguide(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "vinrguide"
    env = {k: v for k, v in os.environ.items() if k != "VINRGUIDE_CONTENT"}
    return subprocess.run(
        [str(exe), *args], capture_output=True, text=True, timeout=timeout, env=env, encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("command", "now"),
    [
        (["walk", "misstanke", "--json"], "9999-12-31T23:59"),
        (["show", "unit:nexus"], "0001-01-01T00:00+14:00"),
        (["check"], "1899-12-31T12:00"),
        ([], "2201-01-01T00:00"),  # the app: it crashed when it showed opening hours
    ],
)
def test_now_outside_the_calendar_is_a_usage_error_for_every_command(command: list[str], now: str) -> None:
    done = vinrguide(*command, "--now", now)
    assert done.returncode == 2 and done.stdout == ""
    assert "ligger utanför åren 1900–2200" in done.stderr and "Traceback" not in done.stderr


def test_scenarios_refuse_dev_zero_and_a_fifo_at_once(workdir: Path) -> None:
    os.mkfifo(workdir / "ror.toml")
    for target in ("/dev/zero", str(workdir / "ror.toml"), str(workdir)):
        done = vinrguide("scenarios", target, timeout=120)  # a hang on the pipe would end here
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert f"{target}: det här är en mapp eller något annat än en textfil" in done.stderr


def test_one_broken_file_is_reported_first_with_what_depends_on_it(workdir: Path) -> None:
    from .shipped import ROOT

    pack = workdir / "pack"
    for name in ("routines", "flows", "scenarios", "pack.toml"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, pack / name)
    with (pack / "routines/units.toml").open("a", encoding="utf-8") as units:
        units.write("\nx = [\n")
    done = vinrguide("check", "--json", "--content", str(pack))
    errors = [f for f in json.loads(done.stdout)["findings"] if f["severity"] == "error"]
    assert done.returncode == 1
    assert [f["file"] for f in errors] == ["routines/units.toml"]  # before: the 15th of 15 errors
    assert "fel beror på det här" in errors[0]["message"]


def test_a_pack_without_scenario_cases_is_not_a_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from vinrguide.cli import main

    pack = tmp_path / "pack"
    shutil.copytree(BASE, pack)
    shutil.rmtree(pack / "scenarios")
    assert main(["scenarios", "--content", str(pack)]) == 1  # before: "0 passed, 0 failed", exit 0
    assert "inga scenariofall" in capsys.readouterr().err
