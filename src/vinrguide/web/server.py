"""Running the web app: one or more worker processes on one port, no access log, log templates only.

`--workers N` forks N processes after the content is loaded (the pack, the templates and the search index are
shared copy-on-write). Each worker opens its own listening socket on the same port with SO_REUSEPORT, and the kernel
spreads new connections over them. The pages are stateless, so a worker (or a host behind a load balancer) needs
nothing from the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import os
import signal
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web

from vinrguide.content.pack import ContentPack
from vinrguide.serverlog import is_loopback, no_login_warning, quiet_logging
from vinrguide.web.app import WebConfig, allowed_hosts, make_app
from vinrguide.web.pages import Site


@dataclass(frozen=True)
class WebServeConfig:
    host: str
    port: int
    public_url: str | None = None
    workers: int = 1


def _reserve(host: str, port: int) -> socket.socket:
    """A socket bound to the address (not listening) that fixes the port for every worker (port 0: a free one)."""
    infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    family, kind, proto, _name, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if hasattr(socket, "SO_REUSEPORT"):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)
    return sock


async def _run_worker(site: Site, config: WebServeConfig, port: int, started: Callable[[], None]) -> None:
    web_config = WebConfig(hosts=allowed_hosts(config.host, config.public_url))
    app = make_app(site.pack, site=site, config=web_config)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    try:
        tcp = web.TCPSite(runner, config.host, port, reuse_port=True, shutdown_timeout=2.0, backlog=1024)
        await tcp.start()
        started()  # listening, and Ctrl+C or SIGTERM now stops it cleanly
        await stop.wait()
    finally:
        await runner.cleanup()


def _worker(site: Site, config: WebServeConfig, port: int, started: Callable[[], None]) -> None:
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_run_worker(site, config, port, started))


def _warm(site: Site) -> None:
    """The search index, the free-text rules and every template loaded before the fork (shared by the workers)."""
    site.start(None, "våld hot")
    for page in (site.acute, site.directory, site.routines, site.coach):
        page()
    gc.collect()
    gc.freeze()  # the content lives as long as the server: the collector need not scan it, and workers share it


def serve_web(
    pack: ContentPack,
    config: WebServeConfig,
    clock: Callable[[], dt.datetime],
    on_ready: Callable[[str], None] | None = None,
) -> int:
    """Run until Ctrl+C or SIGTERM. Prints the address on stdout once it is listening; warnings on stderr."""
    quiet_logging()
    if not is_loopback(config.host):
        print(no_login_warning(config.host), file=sys.stderr, flush=True)
    site = Site(pack, clock)
    _warm(site)
    try:
        reserved = _reserve(config.host, config.port)
    except OSError as exc:
        print(
            f"vinrguide serve: kan inte lyssna på {config.host}:{config.port}: {exc.strerror}",
            file=sys.stderr,
        )
        return 1
    port = reserved.getsockname()[1]
    host = f"[{config.host}]" if ":" in config.host else config.host
    url = f"http://{host}:{port}/"
    workers = max(1, config.workers)

    def ready() -> None:
        noun = "process" if workers == 1 else "processer"
        print(f"vinrguide serve: {url} ({workers} {noun}). Avsluta med Ctrl+C.", flush=True)
        if config.public_url:
            print(f"vinrguide serve: användarna når den på {config.public_url}", flush=True)
        if on_ready is not None:
            on_ready(url)

    if workers == 1:
        try:
            _worker(site, config, port, ready)
        except OSError as exc:
            print(
                f"vinrguide serve: kan inte lyssna på {config.host}:{port}: {exc.strerror}", file=sys.stderr
            )
            return 1
        finally:
            reserved.close()
        return 0
    children: list[int] = []
    signal.signal(signal.SIGTERM, lambda *_: _stop(children))
    signal.signal(signal.SIGINT, lambda *_: _stop(children))
    read_end, write_end = os.pipe()
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:  # a worker: serve until told to stop, then leave without the parent's cleanup
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            reserved.close()
            os.close(read_end)
            code = 0

            def announce() -> None:
                os.write(write_end, b".")

            try:
                _worker(site, config, port, announce)
            except Exception:
                code = 1
            os._exit(code)
        children.append(pid)
    os.close(write_end)
    started = 0
    while started < workers:  # every worker listening (or one has failed: the pipe ends early)
        try:
            chunk = os.read(read_end, workers)
        except InterruptedError:
            continue
        if not chunk:
            break
        started += len(chunk)
    os.close(read_end)
    if started == workers:
        ready()
    else:
        print(f"vinrguide serve: kan inte lyssna på {config.host}:{port}", file=sys.stderr)
        _stop(children)
    return _supervise(children, reserved)


def _stop(children: list[int]) -> None:
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)


def _supervise(children: list[int], reserved: socket.socket) -> int:
    """Wait for the workers; if one fails, stop the others."""
    failed = 0
    remaining = set(children)
    while remaining:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        if pid in remaining:
            remaining.discard(pid)
            if os.waitstatus_to_exitcode(status) not in (0, -signal.SIGTERM):
                failed += 1
                _stop(list(remaining))
    reserved.close()
    return 1 if failed else 0
