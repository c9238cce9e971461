"""Main text and metadata of one raw document.

HTML goes through trafilatura (comments excluded, precision favoured), after
three repairs of the page that trafilatura does not do itself:

- HTML comments are removed with their tail text kept (React/NYT pages put
  `<!-- -->` inside sentences; trafilatura lost the rest of the paragraph);
- hover cards inside paragraphs and lists made only of links (related stories)
  are removed;
- an article body split into several same-class containers around ads is
  joined (trafilatura reads only the first container).

When precision mode returns a short text and the default mode finds several
times more, the default mode's text is taken (precision mode sometimes locks
onto a teaser box). On bench/extraction.py's benchmark this, with the line
filter of boilerplate.py, scores F1 0.979 (trafilatura with favor_precision
alone: 0.964). Plain text keeps its lines; a short first line followed by a
blank line is the title. The publication date is kept with where it was found
(`published_at_source`): json-ld, meta (meta tags, microdata, <time datetime>),
url, or text (htmldate's guess from the visible text).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit

import lxml.html

from pipeline.clean.normalize import word_count
from pipeline.records import RawDocument

PUBLISHED_META = (
    "article:published_time", "og:published_time", "article.published", "datepublished",
    "date", "pubdate", "publishdate", "publish-date", "publication_date", "dc.date",
    "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date", "cxenseparse:recs:publishtime",
)
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "last-modified", "dcterms.modified")
# Precision-mode output shorter than this is checked against trafilatura's default
# mode, which is taken when it finds more than FALLBACK_RATIO times as many words.
SHORT_PRECISION_WORDS = 250
FALLBACK_RATIO = 4
_URL_DATE = re.compile(r"/(20\d{2}|19\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[-_]|$)")
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_URL_DATE_MONTH_NAME = re.compile(
    r"/(20\d{2}|19\d{2})/(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*/(0?[1-9]|[12]\d|3[01])(?:/|[-_]|$)", re.IGNORECASE
)
# meta names not in PUBLISHED_META that still name the publication date (sn-post-date, release_date, ...)
_PUBLISHED_META_NAME = re.compile(
    r"(?:[\w.]+[-_.:])?(?:pub|publish|published|publication|post|posted|release|released|creation|created)[-_.:]?(?:date|time|datetime)"
)
_MODIFIED_MARKUP = re.compile(r"updat|modif|edited", re.IGNORECASE)
# US/European zone abbreviations seen in written-out dates ("07:47 PM EST")
_TZINFOS = {
    name: hours * 3600
    for name, hours in {
        "UTC": 0, "GMT": 0, "Z": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
        "SGT": 8, "HKT": 8, "JST": 9, "AEST": 10, "AEDT": 11, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5,
        "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "ET": -5, "CT": -6, "MT": -7, "PT": -8,
    }.items()
}


@dataclass
class Extracted:
    text: str | None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None
    url: str | None = None
    published_at: str | None = None
    published_at_source: str = "none"
    modified_at: str | None = None


def parse_datetime(value: str | None) -> str | None:
    """ISO 8601 in UTC ('2021-12-29T14:05:00' or '2021-12-29') or None if unparseable."""
    if not value:
        return None
    value = value.strip()
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?", value)
    if not m:
        return None
    year, month, day, hour, minute, second, tz = m.groups()
    if not 1800 <= int(year) <= 2100:
        return None  # "0001-01-01T00:00:00": a CMS placeholder, not a publication date
    try:
        if hour is None:
            return datetime(int(year), int(month), int(day)).date().isoformat()
        parsed = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except ValueError:
        return None
    if tz and tz != "Z":
        sign = 1 if tz[0] == "+" else -1
        digits = tz[1:].replace(":", "")
        offset = sign * (int(digits[:2]) * 60 + int(digits[2:]))
        try:
            parsed = (parsed.replace(tzinfo=timezone.utc) - timedelta(minutes=offset)).replace(tzinfo=None)
        except OverflowError:
            return None  # "0001-01-01T00:00:00+05:00": not a real publication date
    return parsed.isoformat()


_TRAILING_COMMA = re.compile(r",\s*([\]}])")


def _load_json_ld(text: str):
    """JSON-LD as CMSs write it: raw line breaks inside strings and trailing commas are tolerated."""
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", text), strict=False)
    except ValueError:
        return None


def _json_ld_objects(tree) -> list[dict]:
    objects: list[dict] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        data = _load_json_ld(script.text_content() or "")
        if data is None:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                objects.append(item)
                if "@graph" in item:
                    stack.append(item["@graph"])
    return objects


def _meta_values(tree, names: tuple[str, ...] | re.Pattern) -> list[str]:
    """Contents of <meta> tags named (property/name/itemprop) one of `names`, or matching a pattern."""
    matches = names.fullmatch if isinstance(names, re.Pattern) else names.__contains__
    found = []
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if matches(key):
            found.append(meta.get("content"))
    return found


def parse_loose_datetime(value: str | None) -> str | None:
    """parse_datetime, or else a written-out date with a year and a day ("November 19, 2019, 07:47 PM EST",
    "Tue Nov 19 2019 05:44:06 GMT+0000", "2019/11/19"), as ISO 8601 in UTC; None when unsure.

    Used for page markup only (meta tags, JSON-LD, <time>), where the value is meant to be a date.
    Nothing is filled in from the clock: a value without a year and a day is no date.
    """
    strict = parse_datetime(value)
    if strict or not value:
        return strict
    value = value.strip()
    if len(value) > 60 or not re.search(r"\b(19|20)\d{2}\b", value) or len(re.findall(r"\d+", value)) < 2:
        return None
    import warnings

    from dateutil import parser as date_parser

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            parsed = date_parser.parse(value, default=datetime(1900, 1, 1), tzinfos=_TZINFOS)
    except (ValueError, OverflowError, TypeError, LookupError):
        return None
    if not 1990 <= parsed.year <= 2100:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    # An unknown (or ambiguous: IST, AMT) zone name makes the UTC time unknown: keep the day only.
    has_time = re.search(r"\d:\d{2}|\d\s?[ap]\.?m\b", value, re.IGNORECASE) and not caught
    return parsed.isoformat() if has_time else parsed.date().isoformat()


def _first_date(values) -> str | None:
    for value in values:
        parsed = parse_loose_datetime(value)
        if parsed:
            return parsed
    return None


def _markup_value(element) -> str:
    return element.get("content") or element.get("datetime") or element.text_content()


def _published_markup(tree) -> list[str]:
    """Publication dates stated by microdata (itemprop=datePublished) or by a <time> marked as the publication time."""
    elements = tree.xpath(
        '//*[not(self::meta)][@itemprop="datePublished"]'
        " | //time[@pubdate or @itemprop='datePublished'"
        " or re:test(concat(@class, ' ', @id), 'publish|posted|entry-date|pubdate|created', 'i')]",
        namespaces={"re": "http://exslt.org/regular-expressions"},
    )
    return [_markup_value(e) for e in elements if not _is_update_markup(e)]


def _is_update_markup(e) -> bool:
    """An element marked as the update time ("updated", "dateModified"), not the publication."""
    return bool(_MODIFIED_MARKUP.search(f"{e.get('class', '')} {e.get('itemprop', '')}"))


def _other_times(tree) -> list[str]:
    """Every other <time datetime>, in page order, except those marked as an update time."""
    return [
        e.get("datetime") for e in tree.xpath("//time[@datetime]") if not _is_update_markup(e)
    ]


def _url_date(candidate: str | None) -> str | None:
    if not candidate:
        return None
    path = urlsplit(candidate).path
    m = _URL_DATE.search(path)
    if m:
        return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    m = _URL_DATE_MONTH_NAME.search(path)
    if m:
        try:
            return date(int(m[1]), _MONTHS[m[2].lower()[:3]], int(m[3])).isoformat()
        except ValueError:
            return None
    return None


def html_dates(tree, url: str | None) -> tuple[str | None, str, str | None]:
    """(published_at, its source, modified_at) as the page states them.

    Sources, first found wins: JSON-LD `datePublished` ("json-ld"); meta tags
    (known names, then any name like `*-post-date`), microdata `itemprop=datePublished`
    and a <time> marked as the publication time ("meta"); a date in the URL, numeric
    or with a month name (/2019/nov/18/) ("url"); any other <time datetime> ("meta").
    """
    published = modified = None
    source = "none"
    for obj in _json_ld_objects(tree):
        published = published or parse_loose_datetime(str(obj.get("datePublished") or ""))
        modified = modified or parse_loose_datetime(str(obj.get("dateModified") or ""))
    if published:
        source = "json-ld"
    else:
        published = (
            _first_date(_meta_values(tree, PUBLISHED_META))
            or _first_date(_meta_values(tree, _PUBLISHED_META_NAME))
            or _first_date(_published_markup(tree))
        )
        source = "meta" if published else source
    modified = modified or _first_date(_meta_values(tree, MODIFIED_META))
    if not published:
        canonical = tree.xpath('//link[@rel="canonical"]/@href') + _meta_values(tree, ("og:url",))
        for candidate in [url, *canonical]:
            published = _url_date(candidate)
            if published:
                source = "url"
                break
    if not published:
        published = _first_date(_other_times(tree))
        source = "meta" if published else source
    return published, source, modified


def _canonical_url(tree) -> str | None:
    for href in tree.xpath('//link[@rel="canonical"]/@href') + _meta_values(tree, ("og:url",)):
        if href.startswith("http"):
            return href.strip()
    return None


def _drop_html_comments(tree) -> None:
    """Remove HTML comments but keep the text after them.

    Server-rendered pages (React, NYT) put empty comments inside paragraphs
    (`When <!-- -->President<!-- --> Trump`); trafilatura drops a comment together
    with its tail, which cut those paragraphs after their first word.
    """
    for comment in tree.xpath("//comment()"):
        if comment.getparent() is not None:
            comment.drop_tree()


# Page furniture that trafilatura's own discard rules miss (it already drops nav,
# footers, share bars, comments, most "related" blocks). Each XPath selects whole
# containers; they are removed before extraction, their tail text kept.
PRUNE_XPATHS: list[str] = [
    # hover cards / pop-overs inside paragraphs (a politician's photo, name and latest
    # headlines next to every mention of the name); the link itself stays
    "//*[re:test(@class, '(rollover|hovercard|popover|tooltip)\\S*[-_](block|card|content|body|inner|container|wrap)', 'i')]",
]
_LINK_LIST_DENSITY = 0.9


def _prune_boilerplate(tree) -> None:
    for expr in PRUNE_XPATHS:
        for element in tree.xpath(expr, namespaces={"re": "http://exslt.org/regular-expressions"}):
            if element.getparent() is not None:
                element.drop_tree()
    for element in list(tree.iter("ul", "ol")):
        if element.getparent() is not None and _is_link_list(element):
            element.drop_tree()


def _is_link_list(element) -> bool:
    """A list of two or more items, each of which is (almost) nothing but a link: related stories, not prose."""
    items = [child for child in element if child.tag == "li"]
    if len(items) < 2:
        return False
    for item in items:
        text = re.sub(r"\W", "", item.text_content())
        linked = re.sub(r"\W", "", "".join(a.text_content() for a in item.iter("a")))
        if not text or len(linked) < _LINK_LIST_DENSITY * len(text):
            return False
    return True


def _merge_split_body(tree) -> None:
    """Join an article body that the page splits into several same-class containers.

    Some CMSs (Condé Nast, many React sites) close the body container around every
    mid-article ad or embed and open an identical one after it. trafilatura reads
    only the first container that its body expression finds; the containers after
    it (same tag, same class attribute, not nested in one another, inside the same
    <article> element if any and with no other <h1> headline in between) are moved
    into it, in document order, so the whole article is read and the ads between
    them are not.
    """
    from trafilatura.xpaths import BODY_XPATH

    found = BODY_XPATH[0](tree)
    if not found:
        return
    first = found[0]
    cls = first.get("class")
    if not cls:
        return
    merged = [first]
    article = _nearest_article(first)
    headlines = len(first.xpath("preceding::h1"))
    for other in tree.iter(first.tag):
        if other.get("class") != cls or any(m is other or _contains(m, other) or _contains(other, m) for m in merged):
            continue
        if _nearest_article(other) is not article or len(other.xpath("preceding::h1")) != headlines:
            continue  # another article (infinite scroll, "next story"), not the rest of this one
        if other.text and other.text.strip():
            lead = lxml.html.Element("p")
            lead.text = other.text
            first.append(lead)
        for child in list(other):
            first.append(child)  # moves the child, with its tail
        other.drop_tree()
        merged.append(other)


def _nearest_article(element):
    return next(element.iterancestors("article"), None)


def _contains(ancestor, element) -> bool:
    return any(parent is ancestor for parent in element.iterancestors())


def extract_html(html: str, url: str | None = None) -> Extracted:
    import trafilatura

    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return Extracted(text=None)
    url = url or _canonical_url(tree)
    _drop_html_comments(tree)
    _prune_boilerplate(tree)
    _merge_split_body(tree)
    common = {"url": url, "include_comments": False, "include_tables": True}
    result = trafilatura.bare_extraction(
        tree,
        favor_precision=True,
        with_metadata=True,
        # The date is taken with its provenance below; htmldate's guess is the last resort.
        date_extraction_params={"extensive_search": True, "original_date": True},
        **common,
    )
    text = (result.text or "") if result is not None else ""
    words = word_count(text)
    if words < SHORT_PRECISION_WORDS:
        # Precision mode sometimes locks onto a teaser or summary box and misses the
        # body; when trafilatura's default mode finds several times more text, take it.
        wider = trafilatura.bare_extraction(tree, with_metadata=result is None, **common)
        wider_text = (wider.text or "") if wider is not None else ""
        if word_count(wider_text) > FALLBACK_RATIO * words:
            text = wider_text
            if result is None:
                result = wider
    if result is None or not text.strip():
        return Extracted(text=None, url=url)
    published, source, modified = html_dates(tree, url)
    if not published and result.date:
        published, source = parse_datetime(result.date), "text"
    authors = [a.strip() for a in re.split(r";|\band\b", result.author or "") if a.strip()]
    return Extracted(
        text=text,
        title=result.title,
        authors=authors,
        site_name=result.sitename,
        url=url or result.url,
        published_at=published,
        published_at_source=source if published else "none",
        modified_at=modified,
    )


def split_title(text: str) -> tuple[str | None, str]:
    """A plain-text article whose first line is short, unpunctuated and followed by a blank line has a title."""
    lines = text.replace("\r\n", "\n").lstrip("\ufeff\n ").split("\n")
    first = lines[0].strip()
    rest = lines[1:]
    ends_sentence = first.rstrip("”\"’'»)").endswith((".", ":", ",", "!", ";"))
    if first and rest and not rest[0].strip() and len(first.split()) <= 25 and not ends_sentence:
        return first, "\n".join(rest)
    return None, text


def extract(doc: RawDocument) -> Extracted:
    if doc.html is not None:
        extracted = extract_html(doc.html, doc.url)
        if doc.title:
            extracted.title = doc.title
    else:
        # A feed's title is authoritative; the text is then all body (a repeated
        # headline line is cut later and recorded as `repeated_title`).
        title, body = (doc.title, doc.text or "") if doc.title else split_title(doc.text or "")
        extracted = Extracted(text=body, title=title, url=doc.url)
    if doc.published_at:
        # A feed's own timestamp is the publisher's statement: it wins over page heuristics.
        parsed = parse_datetime(doc.published_at)
        if parsed:
            extracted.published_at, extracted.published_at_source = parsed, "feed"
    if doc.source_name:
        extracted.site_name = doc.source_name
    return extracted


def source_domain(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None
