"""`vinrguide check` on the shipped content and on packs 10×, 50× and 100× its size: does the cost grow linearly?

Baseline: the shipped pack, measured in the same run. The bigger packs come from `bench/synthetic_pack.py` (every
routine, flow, unit and term copied, references kept inside each copy), written before the clock starts.

For each pack:
- **the command**: `vinrguide check --quiet --content DIR` in a subprocess, wall time (best of up to 3 runs), what an
  author waits for; it must exit 0 (the synthetic packs are valid);
- **in process**: `load_pack` and `check_pack` timed apart (one run), to show which part grows faster.

A ratio is the time over the shipped pack's; "per copy" divides it by the pack's size factor (1.0 = exactly linear),
and the exponent is log(t100 / t10) / log 10 (1 = linear, 2 = quadratic).

    .venv/bin/python -m bench.check_bench [--factors 10,50,100]
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.synthetic_pack import ROOT, synthetic_pack

REPEAT_UNDER = 5.0  # seconds: a command faster than this is run again (best of 3)


@dataclass
class Timing:
    factor: int
    command: float  # seconds, `vinrguide check` end to end
    load: float
    check: float
    findings: int


def _command(root: Path) -> float:
    best = math.inf
    for _ in range(3):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "vinrguide", "check", "--quiet", "--content", str(root)],
            capture_output=True,
            text=True,
        )
        best = min(best, time.perf_counter() - start)
        if done.returncode != 0:
            raise RuntimeError(
                f"vinrguide check failed on {root}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
            )
        if best > REPEAT_UNDER:
            break
    return best


def _in_process(root: Path) -> tuple[float, float, int]:
    from vinrguide.content.check import check_pack
    from vinrguide.content.pack import load_pack

    start = time.perf_counter()
    pack = load_pack(root)
    loaded = time.perf_counter()
    findings = check_pack(pack)
    return loaded - start, time.perf_counter() - loaded, len(findings)


def measure_pack(root: Path, factor: int) -> Timing:
    command = _command(root)
    load, check, findings = _in_process(root)
    return Timing(factor, command, load, check, findings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.check_bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--factors", default="10,50,100", help="pack sizes besides the shipped one (10,50,100)"
    )
    args = parser.parse_args(argv)
    factors = [int(f) for f in args.factors.split(",")]
    _in_process(ROOT)  # import pydantic and the models once, outside every in-process figure
    timings = [measure_pack(ROOT, 1)]
    for factor in factors:
        with synthetic_pack(factor) as root:
            timings.append(measure_pack(root, factor))
    base = timings[0]
    print("vinrguide check: wall time; ratio to the shipped pack; per copy = ratio / size (1.00 = linear)")
    print(
        f"  {'pack':<12}{'command':>10}{'ratio':>8}{'per copy':>10}   {'load':>8}{'per copy':>10}   {'check':>8}{'per copy':>10}   findings"
    )
    for t in timings:
        name = "shipped" if t.factor == 1 else f"{t.factor}×"
        print(
            f"  {name:<12}{t.command:9.2f}s{t.command / base.command:7.1f}×{t.command / base.command / t.factor:10.2f}"
            f"   {t.load:7.2f}s{t.load / base.load / t.factor:10.2f}"
            f"   {t.check:7.2f}s{t.check / base.check / t.factor:10.2f}   {t.findings}"
        )
    by_factor = {t.factor: t for t in timings}
    if 10 in by_factor and 100 in by_factor:
        low, high = by_factor[10], by_factor[100]
        print(
            "  growth exponent from 10× to 100× (1 = linear, 2 = quadratic): "
            + ", ".join(
                f"{what} {math.log(getattr(high, what) / getattr(low, what)) / math.log(10):.2f}"
                for what in ("command", "load", "check")
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
