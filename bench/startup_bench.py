"""Start-up to the first painted, usable screen, and peak memory: the app against a bare Textual app.

Both apps are measured in the same run, interleaved, each run a fresh Python process on a pseudo-terminal of 80×24
(Textual's real terminal driver, not the headless one; `TERM=xterm-256color`):

- **baseline**: a bare Textual app whose only widgets are a `Header` and a `Footer`;
- **vinrguide**: exactly what the `vinrguide` command runs (`vinrguide.cli.main([])`: the command line, then the app
  on the built-in content).

**First painted, usable screen**, the same definition for both: the first frame Textual writes to the terminal once
the app's first screen has been composed and mounted (the frame shows that screen's widgets; for vinrguide, the start
screen with the header, "AKUT 112 · F2" and the footer, so acute help already works; the guides follow when the
content has loaded). The child marks the moment from a wrapper around `App._display`, the method that writes a frame
to the terminal. Wall time counts from just before the parent starts the process, so interpreter start-up counts for
both; the child's CPU time at that moment (`time.process_time()`) is reported too, as it is steadier on a busy machine.

For vinrguide, two more moments: the first frame painted once the start screen lists the guides (its `ready` flag:
the guides are listed and startable, the text box is enabled), and "settled": that frame painted and every worker
(loading, building the search index, warming up) finished — the app waits for the user. Each target is judged on
the worse of the wall and the CPU ratio. Between them, two more are shown: the pack loaded (the app's `content_ready`,
on the event loop) and the search index handed to the app (`index_ready`), built after the guides are painted.

**Peak memory** is the child's peak resident set size (`ru_maxrss` from `os.wait4`): the bare app ends right after its
first paint; vinrguide only when settled, so the figure includes the loaded content. `--floor` adds two more apps
that show what the target leaves room for: the real start screen with its guides from the start list and no content
loaded ("floor"), and the same with rapidfuzz imported, the matching library the design names (the search cannot
do without it), each ending half a second after its first paint.

    .venv/bin/python -m bench.startup_bench [--runs N] [--explain] [--floor]

`--explain` lists the modules vinrguide imports before its first paint, by cumulative import time
(`python -X importtime` in one more run).
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

# ------------------------------------------------------------------------------------------------ the child process
# Above every other import: the child runs this file as a script and must not pay for the parent's imports.

MARK_FD_ENV = "VINRGUIDE_BENCH_MARK_FD"
FLOOR_KINDS = ("floor", "floor-search")
FLOOR_SETTLE = (
    0.5  # seconds the floor apps wait after the start screen before they end (their memory is settled)
)
MODULES_ENV = "VINRGUIDE_BENCH_MODULES"  # a file: the modules loaded at the first paint are written to it


def _child(kind: str) -> None:
    from textual.app import App

    fd = int(os.environ[MARK_FD_ENV])
    seen: set[str] = set()

    def mark(name: str) -> None:
        if name not in seen:
            seen.add(name)
            os.write(fd, f"{name} {time.monotonic():.6f} {time.process_time():.6f}\n".encode())

    def settled(app: App[object]) -> None:
        # the guides may be painted from the start list before the loading worker exists: wait for its results too
        loaded = getattr(app, "pack", None) is not None and getattr(app, "search_index", None) is not None
        if loaded and all(worker.is_finished for worker in app.workers):
            mark("idle")
            app.exit()

    original = App._display

    def display(self: App[object], screen: object, renderable: object) -> None:
        original(self, screen, renderable)  # type: ignore[arg-type]
        painted = (  # the conditions under which App._display writes the frame to the terminal
            renderable is not None
            and not self._batch_count
            and self._running
            and not self._closed
            and not self.is_headless
            and self._driver is not None
        )
        if not painted or not self.screen.children:
            return
        if "paint" not in seen and os.environ.get(MODULES_ENV):
            with open(os.environ[MODULES_ENV], "w") as out:
                out.write("\n".join(sorted(sys.modules)))
        mark("paint")
        if kind in ("bare", "app-paint"):
            self.exit()
        elif (
            getattr(self.screen, "ready", False) and "content" not in seen
        ):  # the start screen lists the guides
            mark("content")
            self.set_interval(0.01, lambda: settled(self))

    App._display = display  # type: ignore[method-assign,assignment]

    if (
        kind in FLOOR_KINDS
    ):  # the memory floor: the real start screen, its guides from the start list, no content
        from vinrguide.tui.app import GuideApp

        def no_content(self: GuideApp) -> None:
            def end() -> None:
                if kind == "floor-search":  # what the matching library the design names costs alone
                    import rapidfuzz.fuzz
                    import rapidfuzz.process  # noqa: F401
                mark("idle")
                self.exit()

            self.set_timer(FLOOR_SETTLE, end)

        GuideApp._load_in_thread = no_content  # type: ignore[method-assign,assignment]
    elif (
        kind != "bare"
    ):  # where the time between the first paint and the guides goes: the pack, then the index
        from vinrguide.tui.app import GuideApp

        content_ready, index_ready = GuideApp.content_ready, GuideApp.index_ready

        def loaded(self: GuideApp, *args: Any) -> None:
            mark("loaded")
            content_ready(self, *args)

        def indexed(self: GuideApp, *args: Any) -> None:
            mark("index")
            index_ready(self, *args)

        GuideApp.content_ready = loaded  # type: ignore[method-assign]
        GuideApp.index_ready = indexed  # type: ignore[method-assign]

    if kind == "bare":
        from textual.app import ComposeResult
        from textual.widgets import Footer, Header

        class Bare(App[None]):
            def compose(self) -> ComposeResult:
                yield Header()
                yield Footer()

        Bare().run()
    elif kind == "direct" or kind in FLOOR_KINDS:  # without the command line: shows its share; the floor apps
        from vinrguide.content.locate import pack_dir
        from vinrguide.tui.app import run

        run(pack_dir())
    else:
        from vinrguide.cli import main

        main([])
    os.write(fd, b"end 0 0\n")


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "--child":
    _child(sys.argv[2])
    sys.exit(0)

# ------------------------------------------------------------------------------------------------ the parent

import argparse  # noqa: E402
import fcntl  # noqa: E402
import pty  # noqa: E402
import re  # noqa: E402
import select  # noqa: E402
import statistics  # noqa: E402
import struct  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import termios  # noqa: E402
import threading  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

TIME_TARGET = 1.3  # first paint
GUIDES_TARGET = 1.7  # the guides painted (issue 12 item 14)
MEMORY_TARGET = 1.25  # peak memory, settled with the content loaded (issue 12 item 15)
TIMEOUT = 60.0
NEEDS = {"bare": ("paint",), "app-paint": ("paint",), "app": ("paint", "loaded", "content", "index", "idle")}
NEEDS["direct"] = NEEDS["app"]
NEEDS["floor"] = NEEDS["floor-search"] = ("paint", "idle")


@dataclass
class Run:
    kind: str
    marks: dict[str, float]  # seconds from spawn to each mark
    cpu: dict[str, float]  # the child's CPU seconds at each mark
    rss_kb: int  # peak resident set size

    @property
    def paint(self) -> float:
        return self.marks["paint"]


def _child_env(extra: dict[str, str]) -> dict[str, str]:
    dropped = ("NO_COLOR", "COLUMNS", "LINES", "VINRGUIDE_CONTENT")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL") and k not in dropped}
    env["TERM"] = "xterm-256color"
    env.update(extra)
    return env


def _drain(fd: int, stop: threading.Event) -> None:
    """Read the terminal's output, so that the child never blocks writing to it."""
    while not stop.is_set():
        if select.select([fd], [], [], 0.05)[0]:
            try:
                if not os.read(fd, 65536):
                    return
            except OSError:
                return


