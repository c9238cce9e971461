"""MinHash fingerprints and story clustering (pipeline/clean/dedup.py)."""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys

import pytest

from pipeline.clean import dedup
from pipeline.config import PROJECT_ROOT

TEXT = (
    "Floodwaters from the cyclone have forced more than 20,000 people from their homes, officials said on "
    "Wednesday, as rivers burst their banks and washed away roads and bridges. Rescue teams using boats and a "
    "single helicopter were still trying to reach villages cut off by the water."
)


def _words(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(5000)]
    return [rng.choice(vocabulary) for _ in range(n)]


def test_tokens_ignore_case_punctuation_and_spacing():
    assert dedup.tokens("The  U.N. said: “Go—now!”\n\nOK") == ["the", "u", "n", "said", "go", "now", "ok"]
    assert dedup.shingles("Rivers burst their banks, officials said.") == {"rivers burst their banks officials", "burst their banks officials said"}


def test_short_and_empty_texts():
    assert dedup.shingles("Two words") == {"two words"}
    assert dedup.minhash("") == (0, [])
    assert dedup.minhash("— … !") == (0, [])
    assert dedup.fingerprint_rows("a1", "", {"run_id": "r"}) == ([], [])
    count, signature = dedup.minhash("Two words")
    assert count == 1 and len(signature) == dedup.NUM_PERM


def test_signature_shape_and_band_keys():
    count, signature = dedup.minhash(TEXT)
    assert count == len(dedup.shingles(TEXT))
    assert len(signature) == dedup.NUM_PERM
    assert all(0 <= v < 2**32 for v in signature)
    keys = dedup.band_keys(signature)
    assert len(keys) == dedup.BANDS == len(set(keys))  # the band number is part of the key
    assert all(-(2**63) <= k < 2**63 for k in keys)


def test_same_normalised_text_gives_same_fingerprint():
    variant = TEXT.upper().replace(" ", "  \n").replace(",", " ,")
    assert dedup.minhash(variant) == dedup.minhash(TEXT)


def test_fingerprint_is_pinned():
    """Stored fingerprints are compared with new ones for ever: a change here needs every day reloaded."""
    count, signature = dedup.minhash(TEXT)
    digest = hashlib.sha256(json.dumps([count, signature, dedup.band_keys(signature)]).encode()).hexdigest()
    assert digest[:16] == "02cb58dea8eff3cb"


def test_fingerprint_is_the_same_in_another_process():
    """No salted hash(): another interpreter with another PYTHONHASHSEED computes the same values."""
    code = "import json; from pipeline.clean.dedup import minhash, band_keys; c, s = minhash(%r); print(json.dumps([c, s, band_keys(s)]))" % TEXT
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, check=True).stdout
    count, signature = dedup.minhash(TEXT)
    assert json.loads(out) == [count, signature, dedup.band_keys(signature)]


@pytest.mark.parametrize("keep", [1.0, 0.8, 0.6, 0.4, 0.1])
def test_estimated_jaccard_is_close_to_the_true_value(keep):
    words = _words(400, seed=1)
    cut = int(len(words) * keep)
    a, b = " ".join(words), " ".join(words[:cut])
    sa, sb = dedup.shingles(a), dedup.shingles(b)
    true = len(sa & sb) / len(sa | sb)
    estimate = dedup.estimated_jaccard(dedup.minhash(a)[1], dedup.minhash(b)[1])
    assert abs(estimate - true) < 4 * (true * (1 - true) / dedup.NUM_PERM) ** 0.5 + 0.01


def test_edited_copy_shares_a_band_and_unrelated_text_does_not():
    words = _words(300, seed=2)
    copy = list(words[:250])  # last sixth trimmed
    for i in (20, 90, 160, 230):
        copy[i] = "changed"
    original_sig, copy_sig = dedup.minhash(" ".join(words))[1], dedup.minhash(" ".join(copy))[1]
    other_sig = dedup.minhash(" ".join(_words(300, seed=3)))[1]
    assert dedup.estimated_jaccard(original_sig, copy_sig) >= dedup.JACCARD_THRESHOLD
    assert set(dedup.band_keys(original_sig)) & set(dedup.band_keys(copy_sig))
    assert dedup.estimated_jaccard(original_sig, other_sig) < 0.05
    assert not set(dedup.band_keys(original_sig)) & set(dedup.band_keys(other_sig))


def test_fingerprint_rows_carry_the_common_columns():
    common = {"partition_date": "2022-03-02", "run_id": "r1"}
    fingerprints, bands = dedup.fingerprint_rows("a1", TEXT, common)
    assert len(fingerprints) == 1 and len(bands) == dedup.BANDS
    assert fingerprints[0]["article_id"] == "a1" and fingerprints[0]["run_id"] == "r1"
    assert [b["band"] for b in bands] == list(range(dedup.BANDS))
    assert {b["partition_date"] for b in bands} == {"2022-03-02"}


def test_cluster_components_take_the_earliest_member():
    ranked = ["e", "a", "c", "b", "d", "f"]  # earliest first
    story = dedup.cluster(ranked, [("a", "b"), ("b", "c"), ("d", "f")])
    assert story == {"e": "e", "a": "a", "c": "a", "b": "a", "d": "d", "f": "d"}


def test_cluster_chain_and_order_of_edges():
    ranked = [f"n{i}" for i in range(6)]
    edges = [("n5", "n4"), ("n4", "n3"), ("n0", "n3"), ("n1", "n2")]
    for order in (edges, list(reversed(edges))):
        assert dedup.cluster(ranked, order) == {"n0": "n0", "n3": "n0", "n4": "n0", "n5": "n0", "n1": "n1", "n2": "n1"}


def test_cluster_groups_join_existing_stories():
    ranked = ["x", "old1", "old2", "new"]
    story = dedup.cluster(ranked, [("new", "old2")], groups={"old1": "S", "old2": "S", "x": None})
    assert story == {"x": "x", "old1": "old1", "old2": "old1", "new": "old1"}


def test_cluster_rejects_unknown_nodes():
    with pytest.raises(KeyError):
        dedup.cluster(["a"], [("a", "zz")])
