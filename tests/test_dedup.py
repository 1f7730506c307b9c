"""wire/dedup.py: the hard cases of story deduplication, the canonical policy, the cross-run index."""

from __future__ import annotations

import itertools
import random

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from wire import dedup as d
from tests.dedup_helpers import article, story

CFG = d.DedupConfig()
NIGHT1, NIGHT2 = "2026-11-26", "2026-11-27"


def stories_of(result) -> dict[str, str]:
    return {s.uri: s.story_id for s in result.sightings}


def partition(result) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for s in result.sightings:
        groups.setdefault(s.story_id, set()).add(s.uri)
    return {frozenset(g) for g in groups.values()}


def test_updated_version_with_two_added_paragraphs_is_one_story():
    body = story(10, paragraphs=8)
    update = body[:5] + story(11, paragraphs=2) + body[5:]
    r = d.deduplicate([article("first", body, "msn.com"), article("update", update, "news.yahoo.com")], CFG, NIGHT1)
    assert partition(r) == {frozenset({"first", "update"})}
    assert [a.uri for a in r.articles] == ["update"]  # the more complete body wins
    assert len(r.edges) == 1 and r.edges[0][2] >= 0.9


def test_two_stories_sharing_background_paragraphs_are_two():
    background = story(20, paragraphs=2)
    a = story(21, paragraphs=6) + background
    b = story(22, paragraphs=5) + background
    r = d.deduplicate([article("a", a, "apnews.com"), article("b", b, "apnews.com")], CFG, NIGHT1)
    assert partition(r) == {frozenset({"a"}), frozenset({"b"})}
    assert r.edges == ()


def test_trimmed_copy_and_its_full_story_are_one():
    body = story(30, paragraphs=10)
    r = d.deduplicate([article("full", body, "apnews.com"), article("trim", body[:6], "msn.com")], CFG, NIGHT1)
    assert partition(r) == {frozenset({"full", "trim"})}


def test_teaser_is_never_merged_with_the_full_article():
    body = story(40, paragraphs=8)
    teaser = article("card", body, "msn.com", representation="partial", role="embedded", headline="Headline")
    same_text_teaser = article("card2", body, "aol.com", representation="partial", role="embedded", headline="Headline")
    r = d.deduplicate([article("full", body, "msn.com"), teaser, same_text_teaser], CFG, NIGHT1)
    assert partition(r) == {frozenset({"full"}), frozenset({"card", "card2"})}
    assert all(s.similarity == 1.0 for s in r.sightings)


def test_short_texts_match_exactly_only():
    short = story(50, paragraphs=1, words=38)  # 30..46 words: under min_words_for_fuzzy
    near = [short[0].replace(".", " today.")]
    same = ["By Jane Doe, Associated Press", "CHICAGO (AP) \u2014 " + short[0]]
    r = d.deduplicate(
        [article("s1", short, "apnews.com"), article("s2", near, "msn.com"), article("s3", same, "aol.com")], CFG, NIGHT1
    )
    assert partition(r) == {frozenset({"s1", "s3"}), frozenset({"s2"})}
    assert r.edges == ()  # no fuzzy edge at all: the exact match is the shared node


def test_empty_texts_are_not_one_story():
    r = d.deduplicate([article("e1", [], "msn.com"), article("e2", [], "aol.com")], CFG, NIGHT1)
    assert partition(r) == {frozenset({"e1"}), frozenset({"e2"})}


def test_canonical_policy_default_order():
    body = story(60, paragraphs=9)
    copies = [
        article("z-ap", body[:7], "apnews.com", fetched=9),  # the wire's own site, though shorter
        article("b-msn", body, "www.msn.com", fetched=3),
        article("a-yahoo", body, "news.yahoo.com", fetched=5),
    ]
    assert [a.uri for a in d.deduplicate(copies, CFG, NIGHT1).articles] == ["z-ap"]
    # Without the wire copy: most complete, then earliest fetch, then smallest uri.
    assert [a.uri for a in d.deduplicate(copies[1:], CFG, NIGHT1).articles] == ["b-msn"]
    late = [copies[1].replace(fetched_at=None), copies[2].replace(fetched_at=None)]
    assert [a.uri for a in d.deduplicate(late, CFG, NIGHT1).articles] == ["a-yahoo"]


