"""wire/dedup_stream.py: the pure steps of streaming dedup (per-key memory, story choice, index lookups)."""

from __future__ import annotations

from tests.dedup_helpers import article, story
from wire import dedup as d
from wire import dedup_stream as ds

CONFIG = d.DedupConfig()
TTL = 600_000_000  # 10 minutes in microseconds
BODY = story(500, paragraphs=8)
AP = article("ap", BODY, "apnews.com")
MSN = article("msn", BODY[:6], "www.msn.com")
OTHER = article("other", story(501, paragraphs=8), "apnews.com")


def probe(a, ts, prior=None):
    return ds.make_probe(d.prepare(a, CONFIG), ts, prior)


def shared_band(a, b):
    keys_a = set(ds.probe_keys(d.prepare(a, CONFIG), CONFIG))
    shared = [k for k in ds.probe_keys(d.prepare(b, CONFIG), CONFIG) if k in keys_a]
    assert shared, "the two copies share no band key"
    return shared


def test_probe_keys_are_the_node_key_then_one_key_per_band_and_exact_only_for_short_texts():
    keys = ds.probe_keys(d.prepare(AP, CONFIG), CONFIG)
    assert len(keys) == 1 + CONFIG.bands and keys[0] == b"node|" + d.prepare(AP, CONFIG).node_id.encode()
    short = article("short", story(9, 1, 30), "apnews.com")
    assert ds.probe_keys(d.prepare(short, CONFIG), CONFIG) == [b"node|" + d.prepare(short, CONFIG).node_id.encode()]
    teaser = AP.replace(uri="card", representation="partial")
    assert not set(ds.probe_keys(d.prepare(teaser, CONFIG), CONFIG)) & set(keys)  # never a shared key


def test_a_copy_joins_the_remembered_story_and_is_remembered_under_it():
    key = shared_band(AP, MSN)[1]
    answer, state = ds.probe_band(key, probe(AP, 100), [], CONFIG, TTL)
    assert answer == ds.BandAnswer(key, (), created_own=True, node_known=False)
    s = probe(AP, 100).own_story
    assert [(r.story_id, r.first_seen_us, r.expires_us) for r in state] == [(s, 100, 100 + TTL)]
    answer, state = ds.probe_band(key, probe(MSN, 200), state, CONFIG, TTL)
    assert answer.matches == (ds.Match(s, False, 100, 1.0),) and not answer.created_own
    # the matched node lives on for another TTL; the new copy is remembered under the story it joined
    assert [(r.node_id, r.story_id, r.expires_us) for r in state] == [
        (probe(AP, 0).node_id, s, 200 + TTL), (probe(MSN, 0).node_id, s, 200 + TTL)]
    decision = ds.choose_story(d.prepare(MSN, CONFIG), 200, None, [answer])
    assert (decision.story_id, decision.kind, decision.similarity, decision.node_known) == (s, ds.KIND_STREAM, 1.0, False)


def test_an_exact_repeat_is_known_and_a_different_story_is_not_matched():
    key = ds.probe_keys(d.prepare(AP, CONFIG), CONFIG)[0]
    _, state = ds.probe_band(key, probe(AP, 100), [], CONFIG, TTL)
    answer, state2 = ds.probe_band(key, probe(AP.replace(uri="again"), 150), state, CONFIG, TTL)
    assert answer.node_known and len(state2) == 1
    other_key = ds.probe_keys(d.prepare(OTHER, CONFIG), CONFIG)[1]
    answer, _ = ds.probe_band(other_key, probe(OTHER, 150), state, CONFIG, TTL)  # a foreign node in the state
    assert answer.matches == () and answer.created_own


