"""The web app in real Chromium (Debian's, never a downloaded build): axe-core on every page type in light and dark,
keyboard-only journeys for the three user groups with and without JavaScript, reflow at 320 px and 200 % zoom,
forced colours and reduced motion, and every request to the server itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import RequestLog, launch_chromium
from tests.web_support import live_server

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("web-browser")]


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with live_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


def new_page(browser: Any, js: bool = True, **options: Any) -> tuple[Any, RequestLog]:
    context = browser.new_context(java_script_enabled=js, accept_downloads=True, **options)
    log = RequestLog(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page, log


def focused(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => { const e = document.activeElement; const s = getComputedStyle(e);
        return {tag: e.tagName.toLowerCase(), id: e.id, text: (e.innerText || e.value || '').trim().slice(0, 80),
                name: e.getAttribute('name'), value: e.value, type: e.getAttribute('type'),
                outline: s.outlineStyle !== 'none' && s.outlineColor !== 'rgba(0, 0, 0, 0)' && s.outlineWidth !== '0px',
                shadow: s.boxShadow !== 'none', background: s.backgroundColor}; }"""
    )


def visibly_focused(page: Any) -> bool:
    info = focused(page)
    return bool(info["outline"] or info["shadow"])


def tab_to(page: Any, predicate: Any, limit: int = 60) -> dict[str, Any]:
    """Press Tab until the focused element matches; every stop on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = focused(page)
        if info["tag"] not in ("body", "h1", "div"):
            assert visibly_focused(page), f"focus is not visible on {info}"
        if predicate(info):
            return info
    raise AssertionError("never reached the element by Tab")


def open_all_details(page: Any) -> None:
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")


# ---------------------------------------------------------------- the pages, reached as a user reaches them


def visit_every_page_type(page: Any, base_url: str) -> Iterator[str]:
    """Go to each page type in turn and yield its name when it is showing."""
    for path in ["/", "/akut", "/kontakter", "/rutiner", "/rutiner/agera-vid-misstanke", "/coach"]:
        page.goto(base_url + path)
        yield path
    page.goto(base_url + "/coach/karta/utlandsresa")
    yield "karta"
    page.goto(base_url + "/coach/ovning/0")
    yield "övningsfall"
    page.goto(base_url + "/finns-inte")
    yield "felsida"
    page.goto(base_url + "/")
    page.fill("#q", "En 15-årig elev ska giftas bort i sommar")
    page.click("button[value=sok]")
    yield "sökresultat"
    page.click("button[name=starta][value=utlandsresa] >> nth=0")
    yield "fråga"
    page.click("button[value=svara]")
    yield "fråga med fel"
    page.check("#svar-2")
    page.click("button[value=svara]")
    page.wait_for_selector(".outcome")
    yield "utfall"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_any_page_type(browser: Any, base_url: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page, log = new_page(browser, color_scheme=scheme)
    found = {}
    for name in visit_every_page_type(page, base_url):
        open_all_details(page)
        results = axe.run(page)
        if results.violations_count:
            found[name] = results.generate_report()
    page.context.close()
    assert not found, "\n".join(f"{name}:\n{report}" for name, report in found.items())
    assert not log.outside(), "every request went to the server itself"


@pytest.mark.parametrize(("width", "height"), [(320, 640), (640, 400)], ids=["320px", "200%-zoom"])
def test_no_horizontal_scrolling_at_320_px_and_at_200_percent_zoom(
    browser: Any, base_url: str, width: int, height: int
) -> None:
    # 200 % zoom of a 1280 px window is a 640 CSS px viewport (WCAG 1.4.10 reflow)
    page, _log = new_page(browser, viewport={"width": width, "height": height})
    wide = []
    for name in visit_every_page_type(page, base_url):
        open_all_details(page)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            wide.append((name, overflow))
    page.context.close()
    assert not wide, f"horizontal scrolling (page, px too wide): {wide}"


# ---------------------------------------------------------------- keyboard journeys


def start_of_page(page: Any) -> None:
    """Skip link first, then AKUT 112: the first two Tab stops of every page."""
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["text"] == "Hoppa till innehållet" and visibly_focused(page)
    page.keyboard.press("Tab")
    second = focused(page)
    assert second["text"].startswith("AKUT 112") and visibly_focused(page)


def on_new_question(page: Any, js: bool) -> None:
    """After an answer: with JS focus is on the new question's heading; without, the skip link leads there."""
    page.wait_for_selector("#rubrik")
    if js:
        assert focused(page)["id"] == "rubrik"
    else:
        page.keyboard.press("Tab")
        assert focused(page)["text"] == "Hoppa till innehållet"
        page.keyboard.press("Enter")
        assert focused(page)["id"] == "rubrik"


