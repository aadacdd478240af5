"""`vinrguide scenarios [FILES]`: run scenario cases; exit 1 when any fails, saying why."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vinrguide.commands.common import add_command, load, parse_now_option
from vinrguide.content.errors import ContentError
from vinrguide.content.models import Scenario, ScenarioFile
from vinrguide.content.pack import read_file
from vinrguide.content.validation import read_toml, validate
from vinrguide.scenarios import ScenarioResult, run_all


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "scenarios", "kör scenariofall (fakta in, väntat utfall ut)")
    parser.add_argument("files", nargs="*", help="scenariofiler (annars paketets scenarios/)")
    parser.set_defaults(handler=run)


def _read_files(paths: list[str]) -> list[tuple[str, Scenario]]:
    """The cases of the files given, read as the pack's own files are (size, file type, UTF-8: /dev/zero or a pipe is
    refused at once); the first problem as a ContentError."""
    found = []
    for name in paths:
        text = read_file(Path(name), name)
        loaded = validate(ScenarioFile, read_toml(text, name), name, text)
        found += [(name, s) for s in loaded.scenario]
    return found


def _now_problem(case: Scenario) -> str | None:
    if case.now is None:
        return None
    try:
        parse_now_option(case.now)
    except ValueError as exc:
        return f"now: {exc}"
    return None


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
    if not cases and not scenario_errors:
        where = ", ".join(args.files) if args.files else f"{pack.root / 'scenarios'}"
        print(f"vinrguide: inga scenariofall i {where}", file=sys.stderr)
        return 1
    # A case whose `now` is not a time in the calendar (check: VG210) fails here instead of overflowing the
    # opening-hours arithmetic; the rest still run.
    problems = [(file, case, _now_problem(case)) for file, case in cases]
    results = [ScenarioResult(file, case, (problem,)) for file, case, problem in problems if problem]
    results += run_all(pack, [(file, case) for file, case, problem in problems if not problem])
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
