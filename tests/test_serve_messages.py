"""What the page may send (serve/messages.py) and which host names are answered (serve/hosts.py): the rules the
hostile-client suite (test_serve_hostile.py) attacks end to end, here case by case."""

from __future__ import annotations

import pytest

from vinrguide.serve.hosts import allowed_hosts
from vinrguide.serve.messages import (
    MAX_COLUMNS,
    MIN_COLUMNS,
    MIN_ROWS,
    Focus,
    InputBudget,
    Ping,
    Resize,
    Stdin,
    cap_pastes,
    events,
    parse_message,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('["stdin","hej å"]', Stdin("hej å".encode())),
        ('["resize",{"width":120,"height":40}]', Resize(120, 40)),
        ('["resize",{"width":120.0,"height":"40"}]', Resize(120, 40)),
        ('["resize",{"width":3,"height":1}]', Resize(MIN_COLUMNS, MIN_ROWS)),
        ('["resize",{"width":1e300,"height":40}]', Resize(MAX_COLUMNS, 40)),
        ('["ping","1700000000000"]', Ping("1700000000000")),
        ('["focus"]', Focus(True)),
        ('["blur"]', Focus(False)),
    ],
)
def test_what_the_page_sends_is_read(text: str, expected: object) -> None:
    assert parse_message(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        '["resize",{"width":1e309,"height":24}]',
        '["resize",{"width":NaN,"height":24}]',
        '["resize",{"width":-1,"height":24}]',
        '["resize",{"width":true,"height":24}]',
        '["stdin","\\ud800"]',
        "[" * 10_000 + "]" * 10_000,
        '["ping",' + "[" * 5000 + "]" * 5000 + "]",
        '["ping",1]',
        "[]",
        "{}",
        "",
    ],
)
def test_anything_else_is_dropped(text: str) -> None:
    assert parse_message(text) is None


def test_the_input_budget_allows_a_burst_then_slows_down_then_closes() -> None:
    now = [0.0]
    budget = InputBudget(burst=100, rate=10, max_wait=5, clock=lambda: now[0])
    assert budget.wait_for(100) == 0.0
    assert budget.wait_for(20) == 2.0  # over the burst: held back until the rate has paid for it
    now[0] = 2.0
    assert budget.wait_for(10) == 1.0
    now[0] = 3.0
    assert budget.wait_for(60) is None  # six seconds' worth at once: closed
    now[0] = 100.0
    assert (
        budget.wait_for(100) == 0.0 and budget.wait_for(10) == 1.0
    )  # idle time refills up to the burst only


def test_the_budget_counts_what_the_app_will_do_not_bytes() -> None:
    paste = b"\x1b[200~" + "å".encode() * 3200 + b"\x1b[201~"
    assert events(Stdin(paste), len(paste)) == 1 + 6400 // 64  # one paste event, however long
    assert events(Stdin(b"x" * 6400), 6400) == 6400  # each key one event
    assert events(Stdin(b"ab" + paste + b"c"), 0) == 3 + 101
    assert events(Resize(80, 24), 40) == 10
    assert events(None, 6400) == 101 and events(Focus(True), 9) == 1


def test_only_loopback_names_with_the_port_and_the_public_host_are_answered() -> None:
    hosts = allowed_hosts("127.0.0.1", 8000)
    for ok in ("127.0.0.1:8000", "localhost:8000", "LocalHost.:8000", "[::1]:8000"):
        assert hosts.host_ok(ok), ok
    for bad in ("rebind.evil.example:8000", "127.0.0.1:8001", "localhost", "", None, "127.0.0.1.evil:8000"):
        assert not hosts.host_ok(bad), bad
    assert hosts.origin_ok(None) and hosts.origin_ok("http://localhost:8000")
    assert not hosts.origin_ok("http://rebind.evil.example:8000") and not hosts.origin_ok("null")
    public = allowed_hosts("0.0.0.0", 8000, "https://vinrguide.example.se/")
    assert public.host_ok("vinrguide.example.se") and public.host_ok("vinrguide.example.se:443")
    assert public.origin_ok("https://vinrguide.example.se") and not public.origin_ok(
        "http://vinrguide.example.se"
    )
    assert not public.host_ok("0.0.0.0:8000")
    assert allowed_hosts("10.1.2.3", 8000).host_ok("10.1.2.3:8000")


START, END = b"\x1b[200~", b"\x1b[201~"


def test_a_paste_over_the_limit_is_cut_at_a_character_and_stays_one_paste() -> None:
    long = "å" * 10  # 20 bytes
    data, cut = cap_pastes(b"a" + START + long.encode() + END + b"b" + START + b"kort" + END, limit=7)
    assert cut
    assert data == b"a" + START + "ååå".encode() + END + b"b" + START + b"kort" + END  # 7 bytes: 3 å, not 3.5


@pytest.mark.parametrize("data", [START + b"x" * 7 + END, b"x" * 100, START + b"x" * 100])
def test_a_paste_within_the_limit_and_keys_are_not_cut(data: bytes) -> None:
    assert cap_pastes(data, limit=7) == (data, False)  # keys and an unended paste: the input budget's
