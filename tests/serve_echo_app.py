"""A Textual app for tests/test_serve.py that misbehaves on purpose, as a crashing app might.

Everything typed is written to its stderr (straight to file descriptor 2, past Textual's capture), and Enter
crashes it with the typed text in the exception message. The server must show none of it. Ctrl+E delivers a file;
Ctrl+B asks for 1 GiB of memory at once, as a runaway session would (the server's memory cap must stop it).
"""

from __future__ import annotations

import io
import os

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Static


class EchoApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.typed = ""
        self.hoard = b""

    def compose(self) -> ComposeResult:
        yield Static("ECHO-APP READY")

    def on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            raise RuntimeError(f"crashed while holding {self.typed!r}")
        if event.key == "ctrl+b":
            self.hoard = bytes(1 << 30)  # calloc: no page touched unless the cap fails
            self.query_one(Static).update("ECHO-APP HOARDED")
            return
        if event.key == "ctrl+e":
            self.deliver_text(io.StringIO("export åäö\n"), save_filename="sammanfattning – åäö.md")
            return
        if event.character:
            self.typed += event.character
            os.write(2, f"typed so far: {self.typed}\n".encode())
            self.query_one(Static).update(f"ECHO-APP READY {len(self.typed)}")


if __name__ == "__main__":
    EchoApp().run()
