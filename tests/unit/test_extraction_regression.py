"""Extraction + boilerplate regression suite: hand-written pages through clean_document.

Each page in tests/fixtures/html/<name>.html has its expected clean text in
<name>.txt (paragraphs separated by a blank line). The pages carry the
boilerplate news sites wrap around an article: WordPress comment forms, share
bars, related-story lists, newsletter boxes, cookie banners, bylines, photo
credits, live-blog timestamps, paywall teasers, author contact lines, an
article body split around an ad. The benchmark metric of bench/extraction.py
is checked here on tiny inputs too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.extraction import page_counts, page_scores, prompt_hits, score, shingles
from pipeline.clean.extract import extract
from pipeline.clean.normalize import split_blocks
from pipeline.config import Settings
from pipeline.process import clean_document
from pipeline.records import CleanDocument, RawDocument, Rejection

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
SETTINGS = Settings()
PAGES = sorted(p.stem for p in FIXTURES.glob("*.html"))

# Strings that are on the page but must not be in the clean text.
BOILERPLATE = {
    "wordpress_comments": [
        "Leave a Reply", "Leave a comment", "Your email address will not be published", "Required fields are marked",
        "Save my name", "Post Comment", "thoughts on", "About time. My basement", "Eighteen million for a wall",
        "Share this", "Posted in", "Tagged", "Marta Halvorsen", "All rights reserved", "Sport",
    ],
    "share_related": [
        "Share this article", "Facebook", "Related", "Read more", "Corn planting falls behind", "Congress weighs changes",
        "Summer outlook", "Like this story", "Copyright", "Markets",
    ],
    "newsletter_box": ["delivered to your inbox", "Sign up", "Morning Briefing", "Subscribe", "The Island Daily", "Our best stories"],
    "cookie_banner": ["cookies", "Cookie", "Accept", "By continuing to browse", "Manage"],
    "byline_captions": [
        "By Priya Raman", "10:42 AM GMT", "Photo:", "Arun Mehta", "AP Photo", "Image caption", "Rescuers carry a resident",
        "Reporting by", "Editing by", "©",
    ],
    "liveblog": ["4:14 p.m.", "2:30 p.m.", "Updated at", "___", "Follow AP", "https://"],
    "paywall_teaser": ["Subscribe", "continue reading", "limit of free articles", "Already a subscriber", "unlimited", "subscribers only"],
    "split_body": ["Advertisement", "Most popular", "Budget talks stall", "Whitfield presses airlines", "privacy hearing", "<!--"],
    "author_contact": ["Have a tip", "@", "Follow us", "Follow him", "Twitter"],
}

# Lines the line filter must cut (after trafilatura), each recorded with its rule.
CUT = {
    "wordpress_comments": [("comment_form", "Leave a comment and let us know what you think of the plan.")],
    "share_related": [
        ("share_widget", "Share this article"), ("share_widget", "Facebook Twitter LinkedIn Email"),
        ("navigation", "Related: Farmers turn to drought-tolerant seed as water tables fall"),
        ("navigation", "Read more: What the drought means for bread prices"), ("navigation", "Related stories"),
        ("share_widget", "Like this story? Share it with a friend!"),
    ],
    "newsletter_box": [
        ("newsletter", "Get the day’s top headlines delivered to your inbox every morning by subscribing to our newsletter."),
        ("newsletter", "Sign up for our Morning Briefing newsletter"), ("newsletter", "Subscribe"),
    ],
    "cookie_banner": [("cookie_notice", "We use cookies to measure how our articles are read. Manage cookies"),
                      ("cookie_notice", "Accept all cookies")],
    "byline_captions": [
        ("byline", "By Priya Raman and Tomas Lindqvist, Reuters"), ("dateline", "July 19, 2022 - 10:42 AM GMT"),
        ("photo_credit", "Photo: Arun Mehta/Reuters"), ("photo_credit", "(AP Photo/Sunil Kumar)"),
        ("photo_credit", "Image caption Soldiers use excavators to clear the road to the valley"),
        ("credit", "Reporting by Priya Raman in Kathmandu and Tomas Lindqvist in Stockholm; Editing by Hugh Lawson"),
        ("copyright", "© Reuters"),
    ],
    "liveblog": [
        ("dateline", "4:14 p.m."), ("dateline", "2:30 p.m."), ("dateline", "Updated at 11:05 a.m. ET"), ("separator", "___"),
        ("contact", "Follow AP’s coverage of the storm at https://apnews.example/hub/hurricanes"),
    ],
    "paywall_teaser": [
        ("paywall", "Subscribe to continue reading."), ("paywall", "You have reached your limit of free articles this month."),
        ("paywall", "Already a subscriber? Log in"), ("paywall", "Get unlimited digital access for 1 euro a week. Cancel anytime."),
        ("paywall", "This article is for subscribers only."),
    ],
    "split_body": [],
    "author_contact": [
        ("contact", "Have a tip? Jonas Pereira may be reached at jpereira@valley-tribune.example. Follow him on Twitter @jonaspereira."),
        ("share_widget", "Follow us on Twitter and Facebook."), ("contact", "jpereira@valley-tribune.example"),
    ],
}

# (published_at, published_at_source) each page states.
DATES = {
    "wordpress_comments": ("2022-03-14T07:30:00", "meta"),
    "share_related": ("2022-05-09T21:45:00", "json-ld"),       # JSON-LD with a trailing comma
    "newsletter_box": ("2022-04-21T09:15:00", "meta"),
    "cookie_banner": ("2022-06-02", "meta"),
    "byline_captions": ("2022-07-19", "url"),
    "liveblog": ("2022-09-28T14:05:00", "json-ld"),
    "paywall_teaser": ("2022-11-03T12:00:00", "meta"),
    "split_body": ("2022-02-08T20:20:00", "meta"),
    "author_contact": ("2022-12-05", "url"),                   # /2022/dec/05/ in the canonical URL
}


def _raw(name: str) -> RawDocument:
    return RawDocument(source_uri=f"fixtures/{name}.html", input_format="html", html=(FIXTURES / f"{name}.html").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def cleaned() -> dict[str, CleanDocument]:
    results = {}
    for name in PAGES:
        result = clean_document(_raw(name), SETTINGS)
        assert isinstance(result, CleanDocument), (name, result)
        results[name] = result
    return results


def test_fixture_set_is_complete():
    assert set(PAGES) == set(BOILERPLATE) == set(CUT) == set(DATES)
    assert 6 <= len(PAGES) <= 12
    for name in PAGES:
        assert (FIXTURES / f"{name}.txt").is_file(), name


@pytest.mark.parametrize("name", PAGES)
def test_clean_text_is_the_expected_article(cleaned, name):
    expected = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").strip()
    assert cleaned[name].text == expected


@pytest.mark.parametrize("name", PAGES)
def test_no_boilerplate_survives(cleaned, name):
    text = cleaned[name].text
    assert prompt_hits(text) == []
    for fragment in BOILERPLATE[name]:
        assert fragment not in text, (name, fragment)


@pytest.mark.parametrize("name", PAGES)
def test_cut_lines_are_recorded_with_their_rule(cleaned, name):
    spans = {(s.rule, s.text) for s in cleaned[name].removed_spans}
    for expected in CUT[name]:
        assert expected in spans, (name, expected, spans)


@pytest.mark.parametrize("name", PAGES)
def test_nothing_is_dropped_silently_after_extraction(cleaned, name):
    """Every line trafilatura returned is either in the clean text or a removed span at its position."""
    lines = [line for block in split_blocks(extract(_raw(name)).text, line_per_paragraph=True) for line in block]
    doc = cleaned[name]
    removed = {s.position: s.text for s in doc.removed_spans}
    assert all(lines[position] == text for position, text in removed.items())
    kept = [line for position, line in enumerate(lines) if position not in removed]
    assert kept == doc.text.split("\n\n")


@pytest.mark.parametrize("name", PAGES)
def test_published_at_and_its_source(cleaned, name):
    assert (cleaned[name].published_at, cleaned[name].published_at_source) == DATES[name]


def test_split_body_keeps_both_halves_and_whole_sentences(cleaned):
    text = cleaned["split_body"].text
    assert "A bipartisan group of senators introduced a bill" in text      # `<!-- -->` inside the sentence
    assert "in Congress to rein in the trade" in text
    assert "sponsored by Sen. Ana Whitfield and Sen. Roy Castellanos" in text  # hover card gone, name kept
    assert text.endswith("The Commerce Committee is expected to take up the bill in the spring.")  # second container


def test_japanese_article_is_not_too_short():
    """Words are not separated by spaces in Japanese: the length check counts characters as words."""
    body = "".join(f"<p>{s}</p>" for s in [
        "先日、不正に改造したスマートフォンを販売したとして、商標法違反の疑いで男性が逮捕されたというニュースがありました。",
        "報道によると、販売されたのは機能制限を解除した端末で、非公式のアプリを利用できるようになっていたとのことです。",
        "もともとは正規に購入した商品でも、改造した上で商標を付けたまま販売すると、商標権の侵害になる場合があります。",
    ])
    raw = RawDocument(source_uri="ja.html", input_format="html", html=f"<html><body><article>{body}</article></body></html>")
    result = clean_document(raw, SETTINGS)
    assert isinstance(result, CleanDocument), result
    assert result.word_count > SETTINGS.min_words


def test_teaser_only_page_is_still_rejected():
    raw = RawDocument(source_uri="t.html", input_format="html",
                      html="<html><body><article><p>Subscribe to continue reading.</p><p>Already a subscriber? Log in</p></article></body></html>")
    assert isinstance(clean_document(raw, SETTINGS), Rejection)


# --- the benchmark metric (bench/extraction.py) -------------------------------------------------------

def test_shingles_are_4_token_multisets():
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("x y z x y z x") == {("x", "y", "z", "x"): 2, ("y", "z", "x", "y"): 1, ("z", "x", "y", "z"): 1}
    assert shingles("Hello, world!") == {("Hello", "world"): 1}      # shorter than 4 tokens: one shingle
    assert shingles("  ...  ") == {}


def test_page_counts_are_normalised_multiset_overlaps():
    truth = "one two three four five six"                             # 3 shingles
    extracted = "one two three four five six seven eight"             # 5 shingles, 3 shared
    assert page_counts(truth, extracted) == pytest.approx((3 / 5, 2 / 5, 0.0))
    tp, fp, fn = page_counts("one two three four five", "one two three four")
    assert (tp, fp, fn) == pytest.approx((1 / 2, 0.0, 1 / 2))
    assert page_counts("", "") == (0.0, 0.0, 0.0)


def test_case_is_kept():
    assert page_counts("One two three four", "one two three four") == pytest.approx((0.0, 0.5, 0.5))


def test_page_scores_and_empty_extractions():
    assert page_scores(*page_counts("a b c d e", "a b c d e")) == (1.0, 1.0)
    assert page_scores(*page_counts("a b c d e", "")) == (None, 0.0)   # empty extraction: no precision, recall 0
    assert page_scores(0.0, 0.0, 0.0) == (1.0, 1.0)                     # both empty


def test_score_is_macro_average_with_harmonic_f1():
    pages = [
        page_counts("a b c d e", "a b c d e"),           # p=1, r=1
        page_counts("a b c d e f", "a b c d"),           # p=1, r=1/3
        page_counts("a b c d e", ""),                    # p: not counted, r=0
    ]
    f1, precision, recall = score(pages)
    assert precision == pytest.approx(1.0)
    assert recall == pytest.approx((1 + 1 / 3 + 0) / 3)
    assert f1 == pytest.approx(2 * precision * recall / (precision + recall))


def test_prompt_hits():
    assert prompt_hits("Leave a Reply\nThe minister spoke.\nWe use cookies to improve your experience.") == [
        ("comment_form", "Leave a Reply"), ("cookie_notice", "We use cookies to improve your experience."),
    ]
    assert prompt_hits("She wanted to share this moment with her family.\nSubscribe") == [("share_subscribe", "Subscribe")]
