"""The app in a real browser: `vinrguide serve` driven through Debian's Chromium (headless) with Playwright.

A missing browser fails these tests (`make test` installs it with apt-get); they never skip. They run in one xdist
worker (group "browser"). The screen is rebuilt from the bytes the page receives (tests/browser_support.py), and every
request the browser makes is recorded: anything not to 127.0.0.1 fails the test (and is blocked).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Download, Playwright, sync_playwright

from .browser_support import (
    BrowserTerminal,
    RequestLog,
    ServerProcess,
    launch_chromium,
    running_server,
    serve_argv,
    walk_plan,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

APP_NAME = "Stöd vid våld"
GUIDE_LIST = "Oro för att en ung person förs utomlands"  # on the start screen once the content has loaded
START_HINT = "Tab: guiderna · 1–9 startar en guide"  # only on the start screen
FAKE_NAME = "Zlatana Provnamnsdotter"
FAKE_PNR = "19850101-1234"

# Keys a browser keeps for itself (or that users expect to do the browser's thing): the app must not need them.
BROWSER_KEYS = {
    "ctrl+w", "ctrl+t", "ctrl+n", "ctrl+r", "f5", "f11", "f12", "ctrl+shift+n", "ctrl+shift+t", "ctrl+shift+w",
    "ctrl+tab", "ctrl+shift+tab", "ctrl+pageup", "ctrl+pagedown", "alt+left", "alt+right", "alt+f4", "ctrl+l",
    "f6", "ctrl+shift+i", "ctrl+shift+j", "ctrl+shift+delete", "ctrl+q", "ctrl+shift+q",
}  # fmt: skip


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = launch_chromium(playwright)  # raises (fails) when /usr/bin/chromium is missing
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    with running_server(serve_argv()) as served:
        yield served


class Tab:
    """A fresh browser context (no shared storage) with its request log, downloads and one terminal."""

    def __init__(self, browser: Browser, url: str) -> None:
        self.context = browser.new_context(accept_downloads=True)
        self.requests = RequestLog(self.context)
        self.downloads: list[Download] = []
        # textual.js opens the download in a new window; Chromium reports it on the opening page
        self.context.on("page", lambda page: page.on("download", lambda d: self.downloads.append(d)))
        self.term = BrowserTerminal(self.context, url, width=1400, height=1700)  # tall: the whole outcome
        self.term.page.on("download", lambda d: self.downloads.append(d))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser: Browser, server: ServerProcess) -> Iterator[Tab]:
    opened = Tab(browser, server.url)
    yield opened
    opened.close()


def start(tab: Tab) -> BrowserTerminal:
    term = tab.term
    term.open(GUIDE_LIST)
    term.settle()
    return term


def walk_to_outcome(term: BrowserTerminal, to_guides: bool = True) -> None:
    """The walk by keyboard from the start screen. `to_guides`: the focus is still in "Beskriv situationen…" (where
    it starts, and a digit there is text), so first Tab to the guide list, as the start screen's hint says."""
    plan = walk_plan()
    if to_guides:
        term.press(plan.to_guides)
    for key, expect in plan.steps:
        term.press(key)
        term.wait_for(expect)


# ---------------------------------------------------------------- the walk, acute help, the export


