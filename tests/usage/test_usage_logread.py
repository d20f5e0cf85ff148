"""Odd access-log lines: what `kb usage` keeps, what it counts as unreadable, never a crash."""
from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from builder.usage.events import decode
from builder.usage.logread import Hit, ReadStats, parse_line, read_logs

BEACON = b'/_kb/u.gif?v=1&e=search&q=imprimante&k=3'


def line(host: bytes = b"127.0.0.1", request: bytes = b"GET " + BEACON + b" HTTP/1.1", status: bytes = b"200",
         tail: bytes = b' "-" "curl/7.88.1"') -> bytes:
    return host + b' - - [02/Dec/2026:17:03:22 +0100] "' + request + b'" ' + status + b" 43" + tail + b"\n"


def test_a_combined_beacon_line_gives_its_query_day_and_time() -> None:
    hit = parse_line(line())
    assert hit == Hit(date(2026, 12, 2), 17 * 3600 + 3 * 60 + 22, 200, query=BEACON.split(b"?", 1)[1])


def test_ipv6_clients_and_common_log_format_are_read() -> None:
    assert isinstance(parse_line(line(host=b"2001:db8::8a2e:370:7334")), Hit)
    assert isinstance(parse_line(line(tail=b"")), Hit)  # Common Log Format: no referer, no agent


def test_escaped_quotes_in_the_agent_and_request_nginx_and_apache_styles() -> None:
    assert isinstance(parse_line(line(tail=b' "-" "Mozilla \\"quoted\\" agent"')), Hit)  # Apache
    assert isinstance(parse_line(line(tail=b' "-" "Mozilla \\x22quoted\\x22 agent"')), Hit)  # nginx
    hit = parse_line(line(request=b"GET " + BEACON + b"%22%20x HTTP/1.1"))
    assert isinstance(hit, Hit)


def test_truncated_lines_are_unreadable_not_fatal() -> None:
    whole = line()
    for cut in (20, 60, len(whole) - 12):
        assert parse_line(whole[:cut]) is False, whole[:cut]


def test_non_utf8_bytes_are_kept_and_decoded_with_replacement() -> None:
    hit = parse_line(line(request=b"GET /_kb/u.gif?v=1&e=search&q=imprim%E9e\xff&k=0 HTTP/1.1",
                          tail=b' "-" "agent \xe9\xff"'))
    assert isinstance(hit, Hit) and hit.query is not None
    event = decode(hit.query)
    assert event is not None and event.query.startswith("imprim") and "\ufffd" in event.query


def test_article_pages_count_on_200_and_304_only_and_only_for_get() -> None:
    page = b"GET /articles/KB-0001/ HTTP/1.1"
    assert parse_line(line(request=page)) == Hit(date(2026, 12, 2), 61402, 200, article="KB-0001")
    assert parse_line(line(request=page, status=b"304")).article == "KB-0001"  # type: ignore[union-attr]
    assert parse_line(line(request=page, status=b"404")) is None
    assert parse_line(line(request=b"HEAD /articles/KB-0001/ HTTP/1.1")) is None
    assert parse_line(line(request=b"GET /kb/articles/KB-0001/index.html HTTP/1.1")).article == "KB-0001"  # type: ignore[union-attr]
    assert parse_line(line(request=b"GET /articles/KB-0001/image.png HTTP/1.1")) is None


def test_a_beacon_address_in_the_referer_is_not_a_beacon() -> None:
    assert parse_line(line(request=b"GET /articles/x.css HTTP/1.1", tail=b' "http://h' + b'/_kb/u.gif?v=1" "a"')) is None


def test_ordinary_lines_are_readable_and_ignored_garbage_is_counted() -> None:
    assert parse_line(line(request=b"GET /assets/kb/kb.css HTTP/1.1")) is None
    assert parse_line(b"\x00\x01 garbage\n") is False
    assert parse_line(b"\n") is False


@given(st.binary(max_size=300))
def test_any_bytes_never_crash_the_parser(data: bytes) -> None:
    result = parse_line(data)
    assert result is None or result is False or isinstance(result, Hit)
    if isinstance(result, Hit) and result.query is not None:
        decode(result.query)  # must not raise either


@given(st.dictionaries(st.sampled_from(["v", "e", "w", "i", "r", "t", "n", "a", "o", "d", "q", "k", "id", "zz"]),
                       st.text(max_size=20)))
def test_any_query_string_decodes_or_is_rejected(values: dict[str, str]) -> None:
    from urllib.parse import urlencode
    decode(urlencode(values).encode())


def test_plain_and_gz_files_in_any_order_with_a_truncated_gz_reported(tmp_path: Path) -> None:
    plain = tmp_path / "access.log"
    plain.write_bytes(line() * 3 + b"garbage\n")
    packed = tmp_path / "access.log.2.gz"
    packed.write_bytes(gzip.compress(line() * 2))
    cut = tmp_path / "access.log.3.gz"
    cut.write_bytes(gzip.compress(line() * 500)[:-40])
    stats = ReadStats()
    hits = list(read_logs([packed, plain], stats))
    assert (len(hits), stats.lines, stats.unreadable, stats.beacons) == (5, 6, 1, 5)
    stats = ReadStats()
    hits = list(read_logs([cut], stats))
    assert stats.broken and len(hits) == stats.beacons and 0 < len(hits) <= 500


def test_since_and_until_keep_the_days_in_between(tmp_path: Path) -> None:
    log = tmp_path / "access.log"
    log.write_bytes(line() + line().replace(b"02/Dec", b"05/Dec") + line().replace(b"02/Dec", b"09/Dec"))
    stats = ReadStats()
    hits = list(read_logs([log], stats, since=date(2026, 12, 3), until=date(2026, 12, 5)))
    assert [h.day.day for h in hits] == [5]
