"""Dates with provenance, main-text extraction, plain-text titles."""

from __future__ import annotations

import lxml.html
import pytest

from pipeline.clean.extract import extract, extract_html, html_dates, parse_datetime, parse_loose_datetime, source_domain, split_title
from pipeline.config import SEEDS_DIR
from pipeline.records import RawDocument

SAMPLE_TXT = SEEDS_DIR / "articles" / "2021-12-29" / "000_2ea0c09a0cab73a9.txt"
SAMPLE_TITLE = "Biden and Putin to talk amid growing tensions in Ukraine"


def tree(head: str = "", body: str = "<p>Body.</p>"):
    return lxml.html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


# --- parse_datetime ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "value, expected",
    [
        ("2022-01-05T10:00:00+05:00", "2022-01-05T05:00:00"),
        ("2021-12-30T19:45:00-05:00", "2021-12-31T00:45:00"),   # crosses midnight into the next UTC day
        ("2022-01-05T10:00:00+0530", "2022-01-05T04:30:00"),
        ("2022-01-01T02:00:00+05:00", "2021-12-31T21:00:00"),   # back into the previous year
        ("2021-12-29T14:05:00Z", "2021-12-29T14:05:00"),
        ("2021-12-29T14:05:00+00:00", "2021-12-29T14:05:00"),
        ("2021-12-29T14:05:00.123-05:00", "2021-12-29T19:05:00"),
        ("2021-12-29 14:05", "2021-12-29T14:05:00"),
        ("  2021-12-29T14:05:00Z  ", "2021-12-29T14:05:00"),
        ("2021-12-29", "2021-12-29"),
    ],
)
def test_parse_datetime_to_utc(value, expected):
    assert parse_datetime(value) == expected


@pytest.mark.parametrize("value", [
    None, "", "yesterday", "December 29, 2021", "2021-02-30", "2021-13-01T00:00:00Z", "2021-12-29T25:00:00Z",
    # Out of range once in UTC, and a CMS placeholder date.
    "0001-01-01T00:00:00+05:00", "0001-01-01T00:00:00", "0001-01-01", "9999-12-31T23:30:00-05:00",
])
def test_parse_datetime_rejects_unparseable(value):
    assert parse_datetime(value) is None


# --- html_dates provenance ---------------------------------------------------------------------

def test_json_ld_date_published():
    head = """<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2022-01-05T10:00:00+05:00",
              "dateModified": "2022-01-05T12:30:00+05:00"}</script>"""
    assert html_dates(tree(head), None) == ("2022-01-05T05:00:00", "json-ld", "2022-01-05T07:30:00")


def test_json_ld_inside_graph():
    head = """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
              {"@type": "WebPage"}, {"@type": "NewsArticle", "datePublished": "2021-12-30T16:20:00+00:00"}]}</script>"""
    assert html_dates(tree(head), None)[:2] == ("2021-12-30T16:20:00", "json-ld")


def test_json_ld_wins_over_meta_and_url():
    head = """<meta property="article:published_time" content="2020-01-01T00:00:00Z">
              <script type="application/ld+json">{"datePublished": "2021-12-29T14:05:00Z"}</script>"""
    assert html_dates(tree(head), "https://x.example/2019/05/05/story")[:2] == ("2021-12-29T14:05:00", "json-ld")


def test_invalid_json_ld_is_ignored():
    head = """<script type="application/ld+json">{not json</script>
              <meta property="article:published_time" content="2021-12-29T14:05:00Z">"""
    assert html_dates(tree(head), None)[:2] == ("2021-12-29T14:05:00", "meta")


def test_meta_published_time():
    head = """<meta property="article:published_time" content="2021-12-29T09:05:00-05:00">
              <meta property="article:modified_time" content="2021-12-29T11:42:00-05:00">"""
    assert html_dates(tree(head), None) == ("2021-12-29T14:05:00", "meta", "2021-12-29T16:42:00")


def test_meta_name_date():
    assert html_dates(tree('<meta name="date" content="2021-12-30">'), None) == ("2021-12-30", "meta", None)


def test_unparseable_meta_falls_through_to_next_meta():
    head = '<meta name="pubdate" content="last Thursday"><meta name="publish-date" content="2021-12-30T08:00:00Z">'
    assert html_dates(tree(head), None)[:2] == ("2021-12-30T08:00:00", "meta")


def test_date_only_in_canonical_url():
    head = '<link rel="canonical" href="https://www.steppe-observer.example/news/2022/01/05/kazakhstan-government-resigns/">'
    assert html_dates(tree(head), None) == ("2022-01-05", "url", None)


