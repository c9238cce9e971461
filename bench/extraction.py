"""Extraction + boilerplate quality of the pipeline on the article-extraction benchmark.

    .venv/bin/python bench/extraction.py [CORPUS_DIR]

Runs the pipeline's own cleaning (`pipeline.process.clean_document`, the code the
DAG runs) over every page of the benchmark (default
`../shared/corpora/article-extraction-benchmark`, relative to the project root)
and scores it with the benchmark's metric (see its README.md): `\\w+` tokens,
4-token shingles counted as multisets, per-page tp/fp/fn; precision is the mean
over pages with tp+fp > 0, recall the mean over pages with tp+fn > 0, F1 their
harmonic mean. A rejected document is an empty extraction.

Prints the pages with the worst precision (with what was kept that should not
have been), boilerplate prompts that survived (comment forms, share/subscribe
prompts, cookie notices), the published_at coverage by source, and ends with one
line `F1=<f1> precision=<p> recall=<r>`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT_ROOT / ".." / "shared" / "corpora" / "article-extraction-benchmark"
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


# --- the metric -------------------------------------------------------------------------------

def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(text: str, n: int = SHINGLE) -> Counter:
    """Overlapping n-token shingles as a multiset; a non-empty text shorter than n tokens is one shingle."""
    tokens = tokenize(text)
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def page_counts(truth: str, extracted: str, n: int = SHINGLE) -> tuple[float, float, float]:
    """(tp, fp, fn) of one page, divided by their sum so that every page weighs the same."""
    true, pred = shingles(truth, n), shingles(extracted, n)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def page_scores(tp: float, fp: float, fn: float) -> tuple[float | None, float | None]:
    """(precision, recall) of one page; None where the page does not count (empty extraction / empty truth)."""
    if tp + fp + fn == 0:  # both empty: fp = fn = 0
        return 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp > 0 else None
    recall = tp / (tp + fn) if tp + fn > 0 else None
    return precision, recall


def score(counts: Iterable[tuple[float, float, float]]) -> tuple[float, float, float]:
    """(f1, precision, recall) over pages: macro means of the per-page scores, F1 their harmonic mean."""
    precisions, recalls = [], []
    for tp, fp, fn in counts:
        p, r = page_scores(tp, fp, fn)
        if p is not None:
            precisions.append(p)
        if r is not None:
            recalls.append(r)
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


# --- prompts that must never survive --------------------------------------------------------------

PROMPTS = {
    "comment_form": re.compile(
        r"\b(leave a (reply|comment)|your email address will not be published|post a comment|comments are (closed|disabled)"
        r"|log ?in to (post a )?comment|required fields are marked)\b|^\W*(add a comment|(join|start) the (conversation|discussion))\W*$",
        re.I),
    "share_subscribe": re.compile(
        r"\b(share (this|the) (article|story|post|page)|share (on|via) (facebook|twitter|linkedin|whatsapp|email)"
        r"|(like|enjoy(ed)?) this (story|article)\?|subscribe (now|today|here)|subscribe to (our|the|this) "
        r"|sign up for (our|the) [\w' ]{0,40}newsletter)\b|^\W*(subscribe|share|share this)\W*$", re.I),
    "cookie_notice": re.compile(
        r"\b((we|this (site|website)) uses? cookies|accept (all )?cookies|cookie (policy|settings|preferences)"
        r"|by (continuing to (use|browse)|using) (this|our) (site|website))\b", re.I),
}


def prompt_hits(text: str) -> list[tuple[str, str]]:
    """(kind, line) for every line of `text` holding a comment-form, share/subscribe or cookie prompt."""
    hits = []
    for line in text.split("\n"):
        for kind, regex in PROMPTS.items():
            if regex.search(line):
                hits.append((kind, line.strip()))
                break
    return hits


# --- dates the HTML states ---------------------------------------------------------------------

_STATED_DATE = re.compile(
    r'"datePublished"\s*:\s*"[^"]*\d'                                        # JSON-LD
    r'|<meta[^>]+(property|name|itemprop)="[^"]*(published|pub-?date|publish-?date|post-?date|dc\.date|'
    r'sailthru\.date|datePublished)[^"]*"'                                     # meta tags
    r'|itemprop="datePublished"'                                                # microdata
    r'|<time(?![^>]*class="[^"]*(updat|modif))[^>]+datetime="[^"]*\d', re.I)  # <time datetime> (not an update time)
_URL_DATE = re.compile(r"/(19|20)\d{2}[/-](0?[1-9]|1[0-2]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[/-]"
                       r"(0?[1-9]|[12]\d|3[01])(/|[-_]|$)", re.I)


def html_states_date(html: str, url: str | None) -> bool:
    """Independent check: does the page state a publication date (JSON-LD, meta, microdata, <time datetime>, URL)?"""
    from urllib.parse import urlsplit

    return bool(_STATED_DATE.search(html)) or bool(url and _URL_DATE.search(urlsplit(url).path))


# --- running the pipeline ------------------------------------------------------------------------

@dataclass
class PageResult:
    page_id: str
    url: str
    text: str
    rejected: str | None
    published_at: str | None
    published_at_source: str
    states_date: bool
    removed: list[tuple[str, str]]  # (rule, text) of every cut line
    seconds: float


def run_page(args: tuple[str, str, str]) -> PageResult:
    from pipeline.config import Settings
    from pipeline.process import clean_document
    from pipeline.records import Rejection, RawDocument
    from pipeline.sources.files import _decode, _read_bytes

    page_id, url, path = args
    html = _decode(_read_bytes(Path(path)))  # read as the pipeline reads a landing file
    raw = RawDocument(source_uri=f"html/{page_id}.html.gz", input_format="html", html=html, url=url)
    start = time.perf_counter()
    outcome = clean_document(raw, Settings())
    seconds = time.perf_counter() - start
    states = html_states_date(html, url)
    if isinstance(outcome, Rejection):
        return PageResult(page_id, url, "", f"{outcome.stage}/{outcome.reason}", None, "none", states, [], seconds)
    return PageResult(page_id, url, outcome.text, None, outcome.published_at, outcome.published_at_source, states,
                      [(span.rule, span.text) for span in outcome.removed_spans], seconds)


def false_positive_lines(truth: str, text: str, limit: int = 3) -> list[str]:
    """Lines of the extraction whose shingles are mostly absent from the ground truth."""
    true = shingles(truth)
    bad = []
    for line in text.split("\n"):
        sh = shingles(line)
        if not sh:
            continue
        missing = sum((sh - true).values())
        if missing / sum(sh.values()) > 0.5:
            bad.append((missing, line.strip()))
    bad.sort(key=lambda x: -x[0])
    return [line for _, line in bad[:limit]]


def line_in_truth(truth: str, line: str) -> bool:
    """Most of the line's shingles occur in the ground truth."""
    sh = shingles(line)
    return bool(sh) and sum((sh & shingles(truth)).values()) > 0.5 * sum(sh.values())


