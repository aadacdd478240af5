"""The web app through aiohttp's test client: pages, walks, the stateless form, errors, headers, privacy."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest

from tests.shipped import shipped_pack
from tests.web_support import EVENING, FIXED_NOW, Client, app, form_with, h1, site, text_of
from vinrguide.engine import Walk
from vinrguide.hours import STOCKHOLM
from vinrguide.summary import summary_markdown
from vinrguide.web.state import WalkState


@pytest.fixture
def client() -> Iterator[Client]:
    c = Client()
    yield c
    c.close()


def start_guide(client: Client, flow: str, role: str = "skola", **given: str) -> str:
    data = {"starta": flow, "roll": role, **{f"k.{k}": v for k, v in given.items()}}
    reply = client.post("/guide/starta", data=data)
    assert reply.status == 200, reply.text
    return reply.text


def walk_to_outcome(client: Client, html: str, prefer: tuple[str, ...] = ("nej",)) -> str:
    """Answer each question with the first preferred value it offers (else its first option) up to the outcome."""
    for _ in range(20):
        values = re.findall(r'name="svar" value="([^"]+)"', html)
        if not values:
            return html
        html = answer(client, html, next((v for v in prefer if v in values), values[0]))
    raise AssertionError("no outcome after 20 answers")


def answer(client: Client, html: str, value: str) -> str:
    reply = client.submit(html, "Fortsätt", choose={"svar": value})
    assert reply.status == 200, text_of(reply.text)
    return reply.text


PAGES = [
    "/",
    "/akut",
    "/kontakter",
    "/kontakter?filter=nexus",
    "/rutiner",
    "/rutiner/agera-vid-misstanke",
    "/coach",
    "/coach/karta/utlandsresa",
    "/coach/ovning/0",
]


# ---------------------------------------------------------------- every page


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_swedish_with_acute_help_first_and_the_draft_notice(client: Client, path: str) -> None:
    reply = client.get(path)
    assert reply.status == 200
    html = reply.text
    assert '<html lang="sv">' in html
    links = re.findall(r'<a [^>]*href="([^"]+)"', html)
    assert links[0] == "#rubrik", "the skip link comes first"
    assert links[1] == "/akut", "AKUT 112 is the first link after the skip link"
    assert 'id="rubrik"' in html, "the skip link's target exists"
    assert "Utkast – inte fastställd av Uppsala kommun" in html
    assert "<script>" not in html and " style=" not in html, (
        "no inline script or style (the CSP forbids them)"
    )


def test_security_headers_on_pages_errors_and_static_files(client: Client) -> None:
    for path in ["/", "/finns-inte", "/static/site.css"]:
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "'unsafe-inline'" not in csp and "http" not in csp, "nothing inline, nothing from elsewhere"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "Set-Cookie" not in headers, "no cookie, ever"
    assert client.get("/").headers["Cache-Control"] == "no-store"
    assert client.get("/finns-inte").headers["Cache-Control"] == "no-store"


def test_the_acute_page_calls_112() -> None:
    c = Client(app(now=EVENING))
    try:
        html = c.get("/akut").text
    finally:
        c.close()
    assert 'href="tel:112"' in html
    assert h1(html) == "Akut hjälp"
    acute = [u for u in shipped_pack().units.values() if u.acute_help]
    assert acute, "the shipped directory marks its acute units"
    for unit in acute:  # every acute unit, the after-hours route (socialjouren) among them
        assert unit.name in text_of(html)


# ---------------------------------------------------------------- the start page and search


def test_search_is_a_post_and_shows_the_facts_read_for_confirmation(client: Client) -> None:
    start = client.get("/").text
    search_form = form_with(start, "Sök")
    assert search_form.method == "post", "free text is never sent in an address"
    reply = client.submit(
        start, "Sök", choose={"roll": "skola"}, text={"q": "En 15-årig elev ska giftas bort i sommar"}
    )
    assert reply.status == 200
    html = reply.text
    assert "Stämmer det här?" in html
    assert "”15-årig”" in text_of(html), "the words the fact was read from are quoted"
    assert 'name="k.alder" value="barn" checked' in html
    assert "Starta guiden: Oro för att en ung person förs utomlands" in text_of(html)
    kinds = re.findall(r'<span class="kind">(\w+)</span>', html)
    assert kinds[0] == "Guide", "the best hit first, with its kind shown"
    # starting the guide from the hit uses the confirmed facts: the age is not asked again
    first = client.submit(html, "Starta guiden: Oro för att en ung person förs utomlands")
    assert h1(first.text).startswith("Är någon i fara just nu"), "akut is always asked"
    second = answer(client, first.text, "nej")
    assert "Hur gammal" not in h1(second)
    assert "(ur din text)" in second


def test_each_fact_read_offers_choices_that_read_differently(client: Client) -> None:
    # alder has its own "Vet inte" (the child track): the choice that leaves the fact to the guide must not read the same
    start = client.get("/").text
    html = client.submit(
        start, "Sök", choose={"roll": "skola"}, text={"q": "En 15-årig elev ska giftas bort i sommar"}
    ).text
    fieldset = html[html.index('name="k.alder"') : html.index("</fieldset>", html.index('name="k.alder"'))]
    labels = [text_of(label) for label in re.findall(r"<label[^>]*>(.*?)</label>", fieldset)]
    assert "Vet inte" in labels and "Låt guiden fråga" in labels
    for a in labels:  # "Vet inte" and "Vet inte – fråga mig" read the same to a hurried reader
        assert not [b for b in labels if b != a and b.startswith(a)], f"two choices read alike: {labels}"


def test_a_text_about_danger_says_call_112_and_the_guide_still_asks(client: Client) -> None:
    reply = client.post(
        "/", data={"roll": "skola", "q": "Pappan har en kniv och hotar henne", "handling": "sok"}
    )
    html = reply.text
    assert "Din text tyder på att någon kan vara i fara just nu" in html
    assert 'role="alert"' in html
    assert 'name="k.akut"' not in html, "akut is never pre-filled"


def test_an_empty_search_is_an_announced_error(client: Client) -> None:
    html = client.post("/", data={"q": " ", "handling": "sok"}).text
    assert 'class="error-summary"' in html and 'role="alert"' in html
    assert 'href="#q"' in html, "the error links to the field"


def test_a_search_that_matches_nothing_offers_the_units_marked_for_advice(client: Client) -> None:
    html = client.post("/", data={"q": "qwxz plonk", "handling": "sok"}).text
    assert "Inget i guiden matchade din text" in html
    advisers = [u for u in shipped_pack().units.values() if u.consultation]
    assert advisers, "the shipped directory marks units for advice"
    listed = html.split('aria-label="Rådgör med"', 1)[1].split("</ul>", 1)[0]
    assert [u.name for u in advisers] == [
        u.name for u in shipped_pack().units.values() if u.name in listed
    ], "every unit marked for advice, in the directory's order, and no other"
    assert 'href="tel:' in listed, "with a number to call"


def test_the_role_survives_pressing_enter_on_the_start_page(client: Client) -> None:
    html = client.post("/", data={"roll": "socialtjanst", "q": "", "handling": ""}).text
    assert 'value="socialtjanst" checked' in html


# ---------------------------------------------------------------- walking a guide


def test_a_question_page_is_a_fieldset_with_the_question_as_h1_and_why_folded(client: Client) -> None:
    html = start_guide(client, "misstanke")
    assert re.search(r"<legend><h1 id=\"rubrik\" tabindex=\"-1\">Är någon i fara", html)
    assert html.count('type="radio" id="svar-') == 2
    assert "<summary>Varför frågar vi?</summary>" in html
    assert 'data-focus="rubrik"' in html, "the script moves focus to the new question"


def test_the_teacher_walks_to_an_orosanmalan_with_the_primary_contact_first(client: Client) -> None:
    html = start_guide(client, "misstanke", "skola")
    for value in ("nej", "barn", "nej"):
        html = answer(client, html, value)
    text = text_of(html)
    assert "Genast – i dag" in text, "urgency in words"
    assert 'class="urgency-banner urgency-genast"' in html, "and in colour"
    box = html[html.index('class="now-box') : html.index("</section>", html.index('class="now-box'))]
    assert "Socialtjänsten Uppsala – Barn och ungdom" in box, "the primary contact is first, in the box"
    assert 'href="tel:' in box
    assert "Öppet nu" in box or "Öppettider okända" in box
    assert "Gör inte" in text
    assert 'type="checkbox"' in html
    assert "<summary>Visa fler" in html, "the rest is folded"
    assert 'href="/rutiner/agera-vid-misstanke#' in html, "sources link to routine sections"


def test_closed_now_shows_the_after_hours_alternative() -> None:
    c = Client(app(now=EVENING))
    try:
        html = walk_to_outcome(c, start_guide(c, "misstanke", "socialtjanst"), ("nej", "vuxen"))
    finally:
        c.close()
    text = text_of(html)
    assert "Nexus" in text and "Stängt nu" in text
    assert "Utanför öppettid: Socialjouren" in text
    assert 'href="tel:112"' in html


SATURDAY_NIGHT = dt.datetime(
    2026, 12, 5, 21, 0, tzinfo=STOCKHOLM
)  # outside office hours; most units' hours unknown


def _cards(html: str) -> list[str]:
    """Each contact card's text (from one card's start to the next)."""
    starts = [m.start() for m in re.finditer(r'<div class="contact[ "]', html)]
    return [text_of(html[a:b]) for a, b in zip(starts, [*starts[1:], len(html)], strict=True)]


def test_a_child_case_on_a_saturday_night_names_socialjouren_via_112_under_the_first_contact() -> None:
    """Hours unknown and outside office hours: the card says "Efter kontorstid" (the advice layer's label), and
    socialjouren is "via 112" with a tel:112 link – not the label of its number."""
    c = Client(app(now=SATURDAY_NIGHT))
    try:
        html = start_guide(c, "misstanke", "skola")
        for value in ("nej", "barn", "nej"):
            html = answer(c, html, value)
    finally:
        c.close()
    first = html[html.index('<div class="contact contact-primary"') :]
    first = first[: first.index('<p class="note">')]
    assert "Socialtjänsten Uppsala – Barn och ungdom" in text_of(first), "the child case's first contact"
    assert re.search(r"Efter kontorstid: Socialjouren[^,]*, via 112", text_of(first)), text_of(first)
    assert "Utanför öppettid" not in text_of(first), "the hours are unknown, not known to be closed"
    assert 'href="tel:112">via 112</a>' in first[first.index('class="fallback"') :]


@pytest.mark.parametrize("now", [FIXED_NOW, SATURDAY_NIGHT])
def test_no_contact_card_says_the_hours_are_unknown_twice(now: dt.datetime) -> None:
    c = Client(app(now=now))
    try:
        html = start_guide(c, "misstanke", "skola")
        for value in ("nej", "barn", "nej"):
            html = answer(c, html, value)
        pages = [html, c.get("/kontakter").text, c.get("/akut").text]
    finally:
        c.close()
    cards = [card for page in pages for card in _cards(page)]
    assert any("Öppettider okända" in card for card in cards), "the shipped pack has units with unknown hours"
    assert all(card.count("Öppettider okända") <= 1 for card in cards), [
        card for card in cards if card.count("Öppettider okända") > 1
    ]


def test_akut_ja_ends_in_the_acute_outcome(client: Client) -> None:
    html = answer(client, start_guide(client, "utlandsresa"), "ja")
    assert "Akut – ring 112 nu" in text_of(html)
    assert 'href="tel:112"' in html


def _values(html: str) -> list[str]:
    return re.findall(r'name="svar" value="([^"]+)"', html)


def _checked(html: str) -> str | None:
    found = re.search(r'name="svar" value="([^"]+)" checked', html)
    return found.group(1) if found else None


def test_back_keeps_later_answers_and_change_reopens_one(client: Client) -> None:
    html = start_guide(client, "misstanke", "socialtjanst")
    given: list[str] = []
    while values := _values(html):
        value = next(v for v in ("nej", "vuxen", *values) if v in values)
        given.append(value)
        html = answer(client, html, value)
    outcome_title = h1(html)
    assert len(given) >= 3
    back = client.submit(html, "Tillbaka").text
    assert _checked(back) == given[-1], "Back shows the remembered answer"
    back2 = client.submit(back, "Tillbaka").text
    assert _checked(back2) == given[-2]
    # Fortsätt with the remembered answers: the same outcome, nothing was forgotten
    again = client.submit(client.submit(back2, "Fortsätt").text, "Fortsätt").text
    assert h1(again) == outcome_title
    # Ändra the age: the other branch; back to the first answer, the later answers are offered again
    change = client.submit(again, "Ändra svaret på frågan: Hur gammal").text
    assert _checked(change) == "vuxen"
    child = answer(client, change, "barn")
    assert h1(child) != h1(back2)
    restored = client.submit(child, "Ändra svaret på frågan: Hur gammal").text
    html = answer(client, restored, "vuxen")
    for remembered in given[2:]:
        assert _checked(html) == remembered, "a later answer is remembered after changing an earlier one"
        html = client.submit(html, "Fortsätt").text
    assert h1(html) == outcome_title


def test_restart_keeps_the_role_and_forgets_the_answers(client: Client) -> None:
    html = answer(client, start_guide(client, "misstanke", "fritid"), "nej")
    restarted = client.submit(html, "Börja om").text
    assert h1(restarted).startswith("Är någon i fara")
    assert 'name="roll" value="fritid"' in restarted
    assert 'name="s.' not in restarted


def test_back_from_the_first_question_is_the_start_page_with_the_role(client: Client) -> None:
    html = client.submit(start_guide(client, "misstanke", "bostad"), "Tillbaka").text
    assert 'name="roll" value="bostad" checked' in html


def test_no_answer_chosen_is_an_error_summary_that_takes_focus(client: Client) -> None:
    html = start_guide(client, "misstanke")
    reply = client.submit(html, "Fortsätt", choose={"svar": "__none__"})
    assert reply.status == 422
    assert "<title>Fel: " in reply.text
    assert 'class="error-summary" role="alert" tabindex="-1" id="fel" autofocus' in reply.text
    assert 'aria-describedby="svar-fel"' in reply.text


def test_the_page_is_a_pure_function_of_the_form() -> None:
    """Two workers (two apps): a walk that alternates between them gets the same pages as one alone."""
    one, other = Client(app()), Client(app())
    try:
        pages = []
        html = start_guide(one, "systematiska-fragor", "socialtjanst")
        for n, value in enumerate(("nej", "vuxen", "ja", "nej", "nej")):
            html = answer(one if n % 2 else other, html, value)
            pages.append(h1(html))
        alone = start_guide(one, "systematiska-fragor", "socialtjanst")
        for n, value in enumerate(("nej", "vuxen", "ja", "nej", "nej")):
            alone = answer(one, alone, value)
            assert h1(alone) == pages[n]
        assert alone == html
    finally:
        one.close()
        other.close()


# ---------------------------------------------------------------- the summary download


def test_the_download_is_the_apps_summary_with_the_ticks(client: Client) -> None:
    html = start_guide(client, "chef-medarbetare", "annan")
    for value in ("nej", "utsatt", "nej", "nej", "ja"):
        html = answer(client, html, value)
    reply = client.submit(html, "Ladda ner sammanfattning", choose={"gjort": "0,2"})
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("text/markdown")
    assert reply.headers["Content-Disposition"].startswith(
        'attachment; filename="vinrguide-sammanfattning-2026-05-20-1000.md"'
    )
    assert reply.headers["Cache-Control"] == "no-store"
    pack = shipped_pack()
    walk = WalkState(
        "chef-medarbetare",
        "annan",
        answers={
            "akut": "nej",
            "medarbetare": "utsatt",
            "barn-i-hemmet": "nej",
            "heder": "nej",
            "hot-arbetsplats": "ja",
        },
    ).walk(pack)
    view = site().outcome_view(walk)
    assert reply.text == summary_markdown(pack, walk, view, FIXED_NOW, {0, 2})
    assert "- [x] " in reply.text and "- [ ] " in reply.text


def test_no_download_before_the_outcome(client: Client) -> None:
    reply = client.post("/guide/sammanfattning", data={"guide": "misstanke"})
    assert reply.status == 400
    assert "utfall" in text_of(reply.text)


# ---------------------------------------------------------------- forged and oversized forms


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"guide": "finns-inte"}, 404),
        ({"guide": "misstanke", "s.finns-inte": "ja"}, 400),
        ({"guide": "misstanke", "s.akut": "kanske"}, 400),
        ({"guide": "misstanke", "k.akut": "nej"}, 400),
        ({"guide": "misstanke", "k.roll": "skola"}, 400),
        ({"guide": "misstanke", "okand": "1"}, 400),
        ({"guide": "misstanke", "vid": "finns-inte"}, 400),
        ({"guide": "misstanke", "nod": "alder", "svar": "barn", "handling": "svara"}, 400),
        ({"guide": "misstanke", "nod": "akut", "svar": "kanske", "handling": "svara"}, 400),
        ({"guide": "misstanke", "handling": "radera"}, 400),
        ({"guide": "misstanke", "ovning": "9999"}, 404),
        ({"guide": "misstanke", "roll": "rektor"}, 400),
    ],
)
def test_a_forged_form_is_a_plain_swedish_error_page(
    client: Client, data: dict[str, str], status: int
) -> None:
    reply = client.post("/guide", data=data)
    assert reply.status == status
    assert '<html lang="sv">' in reply.text
    assert 'href="/"' in reply.text, "a way back"
    assert "Traceback" not in reply.text and "Error" not in reply.text


ACUTE_WORDING = "Akut fara frågas alltid"


@pytest.mark.parametrize(
    ("path", "data", "says"),
    [
        (
            "/guide",
            {"guide": "misstanke", "k.roll": "skola"},
            "Formuläret skickar din verksamhet som en uppgift",
        ),
        (
            "/guide/starta",
            {"starta": "misstanke", "k.roll": "skola"},
            "skickar din verksamhet som en uppgift",
        ),
        (
            "/guide",
            {"guide": "misstanke", "roll": "rektor"},
            "Verksamheten i formuläret finns inte bland valen",
        ),
        ("/guide/starta", {"starta": "misstanke", "roll": "rektor"}, "Verksamheten i formuläret finns inte"),
        ("/", {"roll": "rektor", "q": "hej", "handling": "sok"}, "Verksamheten i formuläret finns inte"),
        ("/guide", {"guide": "misstanke", "k.akut": "nej"}, ACUTE_WORDING),
        ("/guide/starta", {"starta": "misstanke", "k.akut": "nej"}, ACUTE_WORDING),
    ],
)
def test_a_forged_role_says_what_is_wrong_with_the_role(
    client: Client, path: str, data: dict[str, str], says: str
) -> None:
    """The role has its own message (it reused the acute one): what was wrong and where the role is chosen."""
    reply = client.post(path, data=data)
    assert reply.status == 400
    text = text_of(reply.text)
    assert says in text
    if says != ACUTE_WORDING:
        assert ACUTE_WORDING not in text and "”Var arbetar du?”" in text


def test_a_form_that_is_not_utf8_or_not_a_form_is_400(client: Client) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    searched = client.post(
        "/", data=b"q=%FF%FE&handling=sok", headers=form
    )  # read with replacement characters
    assert searched.status == 200 and '<html lang="sv">' in searched.text
    assert client.post("/guide", data=b"guide=misstanke&s.akut=%FF", headers=form).status == 400
    assert client.post("/guide", data=b"{}", headers={"Content-Type": "application/json"}).status == 400


def test_the_same_field_twice_is_refused(client: Client) -> None:
    reply = client.post("/guide", data=[("guide", "misstanke"), ("s.akut", "nej"), ("s.akut", "ja")])
    assert reply.status == 400


def test_an_oversized_form_is_refused(client: Client) -> None:
    reply = client.post("/", data={"q": "å" * 40_000, "handling": "sok"})
    assert reply.status == 413
    assert "för stort" in text_of(reply.text)
    many = [("guide", "misstanke"), *((f"s.x{n}", "ja") for n in range(200))]
    assert client.post("/guide", data=many).status == 413


def test_get_on_a_form_address_is_405_in_swedish(client: Client) -> None:
    reply = client.get("/guide")
    assert reply.status == 405
    assert "startsidan" in text_of(reply.text)


def test_unknown_pages_are_404(client: Client) -> None:
    for path in [
        "/finns-inte",
        "/rutiner/finns-inte",
        "/coach/karta/finns-inte",
        "/coach/ovning/9999",
        "/coach/ovning/x",
    ]:
        reply = client.get(path)
        assert reply.status == 404, path
        assert "Sidan finns inte" in reply.text or "finns inte" in reply.text


def test_a_failing_page_is_a_500_page_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    from vinrguide.web.pages import Site

    def broken(self: Site) -> None:
        raise RuntimeError("hemligt innehåll")

    monkeypatch.setattr(Site, "routines", broken)
    reply = client.get("/rutiner")
    assert reply.status == 500
    assert "hemligt" not in reply.text and "Traceback" not in reply.text
    captured = capsys.readouterr()
    assert "hemligt" not in captured.out + captured.err


def test_only_configured_host_names_are_served() -> None:
    c = Client(app(hosts=frozenset({"127.0.0.1", "localhost", "guide.uppsala.se"})))
    try:
        assert c.get("/", headers={"Host": "evil.example"}).status == 421
        assert c.get("/", headers={"Host": "guide.uppsala.se"}).status == 200
        assert c.get("/", headers={"Host": "localhost:8000"}).status == 200
    finally:
        c.close()


def test_allowed_hosts_are_loopback_and_the_public_url() -> None:
    from vinrguide.web.app import allowed_hosts

    hosts = allowed_hosts("127.0.0.1", "https://stod.intranat.uppsala.se/guide")
    assert {"localhost", "127.0.0.1", "::1", "stod.intranat.uppsala.se"} <= hosts
    assert "0.0.0.0" not in allowed_hosts("0.0.0.0", None)


# ---------------------------------------------------------------- privacy


def test_nothing_typed_reaches_stdout_stderr_or_the_log(
    client: Client, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    secret = "Zlatanbergsgatan"
    caplog.set_level("DEBUG")
    client.post("/", data={"q": f"eleven bor på {secret} och är rädd", "handling": "sok"})
    client.post("/guide", data={"guide": "misstanke", "s.akut": secret})
    client.get(f"/kontakter?filter={secret}")
    captured = capsys.readouterr()
    assert secret not in captured.out + captured.err
    assert all(secret not in r.getMessage() for r in caplog.records)
    assert not site().index._resolved, "the search forgets the words of a query"


# ---------------------------------------------------------------- reading, directory, coach


def test_the_routine_reader_has_a_table_of_contents_whose_anchors_work(client: Client) -> None:
    pack = shipped_pack()
    for routine in pack.routines.values():
        html = client.get(f"/rutiner/{routine.id}").text
        ids = set(re.findall(r' id="([^"]+)"', html))
        toc = re.findall(r'<li class="toc-level-\d"><a href="#([^"]+)"', html)
        assert toc, routine.id
        assert set(toc) <= ids, f"{routine.id}: table of contents points at missing anchors"
        for anchor in re.findall(r'<a href="#([^"]+)"', html):
            assert anchor in ids, f"{routine.id}: link to #{anchor}, which is not on the page"
        assert "<script" not in html.split("</head>")[1]


def test_every_source_link_in_the_flows_lands_on_a_heading() -> None:
    pack = shipped_pack()
    c = Client()
    pages: dict[str, set[str]] = {}
    try:
        for flow in pack.flows.values():
            for node in flow.outcomes().values():
                for ref in node.routines:
                    routine_id, _, anchor = ref.removeprefix("routine:").partition("#")
                    if routine_id not in pages:
                        pages[routine_id] = set(
                            re.findall(r' id="([^"]+)"', c.get(f"/rutiner/{routine_id}").text)
                        )
                    assert not anchor or anchor in pages[routine_id], ref
    finally:
        c.close()


def test_the_directory_filters_on_unit_names_with_a_get(client: Client) -> None:
    page = client.get("/kontakter").text
    form = form_with(page, "Filtrera")
    assert form.method == "get"
    html = client.get("/kontakter?filter=kvinnofrid").text
    assert "Kvinnofridslinjen" in html
    assert "Nexus – stöd" not in html
    assert "Visar 1 av" in text_of(html)
    assert client.get("/kontakter?filter=" + "x" * 200).status == 413


def test_the_coach_map_shows_every_question_and_outcome(client: Client) -> None:
    pack = shipped_pack()
    for flow in pack.flows.values():
        text = text_of(client.get(f"/coach/karta/{flow.id}").text)
        for node in flow.nodes.values():
            words = node.text if node.kind == "question" else node.title
            assert str(words if isinstance(words, str) else words.default).split()[0] in text


def test_a_practice_case_is_compared_with_the_recommended_outcome(client: Client) -> None:
    pack = shipped_pack()
    number, case = next(
        (n, s) for n, (_f, s) in enumerate(pack.scenarios) if s.vignette and s.flow == "utlandsresa"
    )
    page = client.get(f"/coach/ovning/{number}").text
    html = client.submit(page, "Gå igenom fallet").text
    walk = Walk(pack, case.flow, {"roll": case.facts["roll"]} if "roll" in case.facts else {})
    while (question := walk.question) is not None:
        value = case.facts[question.fact]
        html = answer(client, html, value)
        walk.answer(value)
    assert "Jämför med övningsfallet" in html
    assert "Du kom till det rekommenderade utfallet" in html


# ---------------------------------------------------------------- vinrguide serve


def test_serve_runs_the_web_app_in_several_workers_and_prints_nothing_typed() -> None:
    import sys
    import urllib.parse
    import urllib.request

    from tests.browser_support import ServerProcess

    secret = "Zlatanbergsgatan"
    argv = [
        sys.executable,
        "-m",
        "vinrguide",
        "serve",
        "--port",
        "0",
        "--workers",
        "2",
        "--now",
        "2026-05-20T10:00",
    ]
    server = ServerProcess(argv).start(timeout=120)  # a loaded shared host can take long to start Python
    try:
        assert "(2 processer)" in server.stdout
        assert len(server.app_pids()) == 2, "two worker processes share the port"
        for _ in range(6):
            with urllib.request.urlopen(server.url, timeout=10) as response:
                assert response.status == 200
                assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
        body = urllib.parse.urlencode({"q": f"eleven bor på {secret}", "handling": "sok"}).encode()
        with urllib.request.urlopen(server.url, data=body, timeout=10) as response:
            assert "Sökresultat" in response.read().decode()
        forged = urllib.parse.urlencode({"guide": "misstanke", "s.akut": secret}).encode()
        try:
            urllib.request.urlopen(server.url + "guide", data=forged, timeout=10)
        except urllib.error.HTTPError as error:
            assert error.code == 400
    finally:
        code = server.stop()
    assert code == 0, server.output
    assert secret not in server.output
    assert "Traceback" not in server.output


def test_serve_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    from vinrguide.cli import main

    assert main(["serve", "--workers", "0"]) == 2
    assert "--workers" in capsys.readouterr().err
    assert main(["serve", "--public-url", "ftp://x"]) == 2


def test_two_close_guides_are_asked_between(monkeypatch: pytest.MonkeyPatch) -> None:
    from vinrguide.search import SearchIndex

    monkeypatch.setattr(SearchIndex, "ambiguous", lambda self, hits: ("misstanke", "utlandsresa"))
    c = Client()
    try:
        html = c.post("/", data={"q": "orosanmälan", "handling": "sok"}).text
    finally:
        c.close()
    text = text_of(html)
    assert "Gäller det " in text and "?" in text
    question = html[html.index('class="ambiguous"') :].split("</div>", 1)[0]
    assert 'value="misstanke"' in question and 'value="utlandsresa"' in question


def test_serve_off_loopback_warns_that_there_is_no_login() -> None:
    import signal
    import subprocess
    import sys

    argv = [sys.executable, "-m", "vinrguide", "serve", "--host", "0.0.0.0", "--port", "0"]
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # the address, printed once it listens; the warning came before it
        assert line.startswith("vinrguide serve: http://0.0.0.0:")
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=30)
    assert "VARNING" in err and "ingen egen inloggning" in err
    assert process.returncode == 0


def test_any_form_gets_a_page_and_never_a_server_error() -> None:
    """Random forms built from the state's own field names and values, and from junk, against every form address."""
    from hypothesis import given
    from hypothesis import strategies as st

    pack = shipped_pack()
    names = ["guide", "roll", "vid", "ovning", "handling", "nod", "svar", "till", "starta", "q", "gjort", "x"]
    names += [f"{prefix}{fact}" for fact in pack.facts for prefix in ("k.", "s.")]
    values = [*pack.flows, *(v.value for f in pack.facts.values() for v in f.values)]
    values += [n for f in pack.flows.values() for n in f.nodes] + [
        "svara",
        "tillbaka",
        "andra",
        "borja-om",
        "",
        "0",
    ]
    value = st.one_of(st.sampled_from(values), st.text(max_size=20))
    forms_ = st.lists(st.tuples(st.sampled_from(names), value), max_size=12)
    c = Client()

    @given(forms_, st.sampled_from(["/", "/guide", "/guide/starta", "/guide/sammanfattning"]))
    def check(form: list[tuple[str, str]], path: str) -> None:
        reply = c.post(path, data=form)
        assert reply.status in (200, 400, 404, 413, 422), (path, form, reply.status)

    try:
        check()
    finally:
        c.close()


def test_the_ticks_mean_the_actions_as_shown_even_when_office_hours_end_before_the_download() -> None:
    """The actions are ordered by office hours: a page drawn at 15:59 and downloaded at 16:01 keeps its order."""
    import datetime as dt

    from vinrguide.hours import STOCKHOLM

    clock = {"now": dt.datetime(2026, 5, 20, 15, 59, tzinfo=STOCKHOLM)}
    from vinrguide.web.app import make_app
    from vinrguide.web.pages import Site

    c = Client(make_app(shipped_pack(), site=Site(shipped_pack(), lambda: clock["now"])))
    try:
        html = walk_to_outcome(c, start_guide(c, "chef-medarbetare", "annan"), ("nej", "utsatt"))
        shown = re.findall(r'<label for="gjort-(\d+)">(.*?)</label>', html, re.S)
        # the item that moves to the top after office hours: its number on the page is not its number at 16:01
        index, label = next((int(i), t) for i, t in shown if "Efter kontorstid" in t)
        assert index > 0
        clock["now"] = dt.datetime(2026, 5, 20, 16, 1, tzinfo=STOCKHOLM)
        text = c.submit(html, "Ladda ner sammanfattning", choose={"gjort": str(index)}).text
    finally:
        c.close()
    ticked = [line for line in text.splitlines() if line.startswith("- [x] ")]
    assert len(ticked) == 1
    assert text_of(label)[:40] in ticked[0], "the ticked item is the one that was ticked on the page"
