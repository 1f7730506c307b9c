"""Seeded story texts and Article builders shared by the dedup tests (no external data)."""

from __future__ import annotations

import random
from datetime import datetime, timezone

from wire.records import Article

_WORDS = (
    "the officials said on friday that government would council city police report state federal new year "
    "people after before during week month plan vote court judge law case trial election campaign senator "
    "governor mayor budget tax school students teachers hospital health doctors patients virus vaccine water "
    "river storm flood fire wind power energy oil gas prices market stocks company workers union strike pay "
    "deal talks agreement border security migrants asylum officers arrest charges prison lawyers families "
    "children women men residents community local national international minister president prime leaders "
    "military troops war peace treaty sanctions trade tariffs exports farmers crops drought heat climate "
    "scientists study research data university museum art music film festival team game season coach players "
    "league championship record fans stadium road bridge train airport flights travel tourism hotel island "
    "coast north south east west county district village town capital region province nation country world "
    "early late morning evening night hours days years decades million billion percent dollars cost money "
    "support opposition critics supporters protest demonstrators rally speech statement interview spokesman "
    "agency department ministry office commission committee board panel inquiry investigation review audit"
).split()


def story(seed: int, paragraphs: int = 8, words: int = 32) -> list[str]:
    """A deterministic pseudo-text: no two seeds share a 5-word shingle in practice."""
    rng = random.Random(seed)
    out = []
    for _ in range(paragraphs):
        n = rng.randint(words - 8, words + 8)
        text = " ".join(rng.choice(_WORDS) for _ in range(n))
        out.append(text[0].upper() + text[1:] + ".")
    return out


def article(
    uri: str,
    paragraphs,
    domain: str,
    *,
    representation: str = "full",
    role: str = "main",
    headline: str | None = None,
    provider: str | None = "Associated Press",
    fetched: int | None = None,
) -> Article:
    return Article(
        uri=uri,
        role=role,
        position=0 if role == "main" else 1,
        representation=representation,
        input_uri=f"gs://raw/{uri}.html",
        input_sha256="0" * 64,
        headline=headline,
        paragraphs=tuple(paragraphs),
        provider=provider,
        is_wire=provider is not None,
        source_url=f"https://{domain}/{uri}",
        source_domain=domain,
        fetched_at=datetime(2026, 11, 27, fetched, tzinfo=timezone.utc) if fetched is not None else None,
    )