def _short(text: str, width: int = 150) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS), help="benchmark folder (ground-truth.json, html/)")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--worst", type=int, default=12, help="how many worst-precision pages to show")
    parser.add_argument("--dump", help="write every page's extraction to this JSON file")
    args = parser.parse_args(argv)

    corpus = Path(args.corpus)
    if not corpus.is_absolute():
        corpus = (PROJECT_ROOT / corpus) if not corpus.exists() else corpus
    corpus = corpus.resolve()
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    jobs = [(pid, item.get("url"), str(corpus / "html" / f"{pid}.html.gz")) for pid, item in sorted(truth.items())]

    start = time.perf_counter()
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(run_page, jobs, chunksize=4))
    else:
        results = [run_page(job) for job in jobs]
    wall = time.perf_counter() - start

    rows = []
    for res in results:
        tp, fp, fn = page_counts(truth[res.page_id]["articleBody"], res.text)
        p, r = page_scores(tp, fp, fn)
        rows.append((res, (tp, fp, fn), p, r))
    f1, precision, recall = score(c for _, c, _, _ in rows)

    print(f"corpus: {corpus} ({len(results)} pages)")
    cpu = sum(r.seconds for r in results)
    print(f"time: {wall:.1f} s wall, {1000 * cpu / len(results):.0f} ms per page in clean_document "
          f"(max {max(r.seconds for r in results):.2f} s)")
    rejected = [r for r in results if r.rejected]
    print(f"rejected (scored as empty): {len(rejected)}" + "".join(f"\n  {r.page_id[:12]} {r.rejected} {r.url}" for r in rejected))
    by_rule = Counter(rule for r in results for rule, _text in r.removed)
    print(f"removed spans (line filter + repeated title): {sum(by_rule.values())}: "
          + ", ".join(f"{rule}={n}" for rule, n in sorted(by_rule.items(), key=lambda x: (-x[1], x[0]))))

    print(f"\nworst precision ({args.worst} pages):")
    scored = sorted((row for row in rows if row[2] is not None), key=lambda row: row[2])
    for res, _counts, p, r in scored[: args.worst]:
        print(f"  p={p:.3f} r={r:.3f} {res.page_id[:12]} {res.url}")
        for line in false_positive_lines(truth[res.page_id]["articleBody"], res.text):
            print(f"      + {_short(line)}")
    print(f"\nworst recall ({min(args.worst, 6)} pages):")
    for res, _counts, p, r in sorted((row for row in rows if row[3] is not None), key=lambda row: row[3])[: min(args.worst, 6)]:
        print(f"  r={r:.3f} p={p if p is None else round(p, 3)} {res.page_id[:12]} {res.url}")

    hits = [(res, kind, line) for res in results for kind, line in prompt_hits(res.text)]
    print(f"\nboilerplate prompts (comment form / share, subscribe / cookie notice) in extracted articles: {len(hits)}")
    for kind, count in sorted(Counter(kind for _, kind, _ in hits).items()):
        print(f"  {kind}: {count}")
    for res, kind, line in hits[:15]:
        in_truth = " (in the ground-truth article body)" if line_in_truth(truth[res.page_id]["articleBody"], line) else ""
        print(f"    [{kind}] {res.page_id[:12]}{in_truth}: {_short(line)}")

    sources = Counter(r.published_at_source for r in results)
    found = sum(1 for r in results if r.published_at)
    stated = [r for r in results if r.states_date]
    markup = ("json-ld", "meta", "url")
    missed = [r for r in stated if r.published_at_source not in markup]
    print(f"\npublished_at: found for {found}/{len(results)} pages; by source: "
          + ", ".join(f"{s}={sources.get(s, 0)}" for s in ("json-ld", "meta", "url", "text", "none")))
    print(f"  pages whose HTML states a date (JSON-LD / meta / microdata / <time datetime> / URL): {len(stated)}; "
          f"dated from that markup (json-ld/meta/url): {len(stated) - len(missed)}; only from text or not at all: {len(missed)}")
    for r in missed[:10]:
        print(f"    {r.page_id[:12]} {r.published_at_source} {r.published_at} {r.rejected or ''} {r.url}")
    unstated = [r for r in results if not r.states_date]
    print(f"  pages stating no date in markup: {len(unstated)}, of which dated from the text: "
          f"{sum(1 for r in unstated if r.published_at_source == 'text')}")

    if args.dump:
        Path(args.dump).write_text(json.dumps(
            {r.page_id: {"url": r.url, "text": r.text, "rejected": r.rejected, "published_at": r.published_at,
                         "published_at_source": r.published_at_source, "precision": p, "recall": rc,
                         "removed": r.removed}
             for r, _c, p, rc in rows}, indent=1, ensure_ascii=False), encoding="utf-8")

    print(f"F1={f1:.3f} precision={precision:.3f} recall={recall:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
