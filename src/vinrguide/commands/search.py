"""`vinrguide search QUERY [--json] [--limit N]`: routine sections, guides and contacts that match a question.

With `-` as the query, one query per line is read from stdin; with --json each gives exactly one JSON line, flushed.
Nothing above the confidence threshold is an empty list of hits and exit 0, never a guess. With --json the answer also
carries "facts": what facts_from_text read from the query ({"fact","value","phrase"}), never akut = nej.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from vinrguide.commands.common import UsageError, add_command, load, wants_json
from vinrguide.content.pack import ContentPack
from vinrguide.facts_from_text import read_facts
from vinrguide.search import Hit, SearchIndex


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "search", "sök i rutiner, guider och kontakter")
    parser.add_argument(
        "query", nargs="+", metavar="FRÅGA", help="det du söker; - läser en fråga per rad från stdin"
    )
    parser.add_argument("--limit", type=int, default=10, metavar="N", help="högst så här många träffar (10)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError("--limit ska vara ett heltal från 1 och uppåt")
    pack = load(args)
    if pack is None:
        return 1
    index = SearchIndex.build(pack)
    as_json = wants_json(args)
    if args.query == ["-"]:
        stdin: TextIO = sys.stdin
        if hasattr(stdin, "reconfigure"):
            stdin.reconfigure(encoding="utf-8", errors="replace")
        for line in stdin:
            _answer(pack, index, line.rstrip("\r\n"), args.limit, as_json)
        return 0
    _answer(pack, index, " ".join(args.query), args.limit, as_json)
    return 0


def _answer(pack: ContentPack, index: SearchIndex, query: str, limit: int, as_json: bool) -> None:
    hits = index.search(query, limit)
    if as_json:
        # what was read from the query: the same reading the app offers for confirmation (never akut = nej)
        facts = [
            {"fact": g.fact, "value": g.value, "phrase": g.phrase}
            for g in read_facts(pack, query)
            if not (g.fact == "akut" and g.value != "ja")
        ]
        answer = {"query": query, "hits": [h.as_json() for h in hits], "facts": facts}
        print(json.dumps(answer, ensure_ascii=False), flush=True)
    else:
        print(readable(pack, query, hits), flush=True)


def readable(pack: ContentPack, query: str, hits: list[Hit]) -> str:
    if not hits:
        lines = [f"Ingen träff i guiden för ”{query}”.", "", "Guiderna:"]
        lines += [f"  {flow.title}  [flow:{flow.id}]" for flow in pack.flows.values()]
        acute = pack.units.get("akut-112")
        if acute is not None:
            lines += [
                "",
                f"Akut fara: {acute.name}" + (f", {acute.primary_phone}" if acute.primary_phone else ""),
            ]
        return "\n".join(lines) + "\n"
    lines = [f"Träffar för ”{query}”:", ""]
    for number, hit in enumerate(hits, 1):
        lines.append(f"{number}. {hit.title}  [{hit.ref}]  {hit.score:.0f}")
        if hit.snippet:
            lines.append(f"   {hit.snippet}")
    return "\n".join(lines) + "\n"
