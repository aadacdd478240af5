"""The baseline of bench/load_bench.py: a bare Textual app (a header, a line of text, a footer), served the same way."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class BaselineApp(App[None]):
    TITLE = "Baslinje"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Baslinje")
        yield Footer()


if __name__ == "__main__":
    BaselineApp().run()