def test_walk_utlandsresa_to_its_outcome_with_the_keyboard(tab: Tab) -> None:
    term = start(tab)
    assert term.has(APP_NAME) and term.has("AKUT 112")
    plan = walk_plan()
    walk_to_outcome(term)
    assert term.has(plan.outcome_title)
    assert term.has("GENAST") if plan.urgency == "genast" else term.has("AKUT")
    assert term.has("Gör inte") and term.has(plan.dont[0][:40])
    assert term.has("Utkast – inte fastställd")

    # acute help with its key, on top of the outcome, and closed again
    term.press("F2")
    term.wait_for("AKUT HJÄLP")
    assert term.has("112 – larmnumret") and term.has("Kvinnofridslinjen")
    term.press("Escape")
    term.wait_for_gone("AKUT HJÄLP")

    # the export: a summary without names, downloaded as a file
    term.press("e")
    term.wait_for("Spara som fil (s)")
    term.press("s", settle=False)
    term.wait_until(
        lambda: bool(tab.downloads), 20, f"the export to download {term.messages} {tab.context.pages}"
    )
    download = tab.downloads[0]
    assert download.suggested_filename.startswith("vinrguide-sammanfattning-")
    assert download.suggested_filename.endswith(".md")
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("# Sammanfattning: Oro för att en ung person förs utomlands")
    assert plan.outcome_title in text
    assert plan.dont[0] in text
    assert "Utkast – inte fastställd av Uppsala kommun" in text
    assert "Under 18 år" in text  # the path: the answers given

    assert tab.requests.outside() == [], "every request must go to 127.0.0.1"
    assert any("/ws" in u for u in tab.requests.urls) and any(u.endswith(".ttf") for u in tab.requests.urls)


# ---------------------------------------------------------------- every key the app uses


