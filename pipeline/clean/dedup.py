"""Near-duplicate detection: MinHash fingerprints (process_shard) and story clustering (loader).

Fingerprint (pure, per article, computed in process_shard):
  text -> casefold, word tokens (\\w+, punctuation dropped) -> word 5-shingles
  -> 32-bit blake2b hash per shingle -> NUM_PERM universal hash functions
  h_i(x) = (a_i * x + b_i) mod (2**61 - 1), a_i/b_i derived from sha256 of a fixed
  label -> the minimum per function, kept as its low 32 bits -> signature.
  LSH: the signature is cut into BANDS bands of ROWS values; each band is hashed
  (band number included) into a signed 64-bit band key.
  Everything is hashlib + integers: the same text gives the same fingerprint in
  every process, on every machine (Python's built-in hash() is salted per process,
  and is never used here).

Estimated Jaccard similarity of two articles = share of signature positions that
agree (an unbiased estimator; standard deviation sqrt(J(1-J)/NUM_PERM), 0.044 at
J = 0.5).  Two articles are copies of one story when their texts are identical
(content_hash) or their estimated Jaccard >= JACCARD_THRESHOLD; a story is a
connected component of that relation; its id is the earliest member's article_id.

Why these numbers:
  * JACCARD_THRESHOLD = 0.5: a lightly edited wire copy (new headline, last
    paragraph trimmed, a few words changed, other boilerplate) keeps 0.6-0.9 of the
    5-shingles (each changed word breaks at most 5 shingles; the tests' fixture:
    0.64-0.66); any copy that keeps at least about half of the original's text
    reaches 0.5. Different articles about the same event share names, places and
    the odd quote but few 5-word runs: 0.00-0.10 (the sample corpus <= 0.03, the
    fixture's unrelated article 0.02-0.04 despite a shared quote). Template-made
    articles (earnings or market robots) share more and are the likeliest false
    merges: raising the threshold protects them but loses heavily trimmed copies.
    At J = 0.1 the estimate's standard deviation is 0.027, so a false match needs a
    15-sigma error; a copy at J = 0.6 is missed with p ~ 0.01 (its other copies
    usually still connect it). 0.5 is also the classic resemblance cut-off for
    near-duplicate documents (Broder 1997).
  * BANDS x ROWS = 40 x 3 (NUM_PERM = 120): a pair becomes a candidate with
    probability 1 - (1 - J**3)**40: 0.995 at J = 0.5, > 0.9999999 at J = 0.7, 0.04
    at J = 0.1 and 5e-6 for texts sharing one stock phrase (J = 0.005). The loader
    verifies few pairs and misses almost none above the threshold.
  * Cost: ~5 ms per 300-word article in process_shard (spaCy: ~250 ms); in the
    loader, ~0.5 s per 1,000 new articles against a 1M-article history.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping

SHINGLE_WORDS = 5
NUM_PERM = 120
BANDS = 40
ROWS = 3
JACCARD_THRESHOLD = 0.5
assert BANDS * ROWS <= NUM_PERM

_PRIME = (1 << 61) - 1  # Mersenne prime: the universal hash family's modulus
_LOW32 = (1 << 32) - 1
_WORD = re.compile(r"\w+")


def _permutations(count: int) -> tuple[tuple[int, int], ...]:
    params = []
    for i in range(count):
        digest = hashlib.sha256(f"newsetl-minhash-v1:{i}".encode()).digest()
        a = int.from_bytes(digest[:8], "big") % (_PRIME - 1) + 1  # a != 0
        b = int.from_bytes(digest[8:16], "big") % _PRIME
        params.append((a, b))
    return tuple(params)


_PERMS = _permutations(NUM_PERM)


def tokens(text: str) -> list[str]:
    """Word tokens of the normalised text: case-folded, punctuation and whitespace dropped."""
    return _WORD.findall(text.casefold())


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    words = tokens(text)
    if not words:
        return set()
    if len(words) < size:
        return {" ".join(words)}
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def _hash32(value: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(value, digest_size=4).digest(), "big")


def minhash(text: str) -> tuple[int, list[int]]:
    """(number of distinct shingles, signature of NUM_PERM unsigned 32-bit ints); (0, []) without words."""
    distinct = shingles(text)
    hashes = {_hash32(s.encode()) for s in distinct}
    if not hashes:
        return 0, []
    return len(distinct), [min((a * x + b) % _PRIME for x in hashes) & _LOW32 for a, b in _PERMS]


def band_keys(signature: list[int]) -> list[int]:
    """One signed 64-bit key per LSH band (the band number is part of the key)."""
    keys = []
    for band in range(BANDS):
        chunk = signature[band * ROWS:(band + 1) * ROWS]
        data = band.to_bytes(2, "big") + b"".join(v.to_bytes(4, "big") for v in chunk)
        keys.append(int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big", signed=True))
    return keys


def estimated_jaccard(sig_a: list[int], sig_b: list[int]) -> float:
    """Share of equal MinHash slots. The Python reference for the comparison the loader
    makes in SQL (sql/load/cluster_stories.sql); the tests check one against the other."""
    if not sig_a or len(sig_a) != len(sig_b):
        return 0.0
    return sum(x == y for x, y in zip(sig_a, sig_b)) / len(sig_a)


def fingerprint_rows(article_id: str, text: str, common: Mapping) -> tuple[list[dict], list[dict]]:
    """Staged rows for one article: ([article_fingerprints row], article_lsh_bands rows); empty without words."""
    count, signature = minhash(text)
    if not signature:
        return [], []
    fingerprint = {"article_id": article_id, **common, "shingle_count": count, "minhash": signature}
    bands = [{"article_id": article_id, **common, "band": band, "band_key": key} for band, key in enumerate(band_keys(signature))]
    return [fingerprint], bands


def cluster(
    ranked_ids: Iterable[str],
    edges: Iterable[tuple[str, str]],
    groups: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Connected components -> {article_id: story_id}.

    `ranked_ids` lists every node earliest first; a component's story_id is its
    earliest member. `edges` are pairs of copies; `groups` maps a node to a label
    (an existing story known to be still connected): nodes with one label are one
    component. Edges to nodes not in `ranked_ids` are an error.
    """
    order = {node: rank for rank, node in enumerate(ranked_ids)}
    parent = list(range(len(order)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            # The smaller rank (earlier article) becomes the root: the root is the component's first member.
            parent[max(ri, rj)] = min(ri, rj)

    for a, b in edges:
        union(order[a], order[b])
    first_of_label: dict[str, int] = {}
    for node, label in (groups or {}).items():
        if label is None:
            continue
        i = order[node]
        if label in first_of_label:
            union(first_of_label[label], i)
        else:
            first_of_label[label] = i
    ids = list(order)
    return {node: ids[find(rank)] for node, rank in order.items()}
