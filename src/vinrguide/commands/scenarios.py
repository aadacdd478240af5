"""`vinrguide scenarios [FILES]`: run scenario cases; exit 1 when any fails, saying why."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vinrguide.commands.common import add_command, load
from vinrguide.content.errors import ContentError
from vinrguide.content.models import Scenario, ScenarioFile
from vinrguide.content.validation import read_toml, validate
from vinrguide.scenarios import run_all


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "scenarios", "kör scenariofall (fakta in, väntat utfall ut)")
    parser.add_argument("files", nargs="*", help="scenariofiler (annars paketets scenarios/)")
    parser.set_defaults(handler=run)


def _read_files(paths: list[str]) -> list[tuple[str, Scenario]]:
    found = []
    for name in paths:
        try:
            text = Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ContentError(name, f"filen kan inte läsas ({exc})", code="VG001") from None
        loaded = validate(ScenarioFile, read_toml(text, name), name, text)
        found += [(name, s) for s in loaded.scenario]
    return found


def run(args: argparse.Namespace) -> int:
    pack = load(args)
    if pack is None:
        return 1
    try:
        cases = _read_files(args.files) if args.files else pack.scenarios
    except ContentError as err:
        print(f"vinrguide: {err}", file=sys.stderr)
        return 1
    scenario_errors = [] if args.files else [e for e in pack.errors if e.file.startswith("scenarios/")]
    for error in scenario_errors:
        print(f"FEL  {error}")
    results = run_all(pack, cases)
    for result in results:
        if result.passed:
            print(f"ok   {result.scenario.name}")
        else:
            print(f"FEL  {result.file}: {result.scenario.name}")
            for problem in result.problems:
                print(f"       – {problem}")
    passed = sum(r.passed for r in results)
    failed = (
        len(results) - passed + len(scenario_errors)
    )  # a scenario file that cannot be read counts as failed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0
