"""Boilerplate learned per source domain: the learning rule, normalisation, the cut (pipeline/clean/learned.py)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import date

import pyarrow as pa
import pytest

from pipeline.clean.boilerplate import filter_blocks, load_patterns
from pipeline.clean.learned import (
    ARTICLE_KEY_SAMPLE,
    RULE,
    LearnedBoilerplate,
    LineCounter,
    LineObservation,
    apply_learned,
    article_key,
    learn,
    normalize_paragraph,
    paragraph_key,
    read_learned,
    write_export,
)
from pipeline.config import PROJECT_ROOT, Settings
from pipeline.process import clean_and_observe, clean_document
from pipeline.records import CleanDocument, RawDocument, RemovedSpan

PATTERNS = load_patterns(Settings().reference_dir / "boilerplate_patterns.csv")
PROMO = "Example Daily is an independent newsroom funded by readers like you."
SITE = "example-daily.example"
KEY = paragraph_key(PROMO)


def rows(domain: str, key: int, per_day: dict[str, list[str]]) -> list[dict]:
    """source_line_counts rows: day -> the URLs of that day's articles containing the line."""
    return [
        {"source_domain": domain, "line_hash": key, "partition_date": date.fromisoformat(day), "articles": len(urls),
         "article_keys": sorted({article_key(u) for u in urls})}
        for day, urls in per_day.items()
    ]


def urls(day: str, n: int, site: str = "www.example-daily.example") -> list[str]:
    return [f"https://{site}/{day}/story-{i}" for i in range(n)]


# --- normalisation and hashing -----------------------------------------------------------------

@pytest.mark.parametrize("variant", [
    PROMO,
    "example daily is an independent newsroom funded by readers like you",
    "  Example  Daily is an independent\u00a0newsroom funded by readers like you. ",
    "EXAMPLE DAILY IS AN INDEPENDENT NEWSROOM FUNDED BY READERS LIKE YOU!",
    "\u201cExample Daily is an independent newsroom funded by readers like you.\u201d",
])
def test_variants_of_one_line_share_a_key(variant):
    assert paragraph_key(variant) == KEY


def test_quotes_and_dashes_are_unified():
    assert normalize_paragraph("Don\u2019t miss it \u2014 subscribe") == normalize_paragraph("Don't miss it - subscribe")


def test_different_lines_have_different_keys():
    assert paragraph_key("Example Daily is an independent newsroom funded by readers like me.") != KEY
    assert paragraph_key("The Dow closed at 34,000.") != paragraph_key("The Dow closed at 35,000.")  # digits matter


def test_long_or_empty_paragraphs_are_never_learned():
    assert paragraph_key(" ".join(["word"] * 41)) is None  # the line filter's 40-word guard
    assert paragraph_key(" ".join(["word"] * 40)) is not None
    assert paragraph_key("* * *") is None
    assert paragraph_key("") is None


def test_key_is_sha256_based_and_the_same_in_every_process():
    expected = int.from_bytes(hashlib.sha256(normalize_paragraph(PROMO).encode()).digest()[:8], "big", signed=True)
    assert KEY == expected
    code = f"from pipeline.clean.learned import paragraph_key; print(paragraph_key({PROMO!r}))"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": "12345", "PATH": ""}, cwd=PROJECT_ROOT)
    assert int(other.stdout) == KEY


def test_article_key_ignores_scheme_www_fragment_and_trailing_slash():
    assert article_key("https://www.example-daily.example/a/b/") == article_key("http://example-daily.example/a/b#comments")
    assert article_key("https://example-daily.example/a?id=1") != article_key("https://example-daily.example/a?id=2")


# --- the learning rule -------------------------------------------------------------------------

def test_threshold_on_distinct_articles():
    four = rows(SITE, KEY, {"2022-05-01": urls("1", 2), "2022-05-02": urls("2", 2)})
    five = rows(SITE, KEY, {"2022-05-01": urls("1", 2), "2022-05-02": urls("2", 3)})
    assert len(learn(four, "2022-05-09", min_articles=5)) == 0
    assert learn(five, "2022-05-09", min_articles=5).lines == {(SITE, KEY)}
    assert learn(four, "2022-05-09", min_articles=4).matches(SITE, KEY)


def test_one_day_never_teaches():
    many_in_one_day = rows(SITE, KEY, {"2022-05-01": urls("1", 20)})
    assert len(learn(many_in_one_day, "2022-05-09", min_articles=5)) == 0
    spread = rows(SITE, KEY, {"2022-05-01": urls("1", 10), "2022-05-02": urls("2", 1)})
    assert learn(spread, "2022-05-09", min_articles=5).matches(SITE, KEY)


