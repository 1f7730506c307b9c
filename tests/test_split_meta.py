"""Golden cases for wire.split.meta: datelines, provider and caption credits, times."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wire.records import Caption
from wire.split.meta import (
    canonical_provider,
    is_wire_provider,
    parse_datetime,
    parse_provider_credit,
    parse_wire_credit,
    split_caption_credit,
)


@pytest.mark.parametrize(
    "lead, expected",
    [
        ("MEXICO CITY (AP) — High-level delegations", ("MEXICO CITY", "Associated Press")),
        ("GROSSETO, Italy (AP) -- A man", ("GROSSETO, Italy", "Associated Press")),
        ("LONDON (Reuters) - Britain said", ("LONDON", "Reuters")),
        ("WASHINGTON (AFP) – The US", ("WASHINGTON", "AFP")),
        ("LONDON, Oct 8 (Reuters) - Britain", ("LONDON", "Reuters")),
        ("NEW YORK, Oct. 8, 2021 (Reuters) - Stocks", ("NEW YORK", "Reuters")),
        ("MOSCOW (AP) _ A Russian", ("MOSCOW", "Associated Press")),
        ("SAN JUAN, Puerto Rico (AP) — Officials", ("SAN JUAN, Puerto Rico", "Associated Press")),
        ("  BERLIN (dpa) - Die", ("BERLIN", "dpa")),
        ("Mexico City (AP) — Officials", ("Mexico City", "Associated Press")),
        ("SEATTLE (KOMO) — A crash", ("SEATTLE", "KOMO")),
        ("OTTAWA (The Canadian Press) — MPs", ("OTTAWA", "The Canadian Press")),
    ],
)
def test_parse_wire_credit(lead, expected):
    assert parse_wire_credit(lead) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "The man (AP) — said",
        "He said (in a statement) - that he would",
        "BREAKING (video) — the storm",
        "Officials said on Friday that (AP) reporters were there.",
        "WASHINGTON — The Senate",  # a dateline without a credit names no provider
        "Mexico and US working to build new security framework",
        "(AP) — a credit without a place",
    ],
)
def test_parse_wire_credit_negative(text):
    assert parse_wire_credit(text) == (None, None)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("© Provided by Associated Press", "Associated Press"),
        ("Mexico US Blinken © Provided by Associated Press Mexico US Blinken", "Associated Press"),
        ("(c) Provided by Business Insider Inc", "Business Insider Inc"),
        ("Copyright 2021 The Associated Press. All rights reserved.", "Associated Press"),
        ("© 2021 Reuters", "Reuters"),
        ("Provided by The Hill", "The Hill"),
        ("© Copyright 2020 AFP", "AFP"),
    ],
)
def test_parse_provider_credit(text, expected):
    assert parse_provider_credit(text) == expected


@pytest.mark.parametrize("text", ["", "The president provided no details.", "©", "© 2021"])
def test_parse_provider_credit_negative(text):
    assert parse_provider_credit(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Blinken at the National Palace, Friday, Oct. 8, 2021. (AP Photo/Patrick Semansky, Pool)",
            Caption("Blinken at the National Palace, Friday, Oct. 8, 2021.", "AP Photo/Patrick Semansky, Pool"),
        ),
        (
            "© Nicholas Kamm/AFP/Getty Images US President Joe Biden gestures.",
            Caption("US President Joe Biden gestures.", "Nicholas Kamm/AFP/Getty Images"),
        ),
        ("A man walks. Photo: John Doe/Reuters", Caption("A man walks.", "John Doe/Reuters")),
        ("A man walks. Patrick Semansky/AP", Caption("A man walks.", "Patrick Semansky/AP")),
        ("A man walks. © Getty Images", Caption("A man walks.", "Getty Images")),
        ("Children play (Photo by Jane Roe/Getty Images)", Caption("Children play", "Photo by Jane Roe/Getty Images")),
        ("Rescuers dig. (Reuters)", Caption("Rescuers dig.", "Reuters")),
    ],
)
def test_split_caption_credit(text, expected):
    assert split_caption_credit(text) == expected


@pytest.mark.parametrize("text", ["A man (left) walks with his dog.", "The mayor spoke on Tuesday (local time).", "Nothing here"])
def test_split_caption_credit_keeps_plain_captions(text):
    assert split_caption_credit(text) == Caption(text, None)


def test_providers():
    assert canonical_provider("AP") == "Associated Press"
    assert canonical_provider("The Associated Press") == "Associated Press"
    assert canonical_provider("Agence France-Presse") == "AFP"
    assert canonical_provider("  Business Insider ") == "Business Insider"
    assert canonical_provider("") is None
    assert is_wire_provider("Reuters") and is_wire_provider("A.P.") and is_wire_provider("afp")
    assert not is_wire_provider("Business Insider")
    assert not is_wire_provider(None)


UTC = timezone.utc


@pytest.mark.parametrize(
    "value, expected",
    [
        ("19:40\u00a0\u00a008\u00a0october\u00a0 2021", datetime(2021, 10, 8, 19, 40, tzinfo=UTC)),
        ("2021-10-08T19:40:00Z", datetime(2021, 10, 8, 19, 40, tzinfo=UTC)),
        ("2021-10-08T19:40:00.123-04:00", datetime(2021, 10, 8, 23, 40, 0, 123000, tzinfo=UTC)),
        ("2021-10-08", datetime(2021, 10, 8, tzinfo=UTC)),
        ("Fri, 08 Oct 2021 19:40:00 GMT", datetime(2021, 10, 8, 19, 40, tzinfo=UTC)),
        ("Fri, 08 Oct 2021 19:40:00 +0200", datetime(2021, 10, 8, 17, 40, tzinfo=UTC)),
        ("October 8, 2021 7:40 PM EDT", datetime(2021, 10, 8, 23, 40, tzinfo=UTC)),
        ("Oct. 8, 2021", datetime(2021, 10, 8, tzinfo=UTC)),
        ("Updated 3:05 p.m. Oct 8, 2021", datetime(2021, 10, 8, 15, 5, tzinfo=UTC)),
        ("8 October 2021 12:00 am", datetime(2021, 10, 8, 0, 0, tzinfo=UTC)),
        ("1633721000", datetime(2021, 10, 8, 19, 23, 20, tzinfo=UTC)),
        ("08.10.2021 19:40", datetime(2021, 10, 8, 19, 40, tzinfo=UTC)),
        ("10/08/2021", datetime(2021, 10, 8, tzinfo=UTC)),
        ("25/12/2021", datetime(2021, 12, 25, tzinfo=UTC)),
        ("Fri Oct 08 2021 19:40:00 GMT-0400 (Eastern Daylight Time)", datetime(2021, 10, 8, 23, 40, tzinfo=UTC)),
        ("2021-10-08 19:40:00 UTC", datetime(2021, 10, 8, 19, 40, tzinfo=UTC)),
    ],
)
def test_parse_datetime(value, expected):
    assert parse_datetime(value) == expected


@pytest.mark.parametrize("value", ["", "garbage", "2021-13-45", "Friday", "99:99 31 february 2021", None, "x" * 500])
def test_parse_datetime_negative(value):
    assert parse_datetime(value) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_never_raises(text):
    parse_wire_credit(text)
    parse_provider_credit(text)
    caption = split_caption_credit(text)
    assert isinstance(caption, Caption)
    is_wire_provider(text)
    value = parse_datetime(text)
    assert value is None or value.tzinfo is not None


def test_domain_of_names_a_site_one_way():
    from wire.split.meta import domain_of

    assert [domain_of(u) for u in (
        "https://www.MSN.com/en-us/news/x", "https://news.yahoo.com/a", "http://apnews.com", "not a url", "", None,
        "https://[::1", "https://www.riverbendtribune.com:8443/x",
    )] == ["msn.com", "news.yahoo.com", "apnews.com", None, None, None, None, "riverbendtribune.com"]
