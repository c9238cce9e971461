"""Throughput of the pipeline's own stages on real news pages.

    .venv/bin/python bench/throughput.py [CORPUS_DIR] [--processes N]

Lays the 181 pages of the shared article-extraction benchmark out as one landing
day in a temporary directory, then times, with the code the DAG runs: cleaning
alone (clean_document), process_shard (cleaning + spaCy + entities + events +
Parquet), and the DuckDB load. Ends with one line: docs_per_s=<d> words_per_s=<w>.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import runner  # noqa: E402
from pipeline.config import PROJECT_ROOT, Settings  # noqa: E402
from pipeline.process import clean_document  # noqa: E402
from pipeline.records import CleanDocument  # noqa: E402
from pipeline.sources.files import read_file  # noqa: E402

DAY = date(2019, 11, 20)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(PROJECT_ROOT.parent / "shared" / "corpora" / "article-extraction-benchmark"))
    parser.add_argument("--processes", type=int, default=1, help="nlp.pipe processes (NEWSETL_SPACY_PROCESSES)")
    args = parser.parse_args(argv)
    pages = sorted((Path(args.corpus) / "html").glob("*.html.gz"))
    if not pages:
        print(f"no pages under {args.corpus}/html", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        landing = root / "landing" / DAY.isoformat()
        landing.mkdir(parents=True)
        for page in pages:
            shutil.copy(page, landing / page.name)
        settings = Settings().with_overrides(
            landing_dir=root / "landing", db_path=root / "news.duckdb", staging_dir=root / "staging",
            spacy_processes=args.processes,
        )

        started = time.perf_counter()
        words = 0
        for page in sorted(landing.iterdir()):
            for raw in read_file(page, f"{DAY}/{page.name}"):
                clean = clean_document(raw, settings)
                if isinstance(clean, CleanDocument):
                    words += clean.word_count
        cleaning = time.perf_counter() - started

        plan = runner.discover_partition(DAY.isoformat(), settings)
        started = time.perf_counter()
        results = [runner.process_shard(shard, settings) for shard in plan["shards"]]
        processing = time.perf_counter() - started
        started = time.perf_counter()
        summary = runner.load(plan, results, settings)
        loading = time.perf_counter() - started

    docs = len(pages)
    print(f"{docs} pages, {summary['documents_loaded']} loaded, {words} words, {summary['events']} events, spaCy processes={args.processes}")
    print(f"cleaning only      {cleaning:7.1f} s  ({docs / cleaning:6.1f} docs/s)")
    print(f"process_shard      {processing:7.1f} s  ({docs / processing:6.1f} docs/s; spaCy, entities and events ~{processing - cleaning:.1f} s)")
    print(f"load (DuckDB)      {loading:7.1f} s")
    print(f"docs_per_s={docs / (processing + loading):.2f} words_per_s={words / (processing + loading):.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
