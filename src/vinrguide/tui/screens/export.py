"""The export: the summary shown as it will leave the app, then saved through deliver_text or copied."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Markdown, Static

from vinrguide.tui.markdown_text import flatten_lists
from vinrguide.tui.screens.dialogs import CLOSE, Dialog


class ExportScreen(Dialog):
    BINDINGS: ClassVar[list[BindingType]] = [
        CLOSE,
        Binding(
            "s", "save", "Spara som fil", id="save", tooltip="Spara sammanfattningen som Markdown-fil (s)"
        ),
        Binding("c", "copy", "Kopiera", id="copy", tooltip="Kopiera sammanfattningen (c)"),
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box", classes="dialog wide"):
            yield Static(
                Content.assemble(
                    ("Sammanfattning att spara eller kopiera\n", "bold"),
                    "Den innehåller inga personuppgifter och inget du skrivit själv – bara vägen genom guiden och råden.",
                ),
                classes="export-lead",
            )
            with VerticalScroll(id="export-scroll"):
                yield Markdown(flatten_lists(self.text), id="export-preview", open_links=False)
            if not self.app.is_web:  # in the browser the file is a download
                folder = Input(str(self.guide_app.export_directory()), id="export-dir", compact=True)
                folder.border_title = "Sparas i mappen"
                yield Static(Content("Sparas i mappen (ändra vid behov):"), classes="export-dir-label")
                yield folder
            with Horizontal(classes="dialog-buttons"):
                yield Button("Spara som fil (s)", id="save", variant="primary", compact=True)
                yield Button("Kopiera (c)", id="copy", compact=True)
                yield Button("Stäng (Esc)", id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    @on(Button.Pressed, "#save")
    @on(Input.Submitted, "#export-dir")
    def action_save(self) -> None:
        from pathlib import Path

        folders = self.query("#export-dir").results(Input)
        folder = next(folders, None)
        chosen = Path(folder.value).expanduser() if folder is not None and folder.value.strip() else None
        self.guide_app.export_text(self.text, chosen)

    @on(Button.Pressed, "#copy")
    def action_copy(self) -> None:
        self.guide_app.copy_text(self.text)

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)
