"""`vinrguide serve` (the web app): the options only it has, and running it. commands/serve.py calls these."""

from __future__ import annotations

import argparse
import os

from vinrguide.commands.common import UsageError, load, when

MAX_WORKERS = 64


def add_web_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        default=1,
        help="antal processer som delar porten (standard 1; t.ex. en per kärna)",
    )


def run_web(args: argparse.Namespace) -> int:
    from vinrguide.hours import now_in_stockholm
    from vinrguide.web.server import WebServeConfig, serve_web

    workers = getattr(args, "workers", 1)
    if not 1 <= workers <= MAX_WORKERS:
        raise UsageError(f"--workers: ange ett tal från 1 till {MAX_WORKERS}")
    if workers > 1 and not hasattr(os, "fork"):
        raise UsageError("--workers större än 1 kräver Linux eller macOS")
    if not 0 <= args.port <= 65535:
        raise UsageError("--port: ange ett tal från 0 till 65535")
    public_url = args.public_url
    if public_url is not None and not public_url.startswith(("http://", "https://")):
        raise UsageError("--public-url: ange en adress som börjar med https:// (eller http://)")
    fixed = when(args) if getattr(args, "now", None) is not None else None
    pack = load(args)
    if pack is None:
        return 1
    config = WebServeConfig(host=args.host, port=args.port, public_url=public_url, workers=workers)
    return serve_web(pack, config, (lambda: fixed) if fixed is not None else now_in_stockholm)
