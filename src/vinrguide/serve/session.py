"""One browser tab's session: an app process started from an argument list, its stderr nowhere, its memory capped.

textual-serve's AppService does the relaying; what changes here, and why:
- the app runs as an argument list (sys.executable -m vinrguide --content DIR [--now T]), not through a shell;
- its stderr goes to /dev/null: textual-serve copies it to the server's stdout, and a traceback can quote input;
- its environment has none of Textual's debug, log or screenshot switches (they write to disk);
- its data segment is capped (RLIMIT_DATA, set on the running process): a session that runs away ends with a
  MemoryError in its own process instead of taking the host's memory. A normal session needs about 60 MiB.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shlex
import sys
from collections.abc import Awaitable, Callable, Sequence
from importlib.metadata import version
from pathlib import Path

from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

STOP_TIMEOUT = 5.0
"""Seconds an app process gets to quit after its tab closes, before it is killed."""
DEFAULT_MEMORY_MIB = 256
"""RLIMIT_DATA of an app process, in MiB: a normal session needs about 60 (VmData after a walk, measured)."""

log = logging.getLogger("vinrguide.serve")


def app_command(content: Path, now: str | None = None) -> tuple[str, ...]:
    """The command for one session: this Python, this package, the same content pack (and clock)."""
    argv = [sys.executable, "-m", "vinrguide", "--content", str(content.resolve())]
    if now:
        argv += ["--now", now]
    return tuple(argv)


def app_environment(width: int, height: int) -> dict[str, str]:
    """The app's environment: ours, without Textual's debug, log and screenshot switches (they write to disk)."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("TEXTUAL")}
    env.update(
        TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver",
        TEXTUAL_FPS="60",
        TEXTUAL_COLOR_SYSTEM="truecolor",
        TERM_PROGRAM="textual",
        TERM_PROGRAM_VERSION=version("textual-serve"),
        COLUMNS=str(width),
        ROWS=str(height),
    )
    return env


def cap_memory(pid: int, limit_bytes: int) -> None:
    """Cap a running process's data segment (heap and private mappings). Raises OSError when the system refuses."""
    import resource

    resource.prlimit(pid, resource.RLIMIT_DATA, (limit_bytes, limit_bytes))


class SessionService(AppService):
    """textual-serve's AppService, but the app runs from an argument list, with its stderr nowhere and a memory cap."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        write_bytes: Callable[[bytes], Awaitable[None]],
        write_str: Callable[[str], Awaitable[None]],
        close: Callable[[], Awaitable[None]],
        download_manager: DownloadManager,
        memory_mib: int = DEFAULT_MEMORY_MIB,
    ) -> None:
        super().__init__(
            shlex.join(argv),
            write_bytes=write_bytes,
            write_str=write_str,
            close=close,
            download_manager=download_manager,
        )
        self.argv = tuple(argv)
        self.memory_mib = memory_mib
        self.started = asyncio.Event()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,  # may hold what the user typed (a traceback); never relayed
            env=app_environment(width, height),
            start_new_session=True,  # Ctrl+C in the server's terminal reaches the server, which stops the apps
        )
        try:
            cap_memory(process.pid, self.memory_mib * 1024 * 1024)
        except OSError:
            # no session without its cap: kill the process, and the relay loop tells the page it ended
            log.error("could not cap an app process's memory: the session is refused", exc_info=True)
            with contextlib.suppress(ProcessLookupError):
                process.kill()
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def run(self) -> None:
        """Relay the app's packets to the browser until the app ends (textual-serve's loop, without stderr)."""
        process = self._process
        assert process is not None and process.stdout is not None
        stdout = process.stdout
        try:
            ready = False
            for _ in range(10):
                line = await stdout.readline()
                if not line:
                    break
                if line == b"__GANGLION__\n":
                    ready = True
                    break
            if not ready:
                log.error("the app did not start (its error output is not shown: it may hold user input)")
                return
            self.started.set()
            while True:
                kind = await stdout.readexactly(1)
                size = int.from_bytes(await stdout.readexactly(4), "big")
                payload = await stdout.readexactly(size)
                if kind == b"D":
                    await self.on_data(payload)
                elif kind == b"M":
                    await self.on_meta(payload)
                elif kind == b"P":
                    await self.on_packed(payload)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            await self._reap()
            with contextlib.suppress(Exception):
                await self.remote_close()  # the app ended (or never started): tell the page

    async def _reap(self) -> None:
        process = self._process
        if process is None or process.returncode is not None:
            return
        try:
            await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()

    async def stop(self) -> None:
        """Ask the app to quit; kill it when it does not within STOP_TIMEOUT."""
        task = self._task
        if task is None:
            return
        self._task = None
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        if self._process is not None and self._process.returncode is None:
            await self.send_meta({"type": "quit"})
        try:
            await asyncio.wait_for(asyncio.shield(task), STOP_TIMEOUT + 1)
        except TimeoutError:
            if self._process is not None:
                with contextlib.suppress(ProcessLookupError):
                    self._process.kill()
            await task