def test_canonical_policy_is_configurable():
    body = story(61, paragraphs=9)
    copies = [article("ap", body[:7], "apnews.com", fetched=9), article("msn", body, "msn.com", fetched=3)]
    earliest_first = d.DedupConfig(policy=d.CanonicalPolicy(order=("earliest_fetch",)))
    assert [a.uri for a in d.deduplicate(copies, earliest_first, NIGHT1).articles] == ["msn"]
    with pytest.raises(ValueError):
        d.CanonicalPolicy(order=("loudest",))


def test_three_aggregators_give_one_row_three_sources_three_sightings():
    body = story(70, paragraphs=9)
    copies = [
        article("msn", ["By Mark Stevenson, Associated Press", "MEXICO CITY (AP) \u2014 " + body[0], *body[1:]], "www.msn.com"),
        article("yahoo", body[:7], "news.yahoo.com", headline="Changed headline"),
        article("aol", [*body[:4], "Read more: Another story", *body[4:]], "www.aol.com"),
    ]
    r = d.deduplicate(copies, CFG, NIGHT1)
    assert len(r.articles) == 1
    row = r.articles[0]
    # msn and aol carry the same text once chrome is gone; no fetch times: the smaller uri wins.
    assert row.is_canonical and row.uri == "aol"
    assert [(s.name, s.role, s.url) for s in row.info_sources] == [
        ("Associated Press", "originator", None),
        ("news.yahoo.com", "aggregator", "https://news.yahoo.com/yahoo"),
        ("www.aol.com", "aggregator", "https://www.aol.com/aol"),
        ("www.msn.com", "aggregator", "https://www.msn.com/msn"),
    ]
    assert sorted((s.uri, s.is_canonical, s.story_id == row.story_id) for s in r.sightings) == [
        ("aol", True, True), ("msn", False, True), ("yahoo", False, True)]
    assert {s.uri: s.similarity for s in r.sightings}["msn"] == 1.0
    assert {s.uri: s.similarity for s in r.sightings}["yahoo"] >= 0.9


def test_originator_url_is_the_wire_copy():
    body = story(71)
    r = d.deduplicate([article("ap", body, "apnews.com"), article("msn", body, "msn.com")], CFG, NIGHT1)
    assert [(s.name, s.role, s.url) for s in r.articles[0].info_sources] == [
        ("Associated Press", "originator", "https://apnews.com/ap"), ("msn.com", "aggregator", "https://msn.com/msn")]


def test_mark_mode_keeps_every_copy():
    body = story(80)
    copies = [article("a", body, "apnews.com"), article("b", body[:6], "msn.com"), article("c", story(81), "msn.com")]
    r = d.deduplicate(copies, d.DedupConfig(mode="mark"), NIGHT1)
    assert sorted((a.uri, a.is_canonical) for a in r.articles) == [("a", True), ("b", False), ("c", True)]
    assert len({a.story_id for a in r.articles}) == 2


def _corpus():
    out = []
    for s in range(6):
        body = story(100 + s, paragraphs=8)
        out += [article(f"s{s}-ap", body, "apnews.com"), article(f"s{s}-msn", body[:6], "msn.com"),
                article(f"s{s}-yahoo", body[:4] + story(200 + s, 2) + body[4:], "news.yahoo.com")]
    return out


