"""One module per subcommand; each has add_parser(subparsers) that sets `handler`."""

COMMAND_MODULES: tuple[str, ...] = (
    "check",
    "walk",
    "show",
    "graph",
    "scenarios",
    "search",
    "serve",
    "init_pack",
)