def test_date_in_og_url():
    head = '<meta property="og:url" content="https://x.example/politics/2021-12-30/biden-putin-call">'
    assert html_dates(tree(head), None)[:2] == ("2021-12-30", "url")


def test_date_in_given_url_wins_over_canonical():
    head = '<link rel="canonical" href="https://x.example/2022/01/05/story/">'
    assert html_dates(tree(head), "https://x.example/2021/12/29/story")[:2] == ("2021-12-29", "url")


@pytest.mark.parametrize("href", ["https://x.example/news/world/2021/us-russia-talks-1187734", "https://x.example/2022/13/05/story", "https://x.example/story"])
def test_url_without_a_full_date_gives_none(href):
    assert html_dates(tree(f'<link rel="canonical" href="{href}">'), None) == (None, "none", None)


# --- extract_html ------------------------------------------------------------------------------

PARAGRAPHS = [
    "Russian forces remained massed near the border on Wednesday as diplomats in Geneva prepared for a round of talks "
    "that officials on both sides described as a test of whether a wider conflict can still be avoided this winter.",
    "Ukraine's defense minister told lawmakers in Kyiv that about 100,000 soldiers remained within striking distance and "
    "that Moscow could be ready to launch a wider offensive by late January, according to officials who attended the session.",
    "The Kremlin said the president had asked for the call and that the two leaders would discuss draft security agreements "
    "handed to Washington earlier this month, including a demand that the alliance rule out further expansion to the east.",
    "A senior administration official said the United States and its allies were prepared to impose severe economic "
    "sanctions if Russia invaded, and that additional troops could be sent to the alliance's eastern flank in the coming weeks.",
]
COMMENT = "Sanctions never stopped Putin before and a phone call will not change his mind now."