def test_story_id_is_stable_under_input_permutation():
    corpus = _corpus()
    expected = d.deduplicate(corpus, CFG, NIGHT1)
    assert len(partition(expected)) == 6
    for seed in range(5):
        shuffled = corpus[:]
        random.Random(seed).shuffle(shuffled)
        again = d.deduplicate(shuffled, CFG, NIGHT1)
        assert stories_of(again) == stories_of(expected)
        assert sorted(a.uri for a in again.articles) == sorted(a.uri for a in expected.articles)


def test_union_find_is_order_independent():
    edges = [("c", "d"), ("a", "c"), ("e", "f"), ("d", "b")]
    maps = set()
    for perm in itertools.permutations(edges):
        uf = d.UnionFind()
        for u, v in perm:
            uf.union(u, v)
        maps.add(tuple(sorted(uf.mapping().items())))
    assert maps == {(("b", "a"), ("c", "a"), ("d", "a"), ("f", "e"))}


def _write_index(root, entries, date):
    folder = root / f"ingest_date={date}"
    folder.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist([d.to_row(e) for e in entries], schema=d.STORY_INDEX_SCHEMA)
    pq.write_table(table, folder / "part-00000.parquet")


def test_index_round_trip_and_missing_path(tmp_path):
    assert d.load_story_index(str(tmp_path / "nothing")) == []
    assert d.load_story_index(None) == []
    night1 = d.deduplicate(_corpus(), CFG, NIGHT1)
    _write_index(tmp_path, night1.index, NIGHT1)
    loaded = d.load_story_index(str(tmp_path))
    assert sorted(loaded, key=lambda e: e.node_id) == sorted(night1.index, key=lambda e: e.node_id)
    assert d.load_story_index(str(tmp_path), before_date=NIGHT1) == []  # tonight's own rows excluded
    other = d.load_story_index(str(tmp_path), scheme="datasketch:128:1:5")
    assert all(e.signature == b"" for e in other) and {e.exact_key for e in other} == {e.exact_key for e in loaded}


def test_second_night_copies_join_first_night_story(tmp_path):
    corpus = _corpus()
    night1 = d.deduplicate(corpus, CFG, NIGHT1)
    _write_index(tmp_path, night1.index, NIGHT1)
    night1_story = stories_of(night1)
    body = story(102, paragraphs=8)
    tonight = [
        article("n2-aol", body[:5], "www.aol.com"),  # a new, trimmed copy of story 2
        article("n2-ap-again", body, "apnews.com"),  # the very same text as night 1's canonical
        article("n2-new", story(300), "apnews.com"),  # a story nobody saw before
    ]
    index = d.load_story_index(str(tmp_path), before_date=NIGHT2, scheme=CFG.scheme)
    night2 = d.deduplicate(tonight, CFG, NIGHT2, index)
    got = stories_of(night2)
    assert got["n2-aol"] == got["n2-ap-again"] == night1_story["s2-ap"]
    assert got["n2-new"] not in night1_story.values()
    # The story had its canonical row on night 1: tonight's copies are sightings of it.
    assert [a.uri for a in night2.articles] == ["n2-new"]
    assert {s.uri: s.is_canonical for s in night2.sightings} == {"n2-aol": False, "n2-ap-again": False, "n2-new": True}
    assert {s.uri: s.similarity for s in night2.sightings}["n2-ap-again"] == 1.0
    # Only texts the index has not seen get index rows.
    assert sorted(e.uri for e in night2.index) == ["n2-aol", "n2-new"]
    assert all(e.ingest_date == NIGHT2 for e in night2.index)


def test_rerunning_a_night_gives_the_same_result(tmp_path):
    corpus = _corpus()
    first = d.deduplicate(corpus, CFG, NIGHT1)
    _write_index(tmp_path, first.index, NIGHT1)  # the index now holds this night's own rows
    rerun = d.deduplicate(corpus, CFG, NIGHT1, d.load_story_index(str(tmp_path), before_date=NIGHT1))
    assert rerun == first
    # Without excluding tonight's rows every copy would become a sighting of itself.
    wrong = d.deduplicate(corpus, CFG, NIGHT1, d.load_story_index(str(tmp_path)))
    assert wrong.articles == ()


