"""The aiohttp application: routes, the security headers, the host check, the body limit and the error pages.

Routes (all pages are server-rendered; the one script only enhances):

    GET  /                      start: role, "Beskriv situationen eller ställ en fråga", the guides
    POST /                      the same, with the search results and the facts read from the text (free text is POSTed)
    POST /guide/starta          a new walk (the guide's button on the start page or a practice case)
    POST /guide                 one step: answer, Tillbaka, Ändra, Börja om (the state travels in the form)
    POST /guide/sammanfattning  the summary as a download (the app's export)
    GET  /rutiner, /rutiner/ID  the routines, one routine with a table of contents
    GET  /kontakter[?filter=]   the directory (the filter is a unit name, never case text)
    GET  /akut                  acute help
    GET  /coach, /coach/karta/FLOW, /coach/ovning/N   coach mode: the map and the practice cases
    GET  /static/…              the stylesheet and the script
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from aiohttp import web

from vinrguide.content.pack import ContentPack
from vinrguide.web.pages import Page, Site, confirmed_facts, ticked_items
from vinrguide.web.state import FormError, WalkState, group, parse_role, parse_state

log = logging.getLogger("vinrguide.web")

MAX_BODY = 32 * 1024
"""Largest request body (bytes): the free text (4000 characters, up to 16 KB as UTF-8 and form-encoded) fits."""
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
STATIC_FILES = {"site.css": "text/css", "enhance.js": "text/javascript"}

CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


@dataclass(frozen=True)
class WebConfig:
    hosts: frozenset[str] = field(default_factory=lambda: frozenset(LOOPBACK_NAMES))
    """Host names (without port) the server answers to; others get 421 (a guard against DNS rebinding)."""


SITE_KEY = web.AppKey("site", Site)
CONFIG_KEY = web.AppKey("config", WebConfig)


def allowed_hosts(host: str, public_url: str | None, extra: Iterable[str] = ()) -> frozenset[str]:
    """Loopback names, the address listened on (unless a wildcard), the public URL's host name."""
    names = set(LOOPBACK_NAMES)
    if host and host not in ("0.0.0.0", "::", ""):
        names.add(host.strip("[]").lower())
    if public_url:
        hostname = urlsplit(public_url).hostname
        if hostname:
            names.add(hostname.lower())
    names.update(h.lower() for h in extra)
    return frozenset(names)


def request_host(request: web.Request) -> str:
    """The Host header's name without the port ("[::1]:8000" → "::1")."""
    raw = request.headers.get("Host", "")
    try:
        return (urlsplit(f"//{raw}").hostname or "").lower()
    except ValueError:
        return ""


def _static_body(name: str) -> bytes:
    from vinrguide.web.pages import HERE

    return (HERE / "static" / name).read_bytes()


# ---------------------------------------------------------------- middleware


def _html(page: Page) -> web.Response:
    return web.Response(text=page.html, status=page.status, content_type="text/html", charset="utf-8")


