"""Landing-zone reader: formats, gzip, JSON records, rejections, partition listing, decoding."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from pipeline.config import SEEDS_DIR
from pipeline.records import RawDocument, Rejection
from pipeline.sources.files import input_format, list_partition_files, read_file

HTML = "<html><body><p>Troops remain near the border, officials said.</p></body></html>"
TEXT = "Headline\n\nTroops remain near the border, officials said.\n"


def read_all(path: Path, uri: str | None = None) -> list:
    return list(read_file(path, uri or path.name))


# --- input_format -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "name, expected",
    [
        ("a.html", "html"), ("a.htm", "html"), ("a.txt", "txt"), ("a.jsonl", "json"), ("a.json", "json"),
        ("a.html.gz", "html"), ("a.htm.gz", "html"), ("a.txt.gz", "txt"), ("a.jsonl.gz", "json"), ("a.json.gz", "json"),
        ("A.HTML", "html"), ("A.JSONL.GZ", "json"), ("story.2022-01-05.html", "html"),
        ("a.pdf", None), ("a.pdf.gz", None), ("a.gz", None), ("README", None), ("a.tar.gz", None), ("a.xml", None),
    ],
)
def test_input_format(name, expected):
    assert input_format(Path(name)) == expected


# --- every accepted suffix, plain and gzipped --------------------------------------------------

@pytest.mark.parametrize("suffix", [".html", ".htm"])
@pytest.mark.parametrize("gz", [False, True])
def test_html_file_is_one_raw_document(tmp_path, suffix, gz):
    name = f"page{suffix}" + (".gz" if gz else "")
    path = tmp_path / name
    path.write_bytes(gzip.compress(HTML.encode()) if gz else HTML.encode())
    [doc] = read_all(path, f"2022-01-05/{name}")
    assert doc == RawDocument(source_uri=f"2022-01-05/{name}", input_format="html", html=HTML)
    assert doc.text is None


@pytest.mark.parametrize("gz", [False, True])
def test_txt_file_is_one_raw_document(tmp_path, gz):
    name = "brief.txt" + (".gz" if gz else "")
    path = tmp_path / name
    path.write_bytes(gzip.compress(TEXT.encode()) if gz else TEXT.encode())
    [doc] = read_all(path, name)
    assert doc == RawDocument(source_uri=name, input_format="txt", text=TEXT)
    assert doc.html is None


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".jsonl.gz", ".json.gz"])
def test_json_lines_files(tmp_path, suffix):
    lines = [
        json.dumps({"url": "https://a.example/1", "title": "One", "text": "Body one.", "published_at": "2022-01-05T10:00:00Z", "source": "A"}),
        json.dumps({"url": "https://a.example/2", "html": HTML}),
    ]
    payload = ("\n".join(lines) + "\n").encode()
    path = tmp_path / f"feed{suffix}"
    path.write_bytes(gzip.compress(payload) if suffix.endswith(".gz") else payload)
    docs = read_all(path, "day/feed")
    assert [d.source_uri for d in docs] == ["day/feed#record=1", "day/feed#record=2"]
    assert all(isinstance(d, RawDocument) and d.input_format == "json" for d in docs)
    assert docs[0].title == "One" and docs[0].text == "Body one." and docs[0].source_name == "A"
    assert docs[0].published_at == "2022-01-05T10:00:00Z"
    assert docs[1].html == HTML and docs[1].text is None


def test_sample_gzipped_html_is_read():
    path = SEEDS_DIR / "articles" / "2022-01-05" / "kazakhstan-unrest.html.gz"
    [doc] = read_all(path, "2022-01-05/kazakhstan-unrest.html.gz")
    assert isinstance(doc, RawDocument) and doc.input_format == "html"
    assert doc.html.lstrip().startswith("<!DOCTYPE html>")
    assert "Kazakhstan’s government resigned on Wednesday" in doc.html  # decoded as UTF-8, not cp1252


# --- JSON records ------------------------------------------------------------------------------

def test_jsonl_missing_keys_become_none(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"text": "Only a body."}) + "\n"
        + json.dumps({"title": "T", "html": HTML, "published_at": 1640995200, "source": "   ", "extra": "ignored"}) + "\n",
        encoding="utf-8",
    )
    first, second = read_all(path, "feed.jsonl")
    assert first == RawDocument(source_uri="feed.jsonl#record=1", input_format="json", text="Only a body.")
    assert (first.url, first.title, first.html, first.published_at, first.source_name) == (None,) * 5
    # non-string and blank values are treated as missing
    assert second.published_at is None and second.source_name is None
    assert second.title == "T" and second.html == HTML and second.url is None


def test_malformed_line_is_rejected_with_its_line_number(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"text": "First."}) + "\n"
        + "\n"  # blank line: skipped, but still counts for line numbers
        + '{"url": "https://example/broken", "text": "unterminated\n'
        + json.dumps({"text": "Fourth."}) + "\n",
        encoding="utf-8",
    )
    items = read_all(path, "2021-12-30/feed.jsonl")
    rejections = [i for i in items if isinstance(i, Rejection)]
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert len(rejections) == 1
    rej = rejections[0]
    assert (rej.source_uri, rej.stage, rej.reason) == ("2021-12-30/feed.jsonl#record=3", "read", "invalid_json")
    assert rej.detail  # the decoder's message
    assert [d.source_uri for d in docs] == ["2021-12-30/feed.jsonl#record=1", "2021-12-30/feed.jsonl#record=4"]
    assert [d.text for d in docs] == ["First.", "Fourth."]


def test_sample_feed_truncated_record():
    items = read_all(SEEDS_DIR / "articles" / "2021-12-30" / "feed.jsonl", "2021-12-30/feed.jsonl")
    assert len(items) == 6
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert [(r.source_uri, r.stage, r.reason) for r in rejections] == [("2021-12-30/feed.jsonl#record=4", "read", "invalid_json")]
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert docs[3].url is None and docs[3].published_at is None and docs[3].source_name == "Danube Herald"


@pytest.mark.parametrize("record", [{"url": "https://a.example/x", "title": "No body"}, {"title": "T", "text": "   ", "html": ""}, {"text": None}])
def test_record_without_body_is_no_body(tmp_path, record):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [rej] = read_all(path, "feed.jsonl")
    assert rej == Rejection("feed.jsonl#record=1", "read", "no_body", rej.detail)


def test_json_array_file(tmp_path):
    records = [{"title": "A", "text": "Body A."}, {"title": "B"}, ["not", "an", "object"], {"html": HTML, "url": "https://b.example/"}]
    path = tmp_path / "batch.json"
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")
    items = read_all(path, "batch.json")
    assert [type(i).__name__ for i in items] == ["RawDocument", "Rejection", "Rejection", "RawDocument"]
    assert items[0].source_uri == "batch.json#record=1" and items[0].title == "A" and items[0].text == "Body A."
    assert (items[1].source_uri, items[1].reason) == ("batch.json#record=2", "no_body")
    assert (items[2].source_uri, items[2].stage, items[2].reason) == ("batch.json#record=3", "read", "invalid_record")
    assert items[3].source_uri == "batch.json#record=4" and items[3].html == HTML


def test_broken_json_array_is_one_rejection(tmp_path):
    path = tmp_path / "batch.json"
    path.write_text('[{"text": "a"}, {"text": ', encoding="utf-8")
    [rej] = read_all(path, "batch.json")
    assert (rej.source_uri, rej.stage, rej.reason) == ("batch.json", "read", "invalid_json")


def test_jsonl_line_with_unicode_line_separator_is_one_record(tmp_path):
    """JSON allows U+2028/U+2029/U+0085 unescaped inside strings (json.dumps(ensure_ascii=False) writes them raw).

    JSONL separates records by '\\n' only, so such a record is still one line of the file.
    """
    records = [
        {"title": "One", "text": "First paragraph.\u2028Second line of the same paragraph."},
        {"title": "Two", "text": "Another body."},
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    items = read_all(path, "feed.jsonl")
    assert [type(i).__name__ for i in items] == ["RawDocument", "RawDocument"]
    assert [i.source_uri for i in items] == ["feed.jsonl#record=1", "feed.jsonl#record=2"]
    assert items[0].text == records[0]["text"]


def test_json_file_with_one_pretty_printed_object(tmp_path):
    """A .json file holding a single (indented) article object is one record, not one broken record per line."""
    path = tmp_path / "article.json"
    path.write_text(json.dumps({"title": "One", "text": "Body."}, indent=2), encoding="utf-8")
    items = read_all(path, "article.json")
    assert len(items) == 1
    assert isinstance(items[0], RawDocument) and items[0].text == "Body."


# --- unsupported / unreadable ------------------------------------------------------------------

def test_unsupported_suffix(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    [rej] = read_all(path, "2022-01-05/report.pdf")
    assert (rej.source_uri, rej.stage, rej.reason) == ("2022-01-05/report.pdf", "read", "unsupported_format")
    assert ".pdf" in rej.detail


def test_file_without_suffix_is_unsupported(tmp_path):
    path = tmp_path / "README"
    path.write_text("hello")
    [rej] = read_all(path, "README")
    assert rej.reason == "unsupported_format" and "(none)" in rej.detail


def test_corrupt_gzip_is_unreadable(tmp_path):
    path = tmp_path / "page.html.gz"
    path.write_bytes(b"this is not gzip data")
    [rej] = read_all(path, "page.html.gz")
    assert (rej.stage, rej.reason) == ("read", "unreadable_file")


# --- decoding ----------------------------------------------------------------------------------

def test_cp1252_text_is_decoded(tmp_path):
    text = "Caf\u00e9 owners said \u201cprices doubled\u201d \u2013 a \u20ac5 rise.\n"
    path = tmp_path / "old.txt"
    path.write_bytes(text.encode("cp1252"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # the fixture really is not UTF-8
    [doc] = read_all(path)
    assert doc.text == text


def test_utf8_bom_is_stripped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffKyiv \u2014 Ukraine’s capital".encode("utf-8"))
    [doc] = read_all(path)
    assert doc.text == "Kyiv \u2014 Ukraine’s capital"


def test_cp1252_gzipped_jsonl(tmp_path):
    line = '{"title": "Caf\u00e9", "text": "\u201cQuoted\u201d body."}\n'
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(line.encode("cp1252")))
    [doc] = read_all(path, "feed.jsonl.gz")
    assert doc.title == "Caf\u00e9" and doc.text == "\u201cQuoted\u201d body."


# --- partition listing -------------------------------------------------------------------------

def test_list_partition_files_sorted_hidden_ones_rejected_not_skipped(tmp_path):
    landing = tmp_path / "landing"
    day = landing / "2022-01-05"
    for rel in ["b.html", "a.txt", "sub/c.jsonl", "sub/a.json", "z/y.pdf", ".hidden.txt", ".cache/x.html", "sub/.DS_Store"]:
        (day / rel).parent.mkdir(parents=True, exist_ok=True)
        (day / rel).write_text("x")
    (day / "emptydir").mkdir()
    (landing / "2022-01-06").mkdir()
    (landing / "2022-01-06" / "other.txt").write_text("x")
    files = list_partition_files(landing, date(2022, 1, 5))
    listed = [p.relative_to(day).as_posix() for p in files]
    assert listed == [".cache/x.html", ".hidden.txt", "a.txt", "b.html", "sub/.DS_Store", "sub/a.json", "sub/c.jsonl", "z/y.pdf"]
    assert all(p.is_file() for p in files)
    for rel in (".cache/x.html", ".hidden.txt", "sub/.DS_Store"):
        (rejection,) = read_file(day / rel, f"2022-01-05/{rel}")
        assert isinstance(rejection, Rejection) and rejection.reason == "hidden_file"


def test_files_with_no_records_are_rejected_not_dropped(tmp_path):
    for name, content in [("empty.jsonl", ""), ("blank.jsonl", "\n  \n"), ("array.json", "[]")]:
        path = tmp_path / name
        path.write_text(content)
        (rejection,) = read_file(path, name)
        assert (rejection.stage, rejection.reason, rejection.source_uri) == ("read", "no_records", name)


def test_corrupt_gzip_is_one_rejection(tmp_path):
    import gzip

    data = bytearray(gzip.compress(b"<html><body><p>" + b"word " * 500 + b"</p></body></html>"))
    data[20:40] = b"\xff" * 20  # damage the deflate stream, keep the gzip header
    path = tmp_path / "page.html.gz"
    path.write_bytes(bytes(data))
    (rejection,) = read_file(path, "page.html.gz")
    assert (rejection.stage, rejection.reason) == ("read", "unreadable_file")


def test_pretty_printed_invalid_json_is_one_rejection(tmp_path):
    path = tmp_path / "article.json"
    path.write_text('{\n  "title": "One",\n  "text": "Body"\n  "url": "missing comma"\n}\n')
    (rejection,) = read_file(path, "article.json")
    assert (rejection.reason, rejection.source_uri) == ("invalid_json", "article.json")


def test_list_partition_files_under_hidden_parent(tmp_path):
    """Only path parts inside the partition count as hidden, not the landing zone's own location."""
    landing = tmp_path / ".landing"
    (landing / "2022-01-05").mkdir(parents=True)
    (landing / "2022-01-05" / "a.txt").write_text("x")
    assert [p.name for p in list_partition_files(landing, date(2022, 1, 5))] == ["a.txt"]


def test_list_missing_partition_is_empty(tmp_path):
    assert list_partition_files(tmp_path, date(2022, 1, 5)) == []


def test_list_sample_partition():
    files = list_partition_files(SEEDS_DIR / "articles", date(2021, 12, 30))
    assert [p.name for p in files] == ["diplomacy-geneva-talks.html", "feed.jsonl"]
