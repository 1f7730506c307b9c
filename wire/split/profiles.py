"""Site profiles: per-site XPath selectors for the HTML splitter, shipped inside the package.

Input: the YAML files configs/sites/*.yaml, read once per process through
importlib.resources.files("configs") (workers never read a checkout's
configs/ folder). Output: frozen `SiteProfile` records; `profile_for(domain)`
returns the profile whose `domains` match a page's host (the host itself or a
subdomain of it), or None so the generic splitter runs. No dead letters: a
malformed profile raises at load time, so a bad release fails at launch, not
on a worker halfway through a run.

Selectors are XPath 1.0 (lxml evaluates them natively, so profiles need no CSS
translation package). Every selector is optional; an absent or non-matching
selector falls back to the generic rule for that field.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml
from lxml import etree

_FIELDS = ("body", "cards", "card_headline", "card_summary", "captions", "byline", "time", "headline", "drop")


@dataclass(frozen=True)
class SiteProfile:
    name: str
    domains: tuple[str, ...]
    body: tuple[str, ...] = ()  # XPath(s) of the main body container; first match wins
    cards: tuple[str, ...] = ()  # XPath(s) of teaser cards, evaluated inside the body
    card_headline: tuple[str, ...] = ()  # relative XPath(s) of a card's headline
    card_summary: tuple[str, ...] = ()  # relative XPath(s) of a card's snippet
    captions: tuple[str, ...] = ()  # XPath(s) of photo captions, inside the body
    byline: tuple[str, ...] = ()  # XPath(s), page-wide
    time: tuple[str, ...] = ()  # XPath(s) of elements carrying a datetime attribute or text
    headline: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()  # XPath(s) of chrome inside the body (share bars, ads)
    provider: str | None = None  # the site's own name when the page credits nobody else

    def matches(self, domain: str | None) -> bool:
        if not domain:
            return False
        domain = domain.lower().rstrip(".")
        return any(domain == d or domain.endswith("." + d) for d in self.domains)


def _as_tuple(value, field: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"site profile {name}: {field} must be a string or a list of strings")
    for xpath in value:
        try:
            etree.XPath(xpath)
        except etree.XPathSyntaxError as exc:
            raise ValueError(f"site profile {name}: bad XPath in {field}: {xpath!r}: {exc}") from exc
    return tuple(value)


def parse_profile(data: dict, name: str) -> SiteProfile:
    if not isinstance(data, dict):
        raise TypeError(f"site profile {name}: not a mapping")
    unknown = set(data) - {"name", "domains", "provider", *_FIELDS}
    if unknown:
        raise ValueError(f"site profile {name}: unknown keys {sorted(unknown)}")
    domains = _as_tuple(data.get("domains"), "domains", name)
    if not domains:
        raise ValueError(f"site profile {name}: no domains")
    fields = {f: _as_tuple(data.get(f), f, name) for f in _FIELDS}
    return SiteProfile(
        name=str(data.get("name") or name),
        domains=tuple(d.lower() for d in domains),
        provider=data.get("provider"),
        **fields,
    )


@functools.lru_cache(maxsize=1)
def load_profiles() -> tuple[SiteProfile, ...]:
    """All shipped profiles, loaded once per process."""
    folder = resources.files("configs") / "sites"
    profiles = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            data = yaml.safe_load(entry.read_text(encoding="utf-8"))
            profiles.append(parse_profile(data, entry.name.rsplit(".", 1)[0]))
    return tuple(profiles)


def profile_for(domain: str | None) -> SiteProfile | None:
    for profile in load_profiles():
        if profile.matches(domain):
            return profile
    return None


@functools.lru_cache(maxsize=512)
def compiled(xpath: str) -> etree.XPath:
    return etree.XPath(xpath)