def choose_by_keyboard(page: Any, value: str) -> None:
    """From the heading: Tab into the radios, arrow to the option, Enter sends the form."""
    info = tab_to(page, lambda i: i["type"] == "radio")
    for _ in range(8):
        if focused(page)["value"] == value:
            break
        page.keyboard.press("ArrowDown")
    else:
        raise AssertionError(f"no option {value!r} after {info}")
    page.keyboard.press("Space")
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_teacher_describes_the_situation_and_reaches_the_orosanmalan_by_keyboard(
    browser: Any, base_url: str, js: bool
) -> None:
    page, log = new_page(browser, js=js)
    page.goto(base_url + "/")
    start_of_page(page)
    tab_to(page, lambda i: i["type"] == "radio" and i["name"] == "roll")
    page.keyboard.press("Space")  # the first role: skola
    tab_to(page, lambda i: i["id"] == "q")
    page.keyboard.type("En 15-årig elev ska giftas bort i sommar")
    tab_to(page, lambda i: i["text"] == "Sök")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Stämmer det här?" in page.inner_text("main")
    if js:
        assert focused(page)["id"] == "resultat", "after a search, focus moves to the results"
    else:
        start_of_page(page)
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Enter")  # the skip link leads to the results
        assert focused(page)["id"] == "resultat"
    tab_to(page, lambda i: i["text"].startswith("Starta guiden: Oro för att en ung person"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    on_new_question(page, js)
    choose_by_keyboard(page, "nej")
    page.wait_for_selector(".outcome")
    assert "Gör en orosanmälan" in page.inner_text("h1")
    assert page.locator(".now-box a[href^='tel:']").count() >= 1
    assert not log.outside()
    page.context.close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_social_worker_asks_systematically_with_an_error_and_back_by_keyboard(
    browser: Any, base_url: str, js: bool
) -> None:
    page, log = new_page(browser, js=js)
    page.goto(base_url + "/")
    start_of_page(page)
    tab_to(page, lambda i: i["text"].startswith("Fråga om våld") or i["value"] == "systematiska-fragor")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    on_new_question(page, js)
    # Fortsätt without an answer: the error summary is announced and takes focus
    tab_to(page, lambda i: i["text"] == "Fortsätt")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector("#fel")
    assert focused(page)["id"] == "fel", "the error summary takes focus"
    assert page.get_attribute("#fel", "role") == "alert"
    tab_to(page, lambda i: i["text"].startswith("Välj ett svar"))
    page.keyboard.press("Enter")  # the error's link leads to the first option
    assert focused(page)["id"] == "svar-1"
    page.keyboard.press("ArrowDown")  # nej
    with page.expect_navigation():
        page.keyboard.press("Enter")
    on_new_question(page, js)
    choose_by_keyboard(page, "vuxen")
    on_new_question(page, js)
    question = page.inner_text("h1")
    # Back, then the remembered answer is still chosen
    page.keyboard.press("Shift+Tab") if js else None
    tab_to(page, lambda i: i["text"] == "Tillbaka", limit=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.is_checked("input[name=svar][value=vuxen]")
    choose_by_keyboard(page, "vuxen")
    assert page.inner_text("h1") == question
    assert not log.outside()
    page.context.close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_manager_walks_the_employer_routine_and_downloads_the_summary_by_keyboard(
    browser: Any, base_url: str, js: bool
) -> None:
    page, log = new_page(browser, js=js)
    page.goto(base_url + "/")
    start_of_page(page)
    tab_to(page, lambda i: i["value"] == "chef-medarbetare")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for value in ("nej", "utsatt", "nej", "ja"):
        on_new_question(page, js)
        choose_by_keyboard(page, value)
    page.wait_for_selector(".outcome")
    tab_to(page, lambda i: i["type"] == "checkbox")
    page.keyboard.press("Space")
    tab_to(page, lambda i: i["text"] == "Ladda ner sammanfattning", limit=120)
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename.startswith("vinrguide-sammanfattning-")
    text = Path(download.path()).read_text(encoding="utf-8")
    assert "- [x] " in text and "## Gör inte" in text
    assert page.locator(".js-print").is_visible() == js, (
        "Skriv ut needs the script; without it the browser prints"
    )
    assert not log.outside()
    page.context.close()


# ---------------------------------------------------------------- preferences


def test_focus_stays_visible_in_forced_colours_and_nothing_moves_with_reduced_motion(
    browser: Any, base_url: str
) -> None:
    page, _log = new_page(browser, forced_colors="active", reduced_motion="reduce")
    page.goto(base_url + "/")
    start_of_page(page)
    tab_to(page, lambda i: i["text"] == "Sök")
    assert visibly_focused(page)
    moving = page.evaluate(
        """() => [...document.querySelectorAll('*')].filter(e => { const s = getComputedStyle(e);
            return parseFloat(s.transitionDuration) > 0 || s.animationName !== 'none'; }).length"""
    )
    assert moving == 0
    page.context.close()


def test_print_shows_the_whole_record(browser: Any, base_url: str) -> None:
    page, _log = new_page(browser)
    page.goto(base_url + "/")
    with page.expect_navigation():
        page.click("button[name=starta][value=misstanke]")
    while page.locator(".outcome").count() == 0:  # "nej" where it is an answer, else the first option
        nej = page.locator("input[name=svar][value=nej]")
        (nej if nej.count() else page.locator("input[name=svar]").first).check()
        with page.expect_navigation():
            page.click("button[value=svara]")
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ({header: getComputedStyle(document.querySelector('.site-header')).display,
                   buttons: getComputedStyle(document.querySelector('.outcome-buttons')).display,
                   more: [...document.querySelectorAll('details .check')].every(e => e.getClientRects().length > 0)})"""
    )
    assert hidden["header"] == "none" and hidden["buttons"] == "none"
    assert hidden["more"], "folded actions are printed too"
    page.context.close()
