"""`vinrguide check` on the shipped content and on packs 10×, 50× and 100× its size: does the cost grow linearly?

Baseline: the shipped pack, measured in the same run. The bigger packs come from `bench/synthetic_pack.py` (every
routine, flow, unit and term copied, references kept inside each copy), written before the clock starts.

For each pack:
- **the command**: `vinrguide check --quiet --content DIR` in a subprocess (the run with the least CPU of up to 3),
  what an author waits for: wall time, and the child's CPU time (user + system, from `os.wait4`); it must exit 0
  (the synthetic packs are valid);
- **in process**: `load_pack` and `check_pack` apart (one run, the process's CPU time), to show which part grows.

Ratios use CPU time, which a busy machine disturbs far less than wall time. A ratio is the time over the shipped
pack's; "per copy" divides it by the pack's size factor (1.00 = exactly linear; the command's fixed start-up makes
it fall below 1 for the bigger packs), and the exponent is log(t100 / t10) / log 10 (1 = linear, 2 = quadratic).

    .venv/bin/python -m bench.check_bench [--factors 10,50,100]
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.synthetic_pack import ROOT, synthetic_pack

REPEAT_UNDER = 5.0  # seconds: a command faster than this is run again (up to 3 runs)


@dataclass
class Timing:
    factor: int
    wall: float  # seconds, `vinrguide check` end to end
    command: float  # its CPU seconds
    load: float  # CPU seconds in process
    check: float
    findings: int


def _command(root: Path) -> tuple[float, float]:
    """Wall and CPU seconds of `vinrguide check` on `root`: the run with the least CPU of up to three."""
    best = (math.inf, math.inf)
    for _ in range(3):
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "vinrguide", "check", "--quiet", "--content", str(root)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        assert proc.stdout is not None
        output = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            raise RuntimeError(
                f"vinrguide check failed on {root}:\n{output[-3000:].decode(errors='replace')}"
            )
        best = min(best, (usage.ru_utime + usage.ru_stime, wall))
        if wall > REPEAT_UNDER:
            break
    return best[1], best[0]


def _in_process(root: Path) -> tuple[float, float, int]:
    from vinrguide.content.check import check_pack
    from vinrguide.content.pack import load_pack

    start = time.process_time()
    pack = load_pack(root)
    loaded = time.process_time()
    findings = check_pack(pack)
    return loaded - start, time.process_time() - loaded, len(findings)


def measure_pack(root: Path, factor: int) -> Timing:
    wall, command = _command(root)
    load, check, findings = _in_process(root)
    return Timing(factor, wall, command, load, check, findings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.check_bench", description="vinrguide check, growth"
    )
    parser.add_argument("--factors", default="10,50,100", help="pack sizes besides the shipped one")
    args = parser.parse_args(argv)
    factors = [int(f) for f in args.factors.split(",")]
    _in_process(ROOT)  # import pydantic and the models once, outside every in-process figure
    timings = [measure_pack(ROOT, 1)]
    for factor in factors:
        with synthetic_pack(factor) as root:
            timings.append(measure_pack(root, factor))
    base = timings[0]
    print("vinrguide check: CPU seconds; ratio to the shipped pack; per copy = ratio / size (1.00 = linear)")
    head = f"  {'pack':<9}{'wall':>8}{'command':>9}{'ratio':>8}{'per copy':>9}"
    print(f"{head}{'load':>9}{'per copy':>9}{'check':>9}{'per copy':>9}  findings")
    for t in timings:
        ratio = t.command / base.command
        print(
            f"  {'shipped' if t.factor == 1 else f'{t.factor}×':<9}{t.wall:7.2f}s{t.command:8.2f}s{ratio:7.1f}×"
            f"{ratio / t.factor:9.2f}{t.load:8.2f}s{t.load / base.load / t.factor:9.2f}"
            f"{t.check:8.2f}s{t.check / base.check / t.factor:9.2f}  {t.findings}"
        )
    by_factor = {t.factor: t for t in timings}
    if 10 in by_factor and 100 in by_factor:
        low, high = by_factor[10], by_factor[100]
        exponents = ", ".join(
            f"{what} {math.log(getattr(high, what) / getattr(low, what)) / math.log(10):.2f}"
            for what in ("command", "load", "check")
        )
        print(f"  growth exponent from 10× to 100× (1 = linear, 2 = quadratic): {exponents}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