def test_copies_racing_through_keys_in_opposite_orders_agree_on_the_earlier_story():
    k1, k2 = shared_band(AP, MSN)[1:3]
    pa, pm = probe(AP, 100), probe(MSN, 200)
    a1, s1 = ds.probe_band(k1, pa, [], CONFIG, TTL)  # key 1: AP first
    m1, _ = ds.probe_band(k1, pm, s1, CONFIG, TTL)
    m2, s2 = ds.probe_band(k2, pm, [], CONFIG, TTL)  # key 2: MSN first
    a2, _ = ds.probe_band(k2, pa, s2, CONFIG, TTL)
    got_ap = ds.choose_story(d.prepare(AP, CONFIG), 100, None, [a1, a2])
    got_msn = ds.choose_story(d.prepare(MSN, CONFIG), 200, None, [m1, m2])
    assert got_ap.story_id == got_msn.story_id == pa.own_story
    assert (got_ap.kind, got_msn.kind) == (ds.KIND_NEW, ds.KIND_STREAM)


def test_a_late_copy_opens_its_own_story_best_effort():
    key = shared_band(AP, MSN)[1]
    _, state = ds.probe_band(key, probe(AP, 100), [], CONFIG, TTL)
    late = ds.probe_band(key, probe(MSN, 50), state, CONFIG, TTL)[0]
    other_key = next(k for k in ds.probe_keys(d.prepare(MSN, CONFIG), CONFIG)[1:] if k != key)
    own = ds.probe_band(other_key, probe(MSN, 50), [], CONFIG, TTL)[0]
    decision = ds.choose_story(d.prepare(MSN, CONFIG), 50, None, [late, own])
    assert (decision.story_id, decision.kind) == (probe(MSN, 50).own_story, ds.KIND_NEW)


def test_the_index_story_wins_and_is_remembered_as_such():
    key = shared_band(AP, MSN)[1]
    answer, state = ds.probe_band(key, probe(AP, 100, prior="urn:story:last-night"), [], CONFIG, TTL)
    assert not answer.created_own and state[0].story_id == "urn:story:last-night" and state[0].from_index
    answer, _ = ds.probe_band(key, probe(MSN, 200), state, CONFIG, TTL)
    decision = ds.choose_story(d.prepare(MSN, CONFIG), 200, None, [answer])
    assert (decision.story_id, decision.kind) == ("urn:story:last-night", ds.KIND_INDEX)
    decision = ds.choose_story(d.prepare(AP, CONFIG), 100, ("urn:story:last-night", 1.0, True), [])
    assert (decision.kind, decision.node_known) == (ds.KIND_INDEX, True)


def test_expiry_and_the_bucket_cap():
    key = shared_band(AP, MSN)[1]
    _, state = ds.probe_band(key, probe(AP, 100), [], CONFIG, TTL)
    assert ds.next_expiry(state) == 100 + TTL
    assert ds.expire(state, 100 + TTL - 1) == (state, 0)
    assert ds.expire(state, 100 + TTL) == ([], 1)
    tiny = d.DedupConfig(bucket_cap=2)
    filler = [ds.Remembered(f"n{i}", "full", b"", 0, f"s{i}", False, 0, TTL) for i in range(2)]
    answer, state = ds.probe_band(key, probe(AP, 100), filler, tiny, TTL)
    assert answer.created_own and state == filler  # opens its story, but the full key does not remember it


def test_index_matcher_exact_fuzzy_and_never_a_teaser():
    night1 = d.deduplicate([AP], CONFIG, "2026-11-26")
    matcher = ds.IndexMatcher(night1.index, CONFIG)
    story_id = night1.index[0].story_id
    assert matcher.match(d.prepare(AP.replace(uri="repeat"), CONFIG)) == (story_id, 1.0, True)
    found = matcher.match(d.prepare(MSN, CONFIG))
    assert found[0] == story_id and found[1] >= CONFIG.threshold and found[2] is False
    assert matcher.match(d.prepare(AP.replace(uri="card", representation="partial"), CONFIG)) is None
    assert matcher.match(d.prepare(OTHER, CONFIG)) is None
