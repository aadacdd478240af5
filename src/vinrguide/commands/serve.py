"""`vinrguide serve [--terminal] [--host 127.0.0.1] [--port 8000] [--public-url URL] [--workers N] [--max-sessions N]`:
the guide in a browser. By default the web app (web/: HTML pages, stateless, `--workers N` processes on one port);
`--terminal` serves the terminal app through textual-serve (one app process per tab, `--max-sessions`)."""

from __future__ import annotations

import argparse

from vinrguide.commands.common import UsageError, add_command, load, when
from vinrguide.serve import DEFAULT_HOST, DEFAULT_MAX_SESSIONS, DEFAULT_PORT


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "serve", "guiden i webbläsaren (webbappen; ingen egen inloggning)")
    parser.add_argument(
        "--terminal",
        action="store_true",
        help="terminalappen i webbläsaren (textual-serve: en app-process per flik)",
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"adress att lyssna på (standard {DEFAULT_HOST}: bara den här datorn)",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (standard {DEFAULT_PORT}; 0 = en ledig port)"
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        default=None,
        help="adressen användarna når servern på, t.ex. bakom en inloggningsproxy (https://…)",
    )
    parser.add_argument(
        "--max-sessions",
        type=int,
        metavar="N",
        default=DEFAULT_MAX_SESSIONS,
        help=f"med --terminal: högsta antal samtidiga sessioner (standard {DEFAULT_MAX_SESSIONS})",
    )
    from vinrguide.web.command import add_web_arguments

    add_web_arguments(parser)
    parser.set_defaults(handler=run)


def _is_web_address(url: str) -> bool:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def run(args: argparse.Namespace) -> int:
    if args.terminal:
        return run_terminal(args)
    from vinrguide.web.command import run_web

    return run_web(args)


def run_terminal(args: argparse.Namespace) -> int:
    """`serve --terminal`: the terminal app through textual-serve."""
    from vinrguide.serve.server import ServeConfig, serve
    from vinrguide.serve.session import app_command

    if args.max_sessions < 1:
        raise UsageError("--max-sessions: ange minst 1")
    if not 0 <= args.port <= 65535:
        raise UsageError("--port: ange ett tal från 0 till 65535")
    public_url = args.public_url
    if public_url is not None and not _is_web_address(public_url):
        raise UsageError(
            "--public-url: ange en adress som börjar med https:// (eller http://), med ett värdnamn"
        )
    now = getattr(args, "now", None)
    if now is not None:
        when(args)  # a bad --now is a usage error here, not in every session
    pack = load(args)
    if pack is None:
        return 1
    config = ServeConfig(
        app_argv=app_command(pack.root, now),
        host=args.host,
        port=args.port,
        public_url=public_url,
        max_sessions=args.max_sessions,
    )
    return serve(config)
