"""Run vinrguide commands in this process, each bounded in time, and print one JSON line per command.

    python tests/hostile_run.py CPU_SECONDS '[["check", "--json", "--content", "DIR"], ...]'

Used by tests/test_hostile_packs.py in a child process (whose memory the parent limits with setrlimit): one Python
start-up for all the commands on one pack. For each command: the exit code, stdout, stderr, the seconds it took, and
the traceback if an exception escaped `main` (which is what a user would see). A command that uses more than
CPU_SECONDS of processor time (SIGPROF: a slow parse, however busy the machine), or waits ten times as long on the
wall clock (SIGALRM: a read that never returns), is stopped and reported as timed out. The last line is the process's peak resident memory.
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import signal
import sys
import time
import traceback


class TimedOut(BaseException):
    """Raised by SIGALRM: BaseException, so that no `except Exception` in the code under test swallows it."""


def _alarm(signum: int, frame: object) -> None:
    raise TimedOut


def run(argv: list[str], seconds: float) -> dict[str, object]:
    from vinrguide.cli import main

    out, err = io.StringIO(), io.StringIO()
    result: dict[str, object] = {"argv": argv, "traceback": None, "timed_out": False}
    start = time.perf_counter()
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, seconds * 10)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                result["code"] = main(argv)
            except SystemExit as exc:  # argparse's own usage errors
                result["code"] = exc.code if isinstance(exc.code, int) else 2
    except TimedOut:
        result["code"], result["timed_out"] = None, True
    except BaseException:
        result["code"], result["traceback"] = None, traceback.format_exc()
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
    result["seconds"] = round(time.perf_counter() - start, 3)
    result["stdout"], result["stderr"] = out.getvalue()[-20_000:], err.getvalue()[-20_000:]
    return result


def _peak_kb() -> int:
    """This process's own peak resident memory in kB.

    VmHWM belongs to the process's memory since exec. ru_maxrss would not do: it keeps the peak of the process that
    forked us (a pytest worker that has grown to 600 MB after many tests), so it measured the parent, not the commands.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux


if __name__ == "__main__":
    signal.signal(signal.SIGALRM, _alarm)
    signal.signal(signal.SIGPROF, _alarm)
    limit, commands = float(sys.argv[1]), json.loads(sys.argv[2])
    for command in commands:
        print(json.dumps(run(command, limit), ensure_ascii=False), flush=True)
    print(json.dumps({"peak_mb": round(_peak_kb() / 1024, 1)}), flush=True)