def test_the_processed_day_is_left_out():
    history = rows(SITE, KEY, {"2022-05-01": urls("1", 3), "2022-05-02": urls("2", 3), "2022-05-03": urls("3", 3)})
    for day in ("2022-05-01", "2022-05-02", "2022-05-03", "2022-05-04"):
        assert learn(history, day, min_articles=5).matches(SITE, KEY), day  # two other days, 6 articles
    two_days = history[:2]
    assert not learn(two_days, "2022-05-01", min_articles=5).matches(SITE, KEY)  # one other day left
    assert not learn(two_days, date(2022, 5, 2), min_articles=5).matches(SITE, KEY)
    assert learn(two_days, "2022-05-03", min_articles=5).matches(SITE, KEY)
    # Leaving out a day with most of the articles can drop below the threshold.
    lopsided = rows(SITE, KEY, {"2022-05-01": urls("1", 8), "2022-05-02": urls("2", 1), "2022-05-03": urls("3", 1)})
    assert learn(lopsided, "2022-05-04", min_articles=5).matches(SITE, KEY)
    assert not learn(lopsided, "2022-05-01", min_articles=5).matches(SITE, KEY)


def test_an_article_seen_again_every_day_counts_once():
    same_article = "https://www.example-daily.example/live/ukraine"
    recrawled = rows(SITE, KEY, {f"2022-05-0{d}": [same_article] for d in range(1, 8)})
    assert sum(r["articles"] for r in recrawled) == 7
    assert len(learn(recrawled, "2022-05-09", min_articles=5)) == 0
    assert learn(recrawled, "2022-05-09", min_articles=2) == LearnedBoilerplate()


def test_learned_per_domain():
    history = rows(SITE, KEY, {"2022-05-01": urls("1", 3), "2022-05-02": urls("2", 3)})
    history += rows("other-gazette.example", KEY, {"2022-05-01": urls("1", 1, "other-gazette.example")})
    learned = learn(history, "2022-05-03", min_articles=5)
    assert learned.matches(SITE, KEY)
    assert not learned.matches("other-gazette.example", KEY)
    assert not learned.matches(None, KEY)
    assert learned.domains == {SITE}


def test_min_articles_is_validated():
    for bad in (0, 1, ARTICLE_KEY_SAMPLE + 1):
        with pytest.raises(ValueError, match="min_articles"):
            learn([], "2022-05-01", bad)


def test_capped_article_keys_count_distinct_articles_exactly():
    """Each day row keeps the ARTICLE_KEY_SAMPLE smallest keys; their union still proves >= n distinct articles."""
    counter_days = {}
    for day, n in (("2022-05-01", 50), ("2022-05-02", 50)):
        counter = LineCounter()
        for u in urls(day, n):
            counter.add(LineObservation(SITE, article_key(u), {KEY: PROMO}))
        (row,) = counter.rows({"partition_date": date.fromisoformat(day), "run_id": "r"})
        assert row["articles"] == n and len(row["article_keys"]) == ARTICLE_KEY_SAMPLE
        assert row["article_keys"] == sorted(article_key(u) for u in urls(day, n))[:ARTICLE_KEY_SAMPLE]
        counter_days[day] = row
    assert learn(counter_days.values(), "2022-05-09", min_articles=ARTICLE_KEY_SAMPLE).matches(SITE, KEY)


def test_line_counter_is_independent_of_document_order():
    observations = [LineObservation(SITE, article_key(u), {KEY: text}) for u, text in
                    zip(urls("1", 3), [PROMO, PROMO.upper(), PROMO.lower()])]
    common = {"partition_date": date(2022, 5, 1), "run_id": "r"}
    results = []
    for order in (observations, list(reversed(observations))):
        counter = LineCounter()
        for observation in order:
            counter.add(observation)
        results.append(counter.rows(common))
    assert results[0] == results[1]
    assert results[0][0]["line_text"] == min(PROMO, PROMO.upper(), PROMO.lower())


def test_export_round_trip_and_missing_export(tmp_path):
    history = rows(SITE, KEY, {"2022-05-01": urls("1", 3), "2022-05-02": urls("2", 3)})
    path = tmp_path / "learned" / "lines.parquet"
    assert read_learned(path, "2022-05-03", 5) == LearnedBoilerplate()  # nothing loaded yet
    table = pa.Table.from_pylist([{**r, "line_text": PROMO} for r in history])
    write_export(table, path)
    assert read_learned(path, "2022-05-03", 5) == learn(history, "2022-05-03", 5)
    assert read_learned(path, "2022-05-03", 5).matches(SITE, KEY)
    assert [p.name for p in path.parent.iterdir()] == ["lines.parquet"]  # no temp file left


# --- the cut -----------------------------------------------------------------------------------

BODY = [
    "The city council on Monday approved a plan to dredge the inner harbour, ending a two-year dispute between "
    "the port authority and fishing cooperatives over who should pay for the work.",
    "The dredging will deepen the main channel to nine metres so that larger container vessels can dock.",
]
URL = "https://www.example-daily.example/2022/05/09/harbour"
LEARNED = LearnedBoilerplate(frozenset({(SITE, KEY)}))


