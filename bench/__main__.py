"""`python -m bench` (`make bench`): every module bench/*_bench.py in turn, by name; exit 1 if any failed."""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from pathlib import Path


def main() -> int:
    names = sorted(p.stem for p in Path(__file__).resolve().parent.glob("*_bench.py"))
    failed = []
    for name in names:
        print(f"== bench.{name}", flush=True)
        start = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.{name}")
            code = module.main() if hasattr(module, "main") else 0
        except Exception:
            traceback.print_exc()
            code = 1
        print(
            f"== bench.{name}: {'ok' if not code else 'FAILED'} in {time.perf_counter() - start:.1f} s\n",
            flush=True,
        )
        if code:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
