"""`vinrguide init-pack DIR [--content SRC]`: a content pack for another municipality, made from the default one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vinrguide.commands.common import UsageError, add_command
from vinrguide.content.check import check_pack
from vinrguide.content.locate import pack_dir
from vinrguide.content.pack import load_pack


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = add_command(
        sub,
        "init-pack",
        "skapa ett innehållspaket för en annan kommun utifrån det inbyggda (eller --content)",
    )
    parser.add_argument("dir", metavar="MAPP", help="den nya paketmappen (får inte finnas, eller vara tom)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from vinrguide.init_pack import PACK_TOML, PackExistsError, SourcePackError, init_pack

    target = Path(args.dir)
    source = pack_dir(getattr(args, "content", None))
    if not (source / "flows").is_dir():
        raise UsageError(f"{source} är inget innehållspaket (mappen flows/ saknas)")
    try:
        made = init_pack(target, source)
    except PackExistsError:
        raise UsageError(
            f"{target} finns redan och är inte tom; init-pack skriver aldrig över något. Välj en ny mapp."
        ) from None
    except SourcePackError as exc:
        print(f"vinrguide: källpaketet i {exc.source} har fel; rätta dem först:", file=sys.stderr)
        for problem in exc.problems[:20]:
            print(f"  {problem}", file=sys.stderr)
        if len(exc.problems) > 20:
            print(f"  … och {len(exc.problems) - 20} till", file=sys.stderr)
        print(f"Kör 'vinrguide check --content {exc.source}' för hela listan.", file=sys.stderr)
        return 1
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(
            f"vinrguide: kunde inte skapa paketet i {target}: {exc.strerror or exc}{where}", file=sys.stderr
        )
        return 1
    root = made.root
    print(f"Nytt innehållspaket i {root}")
    print(f"(kopierat från {made.source})\n")
    print(f"Fyll i – {PACK_TOML}: kommunens namn, vem som äger innehållet och kontorstiderna.")
    print(
        f"Fyll i – {len(made.local_units)} lokala enheter i routines/units.toml (nummer, öppettider, källa):"
    )
    print("  " + ", ".join(made.local_units))
    print(f"Granska – {len(made.routines)} rutiner, alla utkast (routines/*.md):")
    print("  " + ", ".join(made.routines))
    print(f"Granska – {len(made.flows)} guider, alla utkast (flows/*.toml):")
    print("  " + ", ".join(made.flows))
    if made.mentions:
        print(f"Texter som nämner {made.municipality} (byt mot er kommun eller stryk):")
        for file, count in made.mentions.items():
            print(f"  {file}: {count} {'ställe' if count == 1 else 'ställen'}")
    print(f"Oförändrat: {len(made.national_units)} nationella enheter ({', '.join(made.national_units)}),")
    print("  lagrummen (routines/legal.toml), fakta (flows/facts.toml) och söktermerna.")
    if made.scenario_expectations_dropped:
        print(
            f"Scenarierna: {made.scenario_expectations_dropped} förväntningar om öppettider för lokala enheter "
            "är borttagna (tiderna är okända tills ni fyller i dem)."
        )
    findings = check_pack(load_pack(root))
    errors = sum(f.severity == "error" for f in findings)
    print(f"\nvinrguide check: {errors} fel, {len(findings) - errors} saker kvar att fylla i eller granska.")
    print("Nästa steg:")
    print(f"  vinrguide check --content {root}      visar vad som återstår, fil och rad")
    print(f"  vinrguide scenarios --content {root}  kör scenarierna")
    print(f"  vinrguide --content {root}            öppnar appen med paketet")
    return 1 if errors else 0