@web.middleware
async def guard(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Unknown host → 421; any error → a Swedish page with its status; never a traceback, never the request's data."""
    site = request.app[SITE_KEY]
    if request_host(request) not in request.app[CONFIG_KEY].hosts:
        return _html(site.error(421, "Servern svarar inte på den här adressen. Använd adressen du har fått."))
    try:
        return await handler(request)
    except FormError as exc:
        return _html(site.error(exc.status, exc.message))
    except web.HTTPRequestEntityTooLarge:
        return _html(site.error(413, "Formuläret är för stort. Skriv en kortare text."))
    except web.HTTPMethodNotAllowed:
        return _html(site.error(405, "Sidan kan inte öppnas på det sättet. Börja från startsidan."))
    except web.HTTPNotFound:
        return _html(site.error(404, "Sidan finns inte."))
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return _html(
            site.error(exc.status if exc.status in (400, 404, 413) else 400, "Sidan kunde inte visas.")
        )
    except Exception as exc:
        log.error("page failed (%s)", type(exc).__name__)  # the template only: never the form or the text
        return _html(site.error(500, "Sidan kunde inte visas. Försök igen, eller börja från startsidan."))


async def add_headers(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(SECURITY_HEADERS)
    if request.path.startswith("/static/") and response.status == 200:
        response.headers["Cache-Control"] = "public, max-age=3600"  # the same file for everyone, no user data
    else:
        response.headers["Cache-Control"] = "no-store"
    response.headers.popall("Server", None)


# ---------------------------------------------------------------- handlers


async def _form(request: web.Request) -> dict[str, list[str]]:
    if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        raise FormError(400, "Sidan väntade sig ett formulär.")
    try:
        data = await request.post()
    except (UnicodeDecodeError, ValueError):
        raise FormError(400, "Formuläret kunde inte läsas: det är inte skrivet som UTF-8.") from None
    pairs = []
    for name, value in data.items():
        if not isinstance(value, str):
            raise FormError(400, "Formuläret får inte innehålla filer.")
        pairs.append((name, value))
    return group(pairs)


def _one(form: dict[str, list[str]], name: str) -> str:
    values = form.get(name, [])
    if len(values) > 1:
        raise FormError(400, "Formuläret innehåller samma uppgift två gånger.")
    return values[0] if values else ""


async def start_page(request: web.Request) -> web.Response:
    return _html(request.app[SITE_KEY].start())


async def start_post(request: web.Request) -> web.Response:
    site = request.app[SITE_KEY]
    form = await _form(request)
    unknown = set(form) - {"roll", "q", "handling"}
    if unknown:
        raise FormError(400, "Formuläret innehåller en okänd uppgift.")
    role = parse_role(site.pack, form)
    query = _one(form, "q")
    error = None
    if _one(form, "handling") == "sok" and not query.strip():
        error = "Skriv något om situationen eller en fråga, eller välj en guide nedan."
    return _html(site.start(role, query, error))


async def guide_start(request: web.Request) -> web.Response:
    site = request.app[SITE_KEY]
    form = await _form(request)
    flow_id = _one(form, "starta")
    flow = site.pack.flows.get(flow_id)
    if flow is None or flow not in site.flows:
        raise FormError(404, "Guiden finns inte.")
    unknown = {n for n in form if not n.startswith("k.")} - {"roll", "q", "starta", "ovning", "handling"}
    if unknown:
        raise FormError(400, "Formuläret innehåller en okänd uppgift.")
    role = parse_role(site.pack, form)
    given = confirmed_facts(site.pack, flow, form)
    practice_text = _one(form, "ovning")
    practice = None
    if practice_text:
        if not practice_text.isdigit() or int(practice_text) >= len(site.pack.scenarios):
            raise FormError(404, "Övningsfallet finns inte.")
        practice = int(practice_text)
    state = WalkState(guide=flow.id, role=role, given=given, practice=practice)
    return _html(site.step(state))


STEP_FIELDS = ("handling", "nod", "svar", "till")


async def guide_step(request: web.Request) -> web.Response:
    site = request.app[SITE_KEY]
    form = await _form(request)
    state = parse_state(site.pack, form, allowed=STEP_FIELDS)
    action = _one(form, "handling") or "svara"
    if action == "svara":
        return _html(_answer(site, state, _one(form, "nod"), _one(form, "svar")))
    if action == "tillbaka":
        walk = state.walk(site.pack)
        steps = [s.node for s in walk.steps]
        position = walk.position if walk.position is not None else len(steps)
        if position == 0:
            return _html(site.start(state.role))
        return _html(site.step(state.at(steps[position - 1])))
    if action == "andra":
        target = _one(form, "till")
        walk = state.walk(site.pack)
        if target not in {s.node for s in walk.steps}:
            raise FormError(400, "Frågan du ville ändra finns inte på vägen genom guiden.")
        return _html(site.step(state.at(target)))
    if action == "borja-om":
        return _html(site.step(state.restarted()))
    raise FormError(400, "Formuläret innehåller en okänd knapp.")


def _answer(site: Site, state: WalkState, node_id: str, value: str) -> Page:
    walk = state.walk(site.pack)
    question = walk.question
    if question is None or node_id != walk.current:
        raise FormError(400, "Svaret hör inte till frågan på sidan. Börja om från startsidan.")
    if not value:
        return site.step(state, error="Välj ett svar för att gå vidare.", moved=False)
    if value not in {o.value for o in question.options}:
        raise FormError(400, "Svaret finns inte bland frågans alternativ.")
    answered = state.with_answer(question.fact, value)
    after = answered.at(None).walk(site.pack)
    steps = [s.node for s in after.steps]
    review = None
    if (
        state.review is not None and node_id in steps
    ):  # reviewing: on to the next remembered answer, as the app does
        index = steps.index(node_id) + 1
        review = steps[index] if index < len(steps) else None
    return site.step(answered.at(review))


async def summary_download(request: web.Request) -> web.Response:
    site = request.app[SITE_KEY]
    form = await _form(request)
    state = parse_state(site.pack, form, allowed=("gjort", "visad"))
    name, text = site.summary_text(state, ticked_items(form.get("gjort", [])), _one(form, "visad"))
    return web.Response(
        body=text.encode("utf-8"),
        content_type="text/markdown",
        charset="utf-8",
        headers={"Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"},
    )


async def routines(request: web.Request) -> web.Response:
    return _html(request.app[SITE_KEY].routines())


async def routine(request: web.Request) -> web.Response:
    return _html(request.app[SITE_KEY].routine(request.match_info["routine"]))


async def directory(request: web.Request) -> web.Response:
    text = request.query.get("filter", "")
    if len(text) > 100:
        raise FormError(413, "Filtret är för långt. Skriv en del av enhetens namn.")
    return _html(request.app[SITE_KEY].directory(text))


async def acute(request: web.Request) -> web.Response:
    return _html(request.app[SITE_KEY].acute())


async def coach(request: web.Request) -> web.Response:
    return _html(request.app[SITE_KEY].coach())


async def flow_map(request: web.Request) -> web.Response:
    return _html(request.app[SITE_KEY].flow_map(request.match_info["flow"]))


async def practice(request: web.Request) -> web.Response:
    number = request.match_info["number"]
    site = request.app[SITE_KEY]
    if not number.isdigit() or len(number) > 6:
        return _html(site.error(404, "Övningsfallet finns inte."))
    return _html(site.practice_case(int(number)))


def _static_handler(name: str, content_type: str) -> Callable[[web.Request], Awaitable[web.Response]]:
    body = _static_body(name)

    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=body, content_type=content_type, charset="utf-8")

    return handler


async def not_found(request: web.Request) -> web.Response:
    return _html(request.app[SITE_KEY].error(404, "Sidan finns inte."))


# ---------------------------------------------------------------- the application


def make_app(
    pack: ContentPack,
    clock: Callable[[], dt.datetime] | None = None,
    config: WebConfig | None = None,
    site: Site | None = None,
) -> web.Application:
    from vinrguide.hours import now_in_stockholm

    app = web.Application(
        middlewares=[guard], client_max_size=MAX_BODY, handler_args={"max_field_size": 8190}
    )
    app[SITE_KEY] = site or Site(pack, clock or now_in_stockholm)
    app[CONFIG_KEY] = config or WebConfig()
    app.on_response_prepare.append(add_headers)
    app.router.add_get("/", start_page)
    app.router.add_post("/", start_post)
    app.router.add_post("/guide/starta", guide_start)
    app.router.add_post("/guide", guide_step)
    app.router.add_post("/guide/sammanfattning", summary_download)
    app.router.add_get("/rutiner", routines)
    app.router.add_get("/rutiner/{routine}", routine)
    app.router.add_get("/kontakter", directory)
    app.router.add_get("/akut", acute)
    app.router.add_get("/coach", coach)
    app.router.add_get("/coach/karta/{flow}", flow_map)
    app.router.add_get("/coach/ovning/{number}", practice)
    for name, content_type in STATIC_FILES.items():
        app.router.add_get(f"/static/{name}", _static_handler(name, content_type))
    return app