def run_once(kind: str, extra_env: dict[str, str] | None = None, stderr_path: Path | None = None) -> Run:
    """One child process of `kind` on a fresh pseudo-terminal, until it exits on its own."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    read_end, write_end = os.pipe()
    stop = threading.Event()
    drainer = threading.Thread(target=_drain, args=(master, stop), daemon=True)
    drainer.start()
    stderr = open(stderr_path, "wb") if stderr_path else None  # noqa: SIM115
    marks: dict[str, float] = {}
    cpu: dict[str, float] = {}
    try:
        env = _child_env({MARK_FD_ENV: str(write_end), **(extra_env or {})})
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, __file__, "--child", kind],
            stdin=slave,
            stdout=slave,
            stderr=stderr or slave,
            pass_fds=(write_end,),
            env=env,
            start_new_session=True,
        )
        os.close(write_end)
        write_end = -1
        buffer = b""
        while "end" not in marks and time.monotonic() < start + TIMEOUT:
            if not select.select([read_end], [], [], 0.1)[0]:
                continue
            chunk = os.read(read_end, 4096)
            if not chunk:
                break
            *lines, buffer = (buffer + chunk).split(b"\n")
            for line in lines:
                name, at, used = line.decode().split()
                marks[name] = float(at) - start
                cpu[name] = float(used)
        if "end" not in marks:
            proc.kill()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        stop.set()
        drainer.join()
        for fd in (master, slave, read_end, write_end):
            if fd >= 0:
                os.close(fd)
        if stderr:
            stderr.close()
    missing = [m for m in NEEDS[kind] if m not in marks]
    if missing or proc.returncode != 0:
        raise RuntimeError(f"{kind}: exit {proc.returncode}, never reached {missing}")
    return Run(kind, marks, cpu, usage.ru_maxrss)


def measure(runs: int, kinds: tuple[str, ...]) -> dict[str, list[Run]]:
    for kind in kinds:  # warm the file cache and the byte code for all
        run_once(kind)
    found: dict[str, list[Run]] = {kind: [] for kind in kinds}
    for _ in range(runs):  # interleaved, so that the machine's changing load hits all alike
        for kind in kinds:
            found[kind].append(run_once(kind))
    return found


def _median(runs: list[Run], mark: str, cpu: bool = False) -> float:
    return statistics.median((r.cpu if cpu else r.marks)[mark] for r in runs)


def import_report(limit: int = 20) -> str:
    """The modules vinrguide imports before its first paint, by cumulative import time (one run)."""
    with tempfile.TemporaryDirectory() as tmp:
        log, modules = Path(tmp) / "importtime.txt", Path(tmp) / "modules.txt"
        run_once("app-paint", {"PYTHONPROFILEIMPORTTIME": "1", MODULES_ENV: str(modules)}, stderr_path=log)
        text = log.read_text(errors="replace")
        loaded = set(modules.read_text().split())
    rows: list[tuple[int, int, str]] = []
    for line in text.splitlines():
        found = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if found and found.group(3) in loaded:  # not what a thread imported after the first paint
            rows.append((int(found.group(1)), len(found.group(2)) // 2, found.group(3)))
    total = sum(us for us, depth, _ in rows if depth == 0)
    ours = sorted(name for name in loaded if name.startswith("vinrguide"))
    lines = [
        f"vinrguide: imports before the first paint (-X importtime, top level together {total / 1000:.0f} ms)",
        *(
            f"  {us / 1000:7.1f} ms  {'  ' * depth}{name}"
            for us, depth, name in sorted(rows, reverse=True)[:limit]
        ),
        f"  vinrguide modules loaded at the first paint: {', '.join(ours)}",
        "  not loaded at the first paint: "
        + ", ".join(m for m in ("pydantic", "rapidfuzz", "holidays", "markdown_it") if m not in loaded),
    ]
    return "\n".join(lines)


def _verdict(ratio: float, target: float) -> str:
    """Met or missed; for times `ratio` is the worse of wall and CPU."""
    return f"(target ≤ {target}×: {'met' if ratio <= target else 'MISSED'})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.startup_bench", description="start-up and peak memory"
    )
    parser.add_argument("--runs", type=int, default=20, help="runs of each app (default 20)")
    parser.add_argument("--explain", action="store_true", help="also list the imports before the first paint")
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also measure the memory floor (the start screen without content)",
    )
    args = parser.parse_args(argv)
    found = measure(args.runs, ("bare", "app", "direct") + (FLOOR_KINDS if args.floor else ()))
    bare, app, direct = found["bare"], found["app"], found["direct"]
    base = _median(bare, "paint")
    base_cpu = _median(bare, "paint", cpu=True)
    paint, paint_cpu = _median(app, "paint"), _median(app, "paint", cpu=True)

    def row(label: str, wall: float, used: float | None = None, note: str = "") -> None:
        cpu = f"   CPU {used * 1000:4.0f} ms {used / base_cpu:5.2f}×" if used is not None else ""
        print(f"  {label:<44}{wall * 1000:6.0f} ms {wall / base:5.2f}×{cpu}  {note}".rstrip())

    print(
        f"start-up: {args.runs} runs of each, interleaved, medians; 80×24 pseudo-terminal; ratio to the baseline"
    )
    row("bare Textual app (Header, Footer), 1st paint", base, base_cpu, "baseline")
    row(
        "vinrguide, first paint (start screen)",
        paint,
        paint_cpu,
        _verdict(max(paint / base, paint_cpu / base_cpu), TIME_TARGET),
    )
    row(
        "vinrguide, the pack loaded (content_ready)",
        _median(app, "loaded"),
        _median(app, "loaded", cpu=True),
    )
    guides, guides_cpu = _median(app, "content"), _median(app, "content", cpu=True)
    row(
        "vinrguide, content loaded, guides painted",
        guides,
        guides_cpu,
        _verdict(max(guides / base, guides_cpu / base_cpu), GUIDES_TARGET),
    )
    row("vinrguide, search index ready", _median(app, "index"), _median(app, "index", cpu=True))
    row("vinrguide, settled (all loading done)", _median(app, "idle"), _median(app, "idle", cpu=True))
    row(
        "the app without the command line, 1st paint",
        _median(direct, "paint"),
        _median(direct, "paint", cpu=True),
    )
    if args.runs > 1:  # a quantile needs two runs
        slow = [statistics.quantiles([r.paint for r in runs], n=10)[-1] for runs in (bare, app)]
        print(f"  p90 of first paint: bare {slow[0] * 1000:.0f} ms, vinrguide {slow[1] * 1000:.0f} ms")
    base_rss = statistics.median(r.rss_kb for r in bare)
    app_rss = statistics.median(r.rss_kb for r in app)
    print("peak memory (RSS), medians")
    print(f"  {'bare Textual app, after its first paint':<44}{base_rss / 1024:6.1f} MB        baseline")
    print(
        f"  {'vinrguide, settled with the content loaded':<44}{app_rss / 1024:6.1f} MB {app_rss / base_rss:5.2f}×  "
        + _verdict(app_rss / base_rss, MEMORY_TARGET)
    )
    if args.floor:
        for kind, label in (
            ("floor", "floor: the start screen, no content loaded"),
            ("floor-search", "floor + rapidfuzz imported"),
        ):
            rss = statistics.median(r.rss_kb for r in found[kind])
            print(f"  {label:<44}{rss / 1024:6.1f} MB {rss / base_rss:5.2f}×")
    if args.explain:
        print(import_report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
