"""wire/fingerprint.py: normalisation golden cases, keys, signatures, bands."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from wire import fingerprint as fp

from tests.dedup_helpers import story


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("MEXICO CITY (AP) \u2014 High-level delegations met.", "High-level delegations met."),
        ("WASHINGTON, D.C. (AP) -- Lawmakers voted.", "Lawmakers voted."),
        ("Paris (Reuters) - Prices rose.", "Prices rose."),
        ("\u201cWe\u2019re ready,\u201d she said\u00a0\u2014 twice.", "\"We're ready,\" she said - twice."),
        ("The president spoke. (AP Photo/Evan Vucci)", "The president spoke."),
        ("By MARK STEVENSON and MARÍA VERZA, Associated Press", ""),
        ("By Jane Doe", ""),
        ("Copyright 2021 The Associated Press. All rights reserved.", ""),
        ("This material may not be published, broadcast, rewritten or redistributed.", ""),
        ("Associated Press writer Chris Megerian in Washington contributed to this report.", ""),
        ("Photo: John Smith/Getty Images", ""),
        ("Read more: Ten things to know about the border", ""),
        ("RELATED: Mexico's president speaks", ""),
    ],
)
def test_clean_paragraph_golden(raw, expected):
    assert fp.clean_paragraph(raw, first=True) == expected


def test_wire_credit_inside_a_later_paragraph():
    assert fp.clean_paragraph("The officials (AP) said it, (Reuters) too.") == "The officials said it, too."


@pytest.mark.parametrize(
    "raw",
    [
        "By the end of the year, the city council had voted three times on the budget plan.",
        "Related questions remain unanswered, the senator said on Friday.",
        "Photographers gathered outside the court as the verdict was read.",
        "The AP reported the figure first; officials confirmed it later.",
    ],
)
def test_story_sentences_are_kept(raw):
    # The negative set: real story sentences that look like chrome must survive.
    assert fp.clean_paragraph(raw) == raw


def test_exact_key_ignores_chrome_case_and_punctuation():
    body = story(1)
    dressed = ["By Jane Doe, Associated Press", "NEW YORK (AP) \u2014 " + body[0].upper(), *[p.replace(",", " ,") for p in body[1:]],
               "Copyright 2026 The Associated Press. All rights reserved."]
    assert fp.exact_key(fp.words(dressed)) == fp.exact_key(fp.words(body))
    assert fp.exact_key(fp.words(body[:-1])) != fp.exact_key(fp.words(body))


def test_shingles():
    assert fp.shingles(["a", "b", "c"], 5) == ["a b c"]
    assert fp.shingles([], 5) == []
    assert fp.shingles(list("abcdef"), 5) == ["a b c d e", "b c d e f"]


def test_fingerprint_short_text_has_no_signature():
    short = fp.fingerprint(["Only a dozen words in this tiny brief about the city budget today."], min_words_for_fuzzy=50)
    assert short.signature == b"" and short.shingle_count == 0 and short.word_count == 13
    long = fp.fingerprint(story(3))
    assert len(long.signature) == fp.DEFAULT_NUM_PERM * 4 and long.shingle_count > 200


@pytest.mark.parametrize("backend", ["rensa", "datasketch"])
def test_signature_estimates_jaccard(backend):
    a = fp.shingles(fp.words(story(5, paragraphs=10)))
    b = a[: len(a) // 2]  # |A ∩ B| / |A ∪ B| = 0.5
    sa = fp.signature_bytes(fp.signature(a, 256, 7, backend))
    sb = fp.signature_bytes(fp.signature(b, 256, 7, backend))
    assert abs(fp.estimated_jaccard(sa, sb) - 0.5) < 0.1
    assert fp.estimated_containment(sa, len(a), sb, len(b)) > 0.85
    unrelated = fp.signature_bytes(fp.signature(fp.shingles(fp.words(story(6))), 256, 7, backend))
    assert fp.estimated_jaccard(sa, unrelated) < 0.05


def test_signature_is_the_same_in_another_process():
    # PYTHONHASHSEED must not matter: the index compares signatures across nights and workers.
    sig = fp.fingerprint(story(9)).signature.hex()
    code = "from tests.dedup_helpers import story; from wire import fingerprint as fp; print(fp.fingerprint(story(9)).signature.hex())"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root, check=True)
    assert out.stdout.strip() == sig


def test_band_keys():
    sig = fp.fingerprint(story(4)).signature
    keys = fp.band_keys(sig, 32, 4, prefix="s|full|")
    assert len(keys) == 32 and len(set(keys)) == 32 and all(len(k) == 8 for k in keys)
    assert set(keys).isdisjoint(fp.band_keys(sig, 32, 4, prefix="s|partial|"))
    # Changing one value in band 3 changes band 3's key only.
    arr = fp.signature_from_bytes(sig).copy()
    arr[13] ^= 1
    changed = fp.band_keys(fp.signature_bytes(arr), 32, 4, prefix="s|full|")
    assert [i for i in range(32) if keys[i] != changed[i]] == [3]
    with pytest.raises(ValueError):
        fp.band_keys(sig, 64, 4)


def test_iter_pairs_caps_large_buckets():
    assert list(fp.iter_pairs(["a", "b", "c"], cap=8)) == [("a", "b"), ("a", "c"), ("b", "c")]
    capped = list(fp.iter_pairs([f"n{i:03d}" for i in range(100)], cap=2))
    assert len(capped) == 99 + 98
    assert np.unique([p[1] for p in capped]).size == 99


def test_drop_paragraph_first_characters_are_exactly_what_the_pattern_can_start_with():
    # The alternatives of _DROP_PARAGRAPH start with these letters (or "©"); under re.I Unicode
    # case folding adds İ, ı, ſ and friends. The pre-check set must be that closure, no more, no less.
    import re

    letters = "".join(sorted({alt.lstrip("(?:")[0].lower() for alt in (
        "copyright", "this", "all", "the", "associated", "ap", "afp", "reuters", "photo",
        "image", "file", "read", "related", "see", "also", "more", "recommended", "watch", "sign",
    )}))
    folded = re.compile(f"[{letters}]", re.I)
    closure = {chr(c) for c in range(0x110000) if folded.fullmatch(chr(c))} | {"©"}
    assert closure == set(fp._DROP_FIRST)
    # and each of them really can open a dropped paragraph
    for text in ("Copyright 2024 The Associated Press", "© 2024 AP", "Photo by AP", "Read more: x", "Watch: x",
                 "File photo shows", "Image credit: x", "This material may not be published", "Sign up: x"):
        assert fp._DROP_PARAGRAPH.match(text) and text[0] in fp._DROP_FIRST


def test_copies_with_the_same_tokens_share_one_minhash(monkeypatch):
    # The AP copy and an aggregator's copy differ in dateline, credit and quotes only: same
    # tokens, same exact key, so the second fingerprint reuses the first one's signature.
    monkeypatch.setattr(fp, "_SIGNATURES", fp._Recent(8))
    computed = []
    real = fp.signature
    monkeypatch.setattr(fp, "signature", lambda items, *a: computed.append(len(items)) or real(items, *a))
    text = story(5)
    wire_copy = ["MEXICO CITY (AP) \u2014 " + text[0]] + text[1:] + ["Copyright 2021 The Associated Press."]
    first = fp.fingerprint(text)
    again = fp.fingerprint(wire_copy)
    assert len(computed) == 1 and computed[0] == first.shingle_count
    assert again == first
    # Another scheme is another signature, never the cached one.
    other = fp.fingerprint(text, num_perm=64)
    assert len(computed) == 2 and len(other.signature) == 64 * 4
    # The cached result is the one a fresh computation gives.
    monkeypatch.setattr(fp, "_SIGNATURES", fp._Recent(8))
    assert fp.fingerprint(wire_copy) == first and len(computed) == 3
    # Too short for a signature: nothing is computed or cached.
    assert fp.fingerprint(["Twelve words only here, far below the fuzzy matching threshold of fifty."]).signature == b""
    assert len(computed) == 3 and len(fp._SIGNATURES.entries) == 1


def test_recent_signatures_are_bounded_oldest_out():
    recent = fp._Recent(2)
    for key in ("a", "b", "c"):
        recent.put(key, (1, key.encode()))
    assert list(recent.entries) == ["b", "c"]
    assert recent.get("a", None) is None and recent.get("c", None) == (1, b"c")


def test_recent_signatures_survive_concurrent_evictions():
    # Beam runs DoFn threads side by side in one worker; with a thread switch forced every
    # microsecond, two unguarded evictions of the same oldest key raise KeyError within a few
    # thousand puts (measured while writing this test).
    import threading

    recent = fp._Recent(4)
    errors = []

    def work(t):
        try:
            for i in range(20_000):
                recent.put((t, i), (1, b""))
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == [] and len(recent.entries) == 4
