"""clean_document: extract -> normalise -> boilerplate filter -> quality check."""

from __future__ import annotations

import pytest

from pipeline.clean.normalize import split_blocks
from pipeline.clean.extract import split_title
from pipeline.config import SEEDS_DIR, Settings
from pipeline.process import article_id, clean_document, content_hash
from pipeline.records import CleanDocument, RawDocument, Rejection, RemovedSpan

SETTINGS = Settings()
SAMPLE_TXT = SEEDS_DIR / "articles" / "2021-12-29" / "000_2ea0c09a0cab73a9.txt"
SAMPLE_URI = "2021-12-29/000_2ea0c09a0cab73a9.txt"
SAMPLE_TITLE = "Biden and Putin to talk amid growing tensions in Ukraine"

BODY = [
    "WASHINGTON — President Joe Biden warned Russian President Vladimir Putin on Thursday that the United States and its "
    "allies would respond decisively if Russia invaded Ukraine, during a phone call requested by the Kremlin.",
    "White House press secretary Jen Psaki said Biden urged Putin to de-escalate tensions and made clear that Washington "
    "supported diplomacy ahead of the talks in Geneva on Jan. 10.",
    "Putin's foreign policy adviser told reporters in Moscow that Putin warned Biden that sweeping new sanctions could lead "
    "to a complete rupture of relations between the two countries.",
]
TITLE = "Biden warns Putin of decisive response in call over Ukraine"