def _filtered(blocks):
    return filter_blocks(blocks, PATTERNS)


def test_cut_records_each_line_with_its_position():
    kept, removed = _filtered([[BODY[0]], [PROMO], [BODY[1]], ["Share this article"]])
    kept, removed, observation = apply_learned(kept, removed, URL, SITE, LEARNED, PATTERNS)
    assert kept == [[BODY[0]], [BODY[1]]]
    assert removed == [RemovedSpan(1, PROMO, RULE), RemovedSpan(3, "Share this article", "share_widget")]
    assert observation.source_domain == SITE and observation.article_key == article_key(URL)
    assert KEY in observation.paragraphs  # observed before the cut: a learned line stays learned


def test_positions_count_a_line_that_only_lost_its_comment_prompt():
    # The first line stays (only its trailing prompt is cut), so the promo is line 1, not 2.
    first = BODY[0] + " Leave a comment and let us know what you think."
    kept, removed = _filtered([[first], [PROMO], [BODY[1]]])
    kept, removed, _ = apply_learned(kept, removed, URL, SITE, LEARNED, PATTERNS)
    assert kept == [[BODY[0]], [BODY[1]]]
    assert removed == [RemovedSpan(0, "Leave a comment and let us know what you think.", "comment_prompt"), RemovedSpan(1, PROMO, RULE)]


def test_a_hard_wrapped_paragraph_is_one_unit():
    wrapped = ["Example Daily is an independent newsroom", "funded by readers like you."]
    kept, removed = _filtered([[BODY[0]], wrapped])
    kept, removed, _ = apply_learned(kept, removed, URL, SITE, LEARNED, PATTERNS)
    assert kept == [[BODY[0]]]
    assert removed == [RemovedSpan(1, wrapped[0], RULE), RemovedSpan(2, wrapped[1], RULE)]


def test_nothing_learned_for_the_domain_changes_nothing():
    kept, removed = _filtered([[BODY[0]], [PROMO]])
    for domain, learned in ((SITE, None), (SITE, LearnedBoilerplate()), ("other-gazette.example", LEARNED)):
        out_kept, out_removed, observation = apply_learned(kept, removed, URL, domain, learned, PATTERNS)
        assert (out_kept, out_removed) == (kept, removed)
        assert observation.paragraphs[KEY] == PROMO
    assert apply_learned(kept, removed, None, None, LEARNED, PATTERNS) == (kept, removed, None)  # no domain: no observation


def test_learned_cut_exposes_edge_lines_to_the_seed_rules():
    # A credit line above the promo is not at the edge until the promo goes; in the middle it stays.
    credit = "Reporting by Mara Lind; editing by Tom Acre"
    kept, removed = _filtered([[BODY[0]], [credit], [PROMO]])
    assert kept == [[BODY[0]], [credit], [PROMO]]
    kept, removed, _ = apply_learned(kept, removed, URL, SITE, LEARNED, PATTERNS)
    assert kept == [[BODY[0]]]
    assert [(s.position, s.rule) for s in removed] == [(1, "credit"), (2, RULE)]
    kept, removed = _filtered([[PROMO], ["By Mara Lind"], [BODY[0]], [credit], [BODY[1]]])
    kept, removed, _ = apply_learned(kept, removed, URL, SITE, LEARNED, PATTERNS)
    assert kept == [[BODY[0]], [credit], [BODY[1]]]
    assert [(s.position, s.rule) for s in removed] == [(0, RULE), (1, "byline")]


def _record(text: str, url: str = URL) -> RawDocument:
    return RawDocument(source_uri="2022-05-09/feed.jsonl#record=1", input_format="json", url=url,
                       title="Council approves harbour dredging", text=text)


def test_clean_document_cuts_learned_lines_only_when_given_them():
    raw = _record("\n\n".join([*BODY, PROMO]))
    settings = Settings().with_overrides(min_words=10)
    plain = clean_document(raw, settings)
    assert isinstance(plain, CleanDocument) and plain.text.endswith(PROMO)
    cut = clean_document(raw, settings, LEARNED)
    assert isinstance(cut, CleanDocument)
    assert cut.text == "\n\n".join(BODY)
    assert [(s.position, s.text, s.rule) for s in cut.removed_spans] == [(2, PROMO, RULE)]
    assert cut.content_hash != plain.content_hash


def test_too_short_after_the_cut_is_rejected_but_still_observed():
    raw = _record("The ring road is closed between exits four and five until noon.\n\n" + PROMO)
    outcome, observation = clean_and_observe(raw, Settings(), LEARNED)
    assert outcome.reason == "too_short"
    assert set(observation.paragraphs) == {KEY, paragraph_key("The ring road is closed between exits four and five until noon.")}