def test_config_validation():
    with pytest.raises(ValueError):
        d.DedupConfig(mode="delete")
    with pytest.raises(ValueError):
        d.DedupConfig(bands=40, rows=4, num_perm=128)
    with pytest.raises(ValueError):
        d.DedupConfig(threshold=0)


def test_demo_samples_story_a_is_one_row_with_three_aggregators():
    """The samples' AP story A, carried by msn, Yahoo and a local paper (trimmed), from the split goldens."""
    import json
    from datetime import datetime
    from pathlib import Path

    from wire.records import Article, article_uri

    root = Path(__file__).resolve().parents[1]
    golden = json.loads((root / "tests" / "fixtures" / "samples_expected.json").read_text(encoding="utf-8"))
    articles, story_of = [], {}
    for name, page in golden["pages"].items():
        if "main" not in page:
            continue  # the seed page's golden lives in ../shared/seed
        meta_path = root / "samples" / f"{name}.meta.json"
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
        url = meta.get("url")
        domain = url.split("/")[2] if url else None
        fetched = datetime.fromisoformat(meta["fetched_at"].replace("Z", "+00:00")) if meta.get("fetched_at") else None
        parts = [("main", page["main"], "full")] + [("embedded", e, e.get("representation", "full")) for e in page["embedded"]]
        for position, (role, part, representation) in enumerate(parts):
            uri = article_uri(name, "0" * 64, role, position)
            story_of[uri] = page["story"] if role == "main" else f"{page['story']}-embedded-{position}"
            articles.append(Article(
                uri=uri, role=role, position=position, representation=representation, input_uri=name,
                input_sha256="0" * 64, headline=part.get("headline"), paragraphs=tuple(part.get("paragraphs", ())),
                provider=part.get("provider"), is_wire=part.get("provider") in ("Associated Press", "Reuters"),
                source_url=url, source_domain=domain, fetched_at=fetched,
            ))
    r = d.deduplicate(articles, CFG, "2026-11-26")
    got = {}
    for s in r.sightings:
        got.setdefault(s.story_id, set()).add(story_of[s.uri])
    # Every sample story is its own story; only story A's three copies share one.
    assert sorted(sorted(g) for g in got.values()) == sorted([["A"]] + [[s] for s in set(story_of.values()) if s != "A"])
    rows = [a for a in r.articles if story_of[a.uri] == "A"]
    assert len(rows) == 1 and rows[0].is_canonical
    sources = rows[0].info_sources
    assert [(s.name, s.role) for s in sources] == [
        ("Associated Press", "originator"),
        ("news.yahoo.com", "aggregator"),
        ("www.msn.com", "aggregator"),
        ("www.riverbendtribune.com", "aggregator"),
    ]
    sightings = [s for s in r.sightings if story_of[s.uri] == "A"]
    assert len(sightings) == 3 and sum(s.is_canonical for s in sightings) == 1
    assert all(s.story_id == rows[0].story_id and s.similarity >= 0.8 for s in sightings)


def test_config_from_yaml_mapping():
    cfg = d.DedupConfig.from_dict({"mode": "mark", "threshold": 0.75, "policy": {"order": ["earliest_fetch", "smallest_uri"], "wire_sites": {"Associated Press": ["apnews.com", "ap.org"]}}})
    assert cfg.mode == "mark" and cfg.threshold == 0.75
    assert cfg.policy.order == ("earliest_fetch", "smallest_uri")
    assert cfg.policy.wire_name("hosted.ap.org") == "Associated Press" and cfg.policy.wire_name("msn.com") is None
    assert d.DedupConfig.from_dict(None) == d.DedupConfig()
    with pytest.raises(ValueError):
        d.DedupConfig.from_dict({"treshold": 0.8})