SMALL_PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Troops stay near border | Example Wire</title>
<meta property="og:title" content="Troops stay near border as talks near">
<meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="2022-01-05T10:00:00+05:00">
<link rel="canonical" href="https://www.example-wire.example/world/troops-stay-near-border/">
</head><body>
<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/world/">World</a></li>
<li><a href="/politics/">Politics</a></li><li><a href="/business/">Business</a></li></ul></nav>
<main><article>
<h1>Troops stay near border as talks near</h1>
<div class="share-bar"><span>Share this:</span> <a href="https://facebook.com/sharer">Facebook</a>
<a href="https://twitter.com/intent">Twitter</a> <a href="mailto:?">Email</a></div>
<div class="entry-content">{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</div>
</article>
<div id="comments" class="comments-area">
<h2 class="comments-title">2 thoughts on this story</h2>
<ol class="comment-list"><li id="comment-1" class="comment"><article class="comment-body">
<footer class="comment-meta"><b class="fn">Gregory M.</b> <span class="says">says:</span></footer>
<div class="comment-content"><p>{COMMENT}</p></div>
<div class="reply"><a class="comment-reply-link" href="#comment-1">Reply</a></div></article></li></ol>
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
<form id="commentform" class="comment-form"><p class="comment-notes">Your email address will not be published.</p>
<p class="comment-form-comment"><label for="comment">Comment</label><textarea id="comment" name="comment"></textarea></p>
</form></div></div>
</main></body></html>"""


@pytest.fixture(scope="module")
def small_page():
    return extract_html(SMALL_PAGE)


def test_extract_html_keeps_article_paragraphs(small_page):
    assert small_page.text is not None
    lines = small_page.text.split("\n")
    for paragraph in PARAGRAPHS:
        assert paragraph in lines


def test_extract_html_drops_comments_nav_and_share_bar(small_page):
    text = small_page.text
    assert COMMENT not in text
    assert "Gregory M." not in text
    assert "Leave a Reply" not in text
    assert "Your email address" not in text
    assert "thoughts on" not in text
    for nav in ("Home", "Politics", "Business"):
        assert nav not in text.split("\n")
    assert "Facebook" not in text and "Share this" not in text


def test_extract_html_metadata(small_page):
    assert small_page.title == "Troops stay near border as talks near"
    assert small_page.url == "https://www.example-wire.example/world/troops-stay-near-border/"
    assert small_page.site_name == "Example Wire"
    assert (small_page.published_at, small_page.published_at_source) == ("2022-01-05T05:00:00", "meta")


def test_extract_html_sample_wordpress_page_without_comments():
    html = (SEEDS_DIR / "articles" / "2021-12-29" / "wire-kyiv-border.html").read_text(encoding="utf-8")
    result = extract_html(html)
    assert result.text.startswith("KYIV, Ukraine — Russia has kept tens of thousands of troops")
    for fragment in ("Sanctions never stopped Putin", "My parents live in Kharkiv", "Leave a Reply",
                     "Your email address will not be published", "We use cookies", "Related stories", "Subscribe to our newsletter"):
        assert fragment not in result.text
    assert result.authors == ["Daniel Kessler", "Olena Marchuk"]
    assert (result.published_at, result.published_at_source, result.modified_at) == ("2021-12-29T14:05:00", "json-ld", "2021-12-29T16:42:00")


def test_extract_html_without_body_text():
    result = extract_html("<html><head><title>Empty</title></head><body></body></html>")
    assert result.text is None and result.published_at_source == "none"


def test_extract_html_unparseable_input():
    assert extract_html("").text is None


# --- split_title -------------------------------------------------------------------------------

def test_split_title_sample_plain_text():
    text = SAMPLE_TXT.read_text(encoding="utf-8")
    title, body = split_title(text)
    assert title == SAMPLE_TITLE
    assert SAMPLE_TITLE not in body
    assert body.lstrip("\n").startswith("President Biden and Vladimir Putin will speak by telephone on Thursday")
    assert body.rstrip().endswith("Your email address will not be published.")


@pytest.mark.parametrize(
    "text, title",
    [
        ("Short headline\n\nBody sentence.", "Short headline"),
        ("\ufeff\n\n  Headline after BOM and blank lines\n\nBody.", "Headline after BOM and blank lines"),
        ("Headline\r\n\r\nBody.", "Headline"),
        ("Will Russia invade Ukraine?\n\nBody.", "Will Russia invade Ukraine?"),
    ],
)
def test_split_title_detects_title(text, title):
    found, body = split_title(text)
    assert found == title
    assert body.strip() == text.split("\n")[-1].strip()


@pytest.mark.parametrize(
    "text",
    [
        "The call was confirmed by the White House on Wednesday.\n\nSecond paragraph.",   # ends with a period
        "Headline directly followed by text\nSecond line.",                                 # no blank line
        "BRUSSELS:\n\nBody.",
        "Only one line",
        " ".join(["word"] * 26) + "\n\nBody.",                                              # too long for a title
        "",
    ],
)
def test_split_title_no_title(text):
    assert split_title(text) == (None, text)


def test_split_title_first_paragraph_ending_in_a_closing_quote_is_not_a_title():
    """'.”' is a sentence ending: a first paragraph that ends with a quoted sentence is punctuated, not a headline."""
    text = "Tokayev said: “I intend to act as firmly as possible.”\n\nThe president spoke in a televised address."
    assert split_title(text) == (None, text)


# --- extract() on RawDocuments -------------------------------------------------------------------

def test_extract_plain_text_sample():
    doc = RawDocument(source_uri="2021-12-29/000.txt", input_format="txt", text=SAMPLE_TXT.read_text(encoding="utf-8"))
    result = extract(doc)
    assert result.title == SAMPLE_TITLE
    assert SAMPLE_TITLE not in result.text
    assert (result.published_at, result.published_at_source) == (None, "none")


def test_feed_metadata_wins_over_page():
    html = SMALL_PAGE
    doc = RawDocument(source_uri="feed.jsonl#record=1", input_format="json", url="https://feed.example/a", title="Feed title",
                      html=html, published_at="2021-12-30T19:45:00-05:00", source_name="Capitol Ledger")
    result = extract(doc)
    assert result.title == "Feed title"
    assert (result.published_at, result.published_at_source) == ("2021-12-31T00:45:00", "feed")
    assert result.site_name == "Capitol Ledger"
    assert result.url == "https://feed.example/a"


def test_unparseable_feed_date_keeps_page_date():
    doc = RawDocument(source_uri="f#record=1", input_format="json", html=SMALL_PAGE, published_at="soon")
    result = extract(doc)
    assert (result.published_at, result.published_at_source) == ("2022-01-05T05:00:00", "meta")


def test_feed_title_wins_over_text_title():
    doc = RawDocument(source_uri="f#record=1", input_format="json", title="Feed title", text="Text headline\n\nBody sentence.")
    assert extract(doc).title == "Feed title"


@pytest.mark.parametrize(
    "url, domain",
    [("https://www.capitol-ledger.example/politics/x.html", "capitol-ledger.example"), ("http://News.Example:8080/a", "news.example"), (None, None), ("not a url", None)],
)
def test_source_domain(url, domain):
    assert source_domain(url) == domain


# --- written-out dates in page markup ------------------------------------------------------------

@pytest.mark.parametrize(
    "value, expected",
    [
        ("2021-12-29T14:05:00Z", "2021-12-29T14:05:00"),                   # ISO: same as parse_datetime
        ("November 19, 2019, 07:47 PM EST", "2019-11-20T00:47:00"),
        ("Tue Nov 19 2019 05:44:06 GMT+0000", "2019-11-19T05:44:06"),
        ("Mon, 18 Nov 2019 16:07:38 -0600", "2019-11-18T22:07:38"),
        ("Fri 6:45 PM, Feb 16, 2018", "2018-02-16T18:45:00"),
        ("2019/11/19", "2019-11-19"),
        ("19 Nov 2019", "2019-11-19"),
        ("01:38:07 PM IST Nov 20, 2019", "2019-11-20"),                    # ambiguous zone: the day only
    ],
)
def test_parse_loose_datetime(value, expected):
    assert parse_loose_datetime(value) == expected


@pytest.mark.parametrize("value", [None, "", "last Thursday", "November 2019", "Fri 6:45 PM", "2019", "1 2 3 4 5 6 7"])
def test_parse_loose_datetime_never_guesses(value):
    assert parse_loose_datetime(value) is None


def test_json_ld_written_out_date_and_sloppy_json():
    head = """<script type="application/ld+json">{"@type": "NewsArticle",
              "description": "two
              lines", "keywords": ["a", "b", ], "datePublished": "Mon, 18 Nov 2019 16:07:38 -0600"}</script>"""
    assert html_dates(tree(head), None)[:2] == ("2019-11-18T22:07:38", "json-ld")


def test_meta_with_written_out_date():
    head = '<meta property="article:published_time" content="November 19, 2019, 07:47 PM EST">'
    assert html_dates(tree(head), None)[:2] == ("2019-11-20T00:47:00", "meta")


def test_other_meta_name_for_the_post_date():
    assert html_dates(tree('<meta name="sn-post-date" content="2019/11/19">'), None)[:2] == ("2019-11-19", "meta")


def test_microdata_date_published_on_an_element():
    body = '<p>By X <span itemprop="datePublished">Fri 6:45 PM, Feb 16, 2018</span></p><p>Body.</p>'
    assert html_dates(tree(body=body), None)[:2] == ("2018-02-16T18:45:00", "meta")


def test_time_element_marked_published_wins_over_url():
    body = '<time class="entry-date published" datetime="2022-03-14T08:30:00+01:00">March 14</time><p>Body.</p>'
    assert html_dates(tree(body=body), "https://x.example/2022/03/13/story")[:2] == ("2022-03-14T07:30:00", "meta")


def test_plain_time_element_after_url():
    body = '<time datetime="2019-11-19T10:36:00.000Z">Nov 19</time><p>Body.</p>'
    assert html_dates(tree(body=body), "https://x.example/2019/11/18/story")[:2] == ("2019-11-18", "url")
    assert html_dates(tree(body=body), None)[:2] == ("2019-11-19T10:36:00", "meta")


def test_update_time_is_no_publication_date():
    body = '<time class="updated" datetime="2018-08-13T08:04:08+00:00">Aug 13</time><p>Body.</p>'
    assert html_dates(tree(body=body), None) == (None, "none", None)


@pytest.mark.parametrize(
    "href, expected",
    [("https://x.example/politics/2019/nov/18/story", "2019-11-18"), ("https://x.example/2019/sept/03/story/", "2019-09-03"),
     ("https://x.example/2019/feb/30/story", None)],
)
def test_date_with_month_name_in_url(href, expected):
    assert html_dates(tree(f'<link rel="canonical" href="{href}">'), None)[0] == expected


# --- page preparation before trafilatura -------------------------------------------------------------

def _body_page(body: str) -> str:
    return f"<html><head><title>T</title></head><body>{body}</body></html>"


def test_html_comments_inside_paragraphs_keep_the_text_after_them():
    sentence = "When <!-- -->President<!-- --> <!-- -->Trump’s<!-- --> advisers suggested a deal, he asked for more."
    page = _body_page(f"<article><p>{sentence}</p>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</article>")
    text = extract_html(page).text
    assert "When President Trump’s advisers suggested a deal, he asked for more." in text


MORE_PARAGRAPHS = [
    "Diplomats from both sides said a second round of talks could take place in Vienna later in the month if the first "
    "meeting produced an agreement on the agenda and on a mechanism for monitoring troop movements.",
    "Officials in Kyiv said they had not been invited to the Geneva meeting and warned that no decision about Ukraine's "
    "security could be taken without Ukraine, a position the European Union publicly supported on Tuesday.",
    "Analysts said the coming weeks would show whether the Kremlin's demands were an opening position for bargaining or a "
    "pretext for a wider military operation that it had already decided to launch.",
]


def test_article_body_split_around_an_ad_is_read_whole():
    """trafilatura alone reads only the first of the two body containers (the first four paragraphs)."""
    page = _body_page(
        f'<div class="article__body body__container">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</div>'
        '<div class="ad ad--mid-content"><span>Advertisement</span></div>'
        '<aside class="rail"><ul><li><a href="/a">Most read story one</a></li><li><a href="/b">Most read story two</a></li></ul></aside>'
        f'<div class="article__body body__container">{"".join(f"<p>{p}</p>" for p in MORE_PARAGRAPHS)}</div>'
    )
    assert extract_html(page).text.split("\n") == PARAGRAPHS + MORE_PARAGRAPHS


def test_next_article_below_is_not_merged_into_this_one():
    """Infinite scroll: the next story has its own headline; its identical body container stays separate."""
    page = _body_page(
        f'<article><h1>Troops stay near border</h1><div class="entry-content">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</div></article>'
        f'<article><h1>Talks planned in Vienna</h1><div class="entry-content">{"".join(f"<p>{p}</p>" for p in MORE_PARAGRAPHS)}</div></article>'
    )
    from pipeline.clean.extract import _merge_split_body

    tree = lxml.html.fromstring(page)
    _merge_split_body(tree)
    bodies = tree.xpath('//div[@class="entry-content"]')
    assert len(bodies) == 2 and len(bodies[0]) == len(PARAGRAPHS)


def test_list_of_links_is_dropped_but_list_of_facts_is_kept():
    links = ('<ul><li><a href="/1"><u>Moon rush: private lander plans</u></a></li>'
             '<li><a href="/2"><u>Photos: icy moon of Jupiter</u></a></li>'
             '<li><a href="/3"><u>Keck Observatory: twin telescopes on Mauna Kea</u></a></li></ul>')
    facts = "<ul><li>Up to 10 hours of battery life</li><li>Sweat and water resistant, with <a href='/x'>fast charging</a></li></ul>"
    paragraphs = [f"<p>{p}</p>" for p in PARAGRAPHS + MORE_PARAGRAPHS]
    page = _body_page(f'<div id="article-body" class="text-copy">{"".join(paragraphs[:-1])}{facts}{links}{paragraphs[-1]}</div>')
    text = extract_html(page).text
    assert "Up to 10 hours of battery life" in text and "fast charging" in text
    assert "Moon rush" not in text and "icy moon" not in text and "Keck" not in text


def test_hover_card_inside_a_paragraph_is_dropped_name_kept():
    card = ('<span class="rollover-people"><a href="/people/x">Ilhan Omar</a><span class="rollover-people-block">'
            '<a class="name" href="/people/x">Ilhan Omar</a><a href="/n/1">Hillicon Valley: Progressives oppose funding bill</a></span></span>')
    page = _body_page(f"<article><p>A man threatened to kill Rep. {card} (D-Minn.), prosecutors said.</p>"
                      f"{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</article>")
    text = extract_html(page).text
    assert "A man threatened to kill Rep. Ilhan Omar (D-Minn.), prosecutors said." in text
    assert "Hillicon Valley" not in text


def test_precision_mode_locked_on_a_teaser_falls_back_to_default_mode(monkeypatch):
    import trafilatura

    from pipeline.clean import extract as extract_module

    calls = []
    real = trafilatura.bare_extraction

    def fake(tree, **kwargs):
        calls.append(kwargs.get("favor_precision", False))
        result = real(tree, **kwargs)
        if kwargs.get("favor_precision"):
            result.text = "A teaser of eight words about the story."
        return result

    monkeypatch.setattr(trafilatura, "bare_extraction", fake)
    result = extract_module.extract_html(SMALL_PAGE)
    assert calls == [True, False]
    assert all(p in result.text.split("\n") for p in PARAGRAPHS)
    assert result.published_at_source == "meta" and result.title == "Troops stay near border as talks near"


def test_no_second_extraction_for_a_full_article(monkeypatch):
    import trafilatura

    calls = []
    real = trafilatura.bare_extraction
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda tree, **kw: calls.append(kw) or real(tree, **kw))
    page = _body_page("<article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 3) + "</article>")
    extract_html(page)
    assert len(calls) == 1