def app_bindings() -> dict[str, set[str]]:
    """Every key the app binds itself (App, screens, widgets) → the actions it triggers."""
    import vinrguide.tui

    found: dict[str, set[str]] = {}
    package = Path(vinrguide.tui.__file__).parent
    for info in pkgutil.walk_packages([str(package)], prefix="vinrguide.tui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not cls.__module__.startswith("vinrguide.tui"):
                continue
            for binding in cls.__dict__.get("BINDINGS", []):  # the app's own, not Textual's defaults
                key, action = (binding.key, binding.action) if hasattr(binding, "key") else binding[:2]
                for one in key.split(","):
                    found.setdefault(one.strip(), set()).add(action)
    return found


def test_no_key_of_the_app_is_one_the_browser_keeps() -> None:
    bindings = app_bindings()
    assert "clear_session" in set().union(*bindings.values()), "the app has a key that clears the session"
    clash = {k: a for k, a in bindings.items() if k in BROWSER_KEYS}
    assert clash == {}, f"keys a browser takes: {clash}"
    clear_keys = [k for k, actions in bindings.items() if "clear_session" in actions]
    assert clear_keys and not set(clear_keys) & BROWSER_KEYS


TESTED_KEYS: set[str] = set()
"""Keys the tests below pressed in the browser, as Textual names them (checked against the app's bindings last)."""

PLAYWRIGHT_TO_TEXTUAL = {"Control+": "ctrl+", "Arrow": "", "?": "question_mark", "/": "slash", " ": "space"}


def press(term: BrowserTerminal, key: str, expect: str | None = None, gone: str | None = None) -> None:
    term.press(key)
    name = key
    for a, b in PLAYWRIGHT_TO_TEXTUAL.items():
        name = name.replace(a, b)
    TESTED_KEYS.add(name.lower())
    if expect:
        term.wait_for(expect)
    if gone:
        term.wait_for_gone(gone)


def test_keys_work_right_after_the_page_loads_without_a_click(tab: Tab) -> None:
    """Issue 12, item 3: the page focuses the terminal itself; F2 is the first key a user in danger presses."""
    term = tab.term
    term.open(GUIDE_LIST, focus=False)
    focused = term.page.evaluate("document.activeElement && document.activeElement.className")
    assert "xterm-helper-textarea" in focused, focused
    term.press("F2", settle=False)
    term.wait_for("AKUT HJÄLP")


def test_keys_on_the_start_screen(tab: Tab) -> None:
    term = start(tab)
    press(term, "F1", "Tangenter")  # help
    press(term, "F1", gone="Tangenter")  # F1 closes it again
    press(term, "F1", "Tangenter")
    press(term, "Escape", gone="Tangenter")
    # the palette lists acute help first: a quick ctrl+p, Enter opens it and never ends the session (issue 12, 1)
    press(term, "Control+p", "Sök guide, rutinavsnitt, kontakt")
    press(term, "Enter", "AKUT HJÄLP")
    press(term, "Escape", gone="AKUT HJÄLP")
    assert not tab.term.websocket_closed
    press(term, "Control+p", "Sök guide, rutinavsnitt, kontakt")  # the command palette
    press(term, "Escape", gone="Sök guide, rutinavsnitt, kontakt")
    press(term, "F4", "Coachläge på")
    press(term, "F4", "Coachläge av")

    # a letter typed on the start screen goes into the text box, from the guide list too: "k" opens nothing here
    press(term, "Tab")  # from "Beskriv situationen…" (where the focus starts) to the guide list
    term.type("kompis")
    term.wait_for("kompis")
    assert not term.has("Filtrera"), "k on the start screen must not open the directory"
    press(term, "Escape", gone="kompis")  # Esc empties the box
    term.wait_for(GUIDE_LIST)

    # the practice cases, the directory and the routines are the items below the guides
    press(term, "Tab")  # to the guide list again
    press(term, "End")  # the last item: Övningsfall
    press(term, "Enter", "Välj ett fall.")
    press(term, "b", gone="Välj ett fall.")
    term.wait_for(START_HINT)
    press(term, "F2", "AKUT HJÄLP")
    press(term, "b", gone="AKUT HJÄLP")

    # the directory: filter with /, down to the list, Enter opens a contact, c copies its number
    press(term, "ArrowUp")
    press(term, "ArrowUp")  # Kontakter
    press(term, "Enter", "Filtrera")
    press(term, "Escape", gone="Filtrera")
    press(term, "Enter", "Filtrera")
    press(term, "/")
    term.type("nexus")
    press(term, "ArrowDown")
    press(term, "Enter", "c kopierar numret")
    press(term, "c", "kopierad")
    press(term, "Escape", gone="c kopierar numret")
    press(term, "Escape", gone="Filtrera")

    # a routine: picked from the list; t toggles the table of contents, l lists the links, r picks another
    # routine, k opens the directory (off the start screen the one-letter keys work)
    press(term, "ArrowDown")  # Rutiner
    press(term, "Enter", "Välj en rutin att läsa")
    press(term, "Enter", gone="Välj en rutin att läsa")
    press(term, "t")
    press(term, "t")
    press(term, "l", "Välj en länk i rutinen")
    press(term, "Escape", gone="Välj en länk i rutinen")
    press(term, "r", "Välj en rutin att läsa")
    press(term, "Escape", gone="Välj en rutin att läsa")
    press(term, "k", "Filtrera")
    press(term, "Escape", gone="Filtrera")
    press(term, "Escape", START_HINT)

    # a click on AKUT 112 in the header does what F2 does
    term.click_text("AKUT 112")
    term.wait_for("AKUT HJÄLP")
    press(term, "Escape", gone="AKUT HJÄLP")


RESTART_QUESTION = "Börja om guiden? Dina svar glöms."
QUIT_QUESTION = "Avsluta? Dina svar i guiden glöms."


def test_keys_in_a_guide(tab: Tab) -> None:
    term = start(tab)
    plan = walk_plan()
    first_question = plan.steps[0][1]
    # the guide list with arrows and Enter
    press(term, "Tab")  # from "Beskriv situationen…" (where the focus starts) to the guide list
    press(term, "Home")
    for _ in range(int(plan.guide_key) - 1):
        press(term, "ArrowDown")
    press(term, "ArrowUp")
    press(term, "ArrowDown")
    press(term, "Enter", first_question)
    press(term, "?", "Varför frågar vi?")
    first_answer, second_question = plan.steps[1]
    press(term, first_answer, second_question)

    # s mid-guide asks before the answers go: n and Esc keep them, y starts over (issue 12, item 5)
    press(term, "s", RESTART_QUESTION)
    press(term, "n", gone=RESTART_QUESTION)
    assert term.has(second_question)
    press(term, "s", RESTART_QUESTION)
    press(term, "Escape", gone=RESTART_QUESTION)
    assert term.has(second_question)
    # quitting with answers asks first too (the palette's "Avsluta"): n keeps the session
    press(term, "Control+p", "Sök guide, rutinavsnitt, kontakt")
    term.type("Avsluta")
    press(term, "Enter", QUIT_QUESTION)
    press(term, "n", gone=QUIT_QUESTION)
    assert term.has(second_question) and not term.websocket_closed
    press(term, "s", RESTART_QUESTION)
    press(term, "y", gone=RESTART_QUESTION)
    term.wait_for_gone(second_question)
    term.wait_for(first_question)

    press(term, first_answer, second_question)
    press(term, "b", "ditt svar")  # back to the first question: the answer is remembered
    press(term, "Escape", gone=first_question)  # Esc is Back too: out of the guide, to the start
    term.wait_for(START_HINT)
    walk_to_outcome(term, to_guides=False)  # the guide list kept the focus
    TESTED_KEYS.update(key for key, _ in plan.steps)

    # A click on an action focuses the checklist (and ticks the item under the pointer); then space and Enter tick
    # and untick the focused action: each flips exactly one item.
    term.click_text("☐ " + term.screen.flat().split("☐ ", 1)[1][:20])
    term.settle()
    after_click = ticks(term)
    press(term, " ")
    after_space = ticks(term)
    assert len(after_click ^ after_space) == 1, (after_click, after_space)
    press(term, "Enter")
    assert ticks(term) == after_click
    press(term, "m", "Karta:")  # the whole guide as a tree
    press(term, "Escape", gone="Karta:")
    press(term, "l", "Välj rutinavsnitt att läsa")  # the routine sections behind the advice
    press(term, "Enter", gone="Välj rutinavsnitt att läsa")
    press(term, "Escape", plan.outcome_title)
    # a legal reference behind the advice (a click), and o opens its web page in the browser: a new tab asks for
    # the address (blocked here, as every request off 127.0.0.1)
    press(term, "End")  # the sources are at the end of the card
    legal = next(t for t in (line.strip(" │┃▌▐█") for line in term.screen.lines()) if t.startswith("§ "))
    term.click_text(legal[:30])
    term.wait_for("o öppnar webbsidan")
    press(term, "o")
    term.wait_until(lambda: bool(tab.requests.blocked), 20, "the legal page to open in a new tab")
    opened = urlsplit(tab.requests.blocked[0])
    assert opened.scheme == "https" and term.has(
        f"https://{opened.hostname}/"
    )  # the one shown, tab.requests.blocked
    press(term, "b", gone="o öppnar webbsidan")
    press(term, "e", "Spara som fil (s)")
    press(term, "c", "kopierad")  # copy (a headless browser may refuse the clipboard; the app says it tried)
    press(term, "Escape", gone="Spara som fil (s)")
    press(term, "c", "kopierad")
    press(term, "s", first_question)  # start the guide again: at the outcome nothing is asked
    assert not term.has(RESTART_QUESTION)

    # clearing the session: everything chosen and answered is gone, back at the start
    press(term, "F9", "Sessionen är rensad")
    term.wait_for(START_HINT)
    assert not term.has(first_question)

    # quitting with an answer given, and j (Ja): the session ends, and the page says so
    walk = plan.steps[:2]
    term.press(plan.to_guides)
    for key, expect in walk:
        term.press(key)
        term.wait_for(expect)
    press(term, "Control+p", "Sök guide, rutinavsnitt, kontakt")
    term.type("Avsluta")
    press(term, "Enter", QUIT_QUESTION)
    press(term, "j")
    term.wait_until(lambda: term.websocket_closed, 20, "the session to end")
    term.page.get_by_text("Sessionen är avslutad").wait_for(state="visible", timeout=10_000)


def ticks(term: BrowserTerminal) -> set[str]:
    """The actions shown ticked off (☑), by their first words."""
    return {line.split("☑ ", 1)[1][:30] for line in term.screen.lines() if "☑ " in line}


def test_keys_from_the_free_text_box(tab: Tab) -> None:
    term = start(tab)  # the focus starts in the free-text box
    term.type("eleven är 15 år och ska resa i sommar, hedersförtryck")
    press(term, "1")  # a digit in the box is text, not a guide
    press(term, "Enter", f"Guide ▶ {GUIDE_LIST}")  # the hits, best first: this guide is the first
    press(term, "Home")  # the first hit
    press(term, "Enter", "Stämmer det här?")  # what the guide read from the text, to confirm
    press(term, "Control+s", walk_plan().steps[0][1])  # start the guide with it: akut is still asked
    press(term, "F9", "Sessionen är rensad")
    assert not term.has("hedersförtryck")


def test_every_key_the_app_binds_was_pressed_in_the_browser() -> None:
    """Runs after the key tests above (same module, same worker, in file order)."""
    if not TESTED_KEYS:
        pytest.skip("run together with the key tests")
    bound = set(app_bindings())
    not_pressed = bound - TESTED_KEYS - {"f2"} - {str(n) for n in range(4, 10)} - {"down"}
    # F2: in the walk test and the privacy test; 4–9: utlandsresa has no question with more than three answers
    # (the same binding as 1–3); "down" is ArrowDown
    assert not_pressed == set(), f"keys the app binds that no browser test pressed: {sorted(not_pressed)}"


# ---------------------------------------------------------------- a long paste


PASTE = """(text) => {
    const data = new DataTransfer();
    data.setData("text/plain", text);
    const event = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
    document.querySelector(".xterm-helper-textarea").dispatchEvent(event);
}"""


def test_a_paste_too_long_for_the_server_is_cut_and_the_user_is_told(tab: Tab) -> None:
    """textual.js sends a paste as one message; over the server's limit that ended the session (1009)."""
    from vinrguide.serve.messages import MAX_MESSAGE

    sent: list[int] = []
    tab.term.page.on(
        "websocket",
        lambda ws: ws.on("framesent", lambda p: sent.append(len(p.encode() if isinstance(p, str) else p))),
    )
    term = start(tab)  # the focus starts in the free-text box
    notice = term.page.locator(".paste-notice")
    assert notice.is_hidden()
    term.page.evaluate(PASTE, "pappa slår " + "å" * 60_000)  # 120 kB of UTF-8
    notice.wait_for(state="visible", timeout=10_000)
    assert "för lång" in notice.inner_text()
    term.wait_for("ååååå")  # what was kept is in the box
    assert max(sent) <= MAX_MESSAGE and not term.websocket_closed
    term.press("F2")  # the session goes on
    term.wait_for("AKUT HJÄLP")
    assert not term.websocket_closed and tab.requests.outside() == []


# ---------------------------------------------------------------- privacy


def test_typed_text_never_reaches_the_server_output(browser: Browser) -> None:
    with running_server(serve_argv()) as served:
        tab = Tab(browser, served.url)
        try:
            term = start(tab)  # the focus starts in the free-text box
            term.type(f"{FAKE_NAME} {FAKE_PNR} ska resa")
            term.wait_for(FAKE_NAME)
            term.press("1")  # typing a digit in the box must not start guide 1
            term.wait_for(f"{FAKE_NAME} {FAKE_PNR} ska resa1")  # a busy host may draw it late
            term.press("F2")  # acute help works while typing
            term.wait_for("AKUT HJÄLP")
            term.press("Escape")
            term.press("Control+p")
            term.type(FAKE_NAME)
            term.press("Escape")
            term.press("F9")
            term.wait_for("Sessionen är rensad")
            term.wait_for_gone(FAKE_NAME)
            assert tab.requests.outside() == []
        finally:
            tab.close()
        deadline = time.monotonic() + 15
        while served.app_pids() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert served.app_pids() == [], "the app process ends with its tab"
    output = served.output
    for secret in (FAKE_NAME, "Provnamn", FAKE_PNR, "ska resa"):
        assert secret not in output
    assert "GET" not in output  # no access log


# ---------------------------------------------------------------- capacity, in small


def test_two_sessions_at_once(playwright: Playwright) -> None:
    from bench.load_bench import run_load

    result = run_load("app", sessions=2, timeout=60, playwright=playwright)
    assert len(result.first_screen) == 2 and max(result.first_screen) < 30
    assert len(result.rss_kib) == 2 and all(20_000 < kib < 400_000 for kib in result.rss_kib)
    assert result.outcomes == 2
    assert result.outside_requests == []
