"""`vinrguide graph FLOW --format mermaid|text`: the decision tree, for review."""

from __future__ import annotations

import argparse

from vinrguide.commands.common import UsageError, add_command, load
from vinrguide.graph import mermaid, outline_text


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "graph", "guiden som diagram (Mermaid) eller träd (text)")
    parser.add_argument("flow", help="guidens id")
    parser.add_argument("--format", choices=("mermaid", "text"), default="mermaid")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    pack = load(args)
    if pack is None:
        return 1
    flow = pack.flows.get(args.flow)
    if flow is None:
        raise UsageError(f"okänd guide {args.flow!r}; guider: {', '.join(sorted(pack.flows))}")
    print(mermaid(pack, flow) if args.format == "mermaid" else outline_text(pack, flow), end="")
    return 0