def page(before_h1: str = "", after_body: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{TITLE} | Capitol Ledger</title></head>
<body><main><article>{before_h1}<h1>{TITLE}</h1><p>By Rachel Osei</p>
{''.join(f'<p>{p}</p>' for p in BODY)}{after_body}
</article></main></body></html>"""


# --- the sample plain-text article -------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_doc() -> CleanDocument:
    raw = RawDocument(source_uri=SAMPLE_URI, input_format="txt", text=SAMPLE_TXT.read_text(encoding="utf-8"))
    result = clean_document(raw, SETTINGS)
    assert isinstance(result, CleanDocument), result
    return result


def test_sample_txt_comment_form_is_cut(sample_doc):
    assert "Leave A Reply" not in sample_doc.text
    assert "Your email address will not be published" not in sample_doc.text
    assert sample_doc.text.endswith("The Associated Press contributed to this report.")


def test_sample_txt_removed_spans(sample_doc):
    _, body = split_title(SAMPLE_TXT.read_text(encoding="utf-8"))
    lines = [line for block in split_blocks(body) for line in block]
    assert [(s.rule, s.text) for s in sample_doc.removed_spans] == [
        ("comment_form", "Leave A Reply"),
        ("comment_form", "Your email address will not be published."),
    ]
    # positions are 0-based line numbers in the extracted text before filtering
    assert [s.position for s in sample_doc.removed_spans] == [len(lines) - 2, len(lines) - 1]
    assert [lines[s.position] for s in sample_doc.removed_spans] == ["Leave A Reply", "Your email address will not be published."]


def test_sample_txt_title_and_fields(sample_doc):
    assert sample_doc.title == SAMPLE_TITLE
    assert not sample_doc.text.startswith(SAMPLE_TITLE)
    assert sample_doc.text.startswith("President Biden and Vladimir Putin will speak by telephone on Thursday")
    assert sample_doc.article_id == article_id(SAMPLE_URI) and len(sample_doc.article_id) == 16
    assert sample_doc.source_uri == SAMPLE_URI and sample_doc.input_format == "txt"
    assert sample_doc.language == "en"
    assert sample_doc.word_count == len(sample_doc.text.split()) > SETTINGS.min_words
    assert sample_doc.content_hash == content_hash(sample_doc.text)
    assert (sample_doc.published_at, sample_doc.published_at_source) == (None, "none")
    # paragraphs are separated by exactly one blank line, no stray whitespace
    paragraphs = sample_doc.text.split("\n\n")
    assert len(paragraphs) == 15
    assert all(p == p.strip() and p and "\n" not in p for p in paragraphs)


# --- quality rejections ------------------------------------------------------------------------

def test_too_short_text_is_rejected():
    raw = RawDocument(source_uri="2021-12-30/feed.jsonl#record=6", input_format="json", title="Breaking news", text="Breaking: more to follow.")
    result = clean_document(raw, SETTINGS)
    assert isinstance(result, Rejection)
    assert (result.source_uri, result.stage, result.reason) == ("2021-12-30/feed.jsonl#record=6", "quality", "too_short")
    assert f"min_words={SETTINGS.min_words}" in result.detail


def test_min_words_setting_is_honoured():
    text = "Officials said the talks in Geneva would begin on Monday morning."
    raw = RawDocument(source_uri="x.txt", input_format="txt", text=text)
    assert isinstance(clean_document(raw, SETTINGS.with_overrides(min_words=40)), Rejection)
    ok = clean_document(raw, SETTINGS.with_overrides(min_words=len(text.split())))
    assert isinstance(ok, CleanDocument) and ok.text == text


def test_only_boilerplate_is_empty_after_cleaning():
    raw = RawDocument(source_uri="x.txt", input_format="txt", text="Comments are closed.\n\nLeave a Reply\n\nAdvertisement\n")
    result = clean_document(raw, SETTINGS)
    assert (result.stage, result.reason) == ("quality", "empty_after_cleaning")
    assert result.detail.startswith("3 boilerplate lines removed")


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_text_is_rejected_at_extract(text):
    result = clean_document(RawDocument(source_uri="x.txt", input_format="txt", text=text), SETTINGS)
    assert (result.stage, result.reason) == ("extract", "empty_document")


def test_html_without_article_is_rejected_at_extract():
    result = clean_document(RawDocument(source_uri="x.html", input_format="html", html="<html><body></body></html>"), SETTINGS)
    assert (result.stage, result.reason) == ("extract", "no_main_text")


# --- repeated title ----------------------------------------------------------------------------

def test_repeated_title_in_html_is_recorded():
    result = clean_document(RawDocument(source_uri="x.html", input_format="html", html=page()), SETTINGS)
    assert isinstance(result, CleanDocument), result
    assert result.title == TITLE
    assert not result.text.startswith(TITLE)
    # the byline under the repeated headline is page furniture too (an edge rule of the line filter)
    assert result.text.startswith("WASHINGTON — President Joe Biden")
    assert result.removed_spans == [
        RemovedSpan(position=0, text=TITLE, rule="repeated_title"), RemovedSpan(position=1, text="By Rachel Osei", rule="byline"),
    ]


def test_repeated_title_position_after_cut_boilerplate():
    html = page(before_h1="<p>Share this article</p>", after_body="<p>Read more: Geneva talks set for Jan. 10</p>")
    result = clean_document(RawDocument(source_uri="x.html", input_format="html", html=html), SETTINGS)
    assert [(s.position, s.rule) for s in result.removed_spans] == [
        (0, "share_widget"), (1, "repeated_title"), (2, "byline"), (6, "navigation"),
    ]
    assert result.removed_spans[1].text == TITLE


def test_sample_feed_record_with_html_records_repeated_title():
    import json

    line = (SEEDS_DIR / "articles" / "2021-12-30" / "feed.jsonl").read_text(encoding="utf-8").splitlines()[2]
    record = json.loads(line)
    raw = RawDocument(source_uri="2021-12-30/feed.jsonl#record=3", input_format="json", url=record["url"], title=record["title"],
                      html=record["html"], published_at=record["published_at"], source_name=record["source"])
    result = clean_document(raw, SETTINGS)
    assert [(s.position, s.rule, s.text) for s in result.removed_spans] == [(0, "repeated_title", record["title"])]
    assert (result.published_at, result.published_at_source) == ("2021-12-31T00:45:00", "feed")
    assert result.source_domain == "capitol-ledger.example"
    assert "Sign up for our Morning Ledger newsletter" not in result.text


def test_title_not_repeated_is_not_a_span():
    raw = RawDocument(source_uri="x.html", input_format="html", title="A different feed headline", html=page())
    result = clean_document(raw, SETTINGS)
    assert result.title == "A different feed headline"
    assert result.removed_spans == []
    assert result.text.startswith(TITLE)


# --- nothing is lost silently ------------------------------------------------------------------

def test_feed_text_first_line_is_not_lost_when_the_feed_has_a_title():
    """Every cut line must be accounted for: kept in text, moved to title, or recorded as a RemovedSpan.

    A JSON record with its own title whose text starts with a short unpunctuated line (a standfirst)
    followed by a blank line.
    """
    standfirst = "Kyiv says about 100,000 Russian soldiers remain within striking distance despite a partial pullback"
    raw = RawDocument(source_uri="feed.jsonl#record=1", input_format="json", title="Russia keeps troops near Ukraine border",
                      text=standfirst + "\n\n" + "\n\n".join(BODY))
    result = clean_document(raw, SETTINGS)
    assert isinstance(result, CleanDocument)
    accounted = standfirst in result.text or result.title == standfirst or any(s.text == standfirst for s in result.removed_spans)
    assert accounted, f"first line vanished: title={result.title!r}, spans={result.removed_spans}"
