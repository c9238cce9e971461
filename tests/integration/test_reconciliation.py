"""Nothing is lost silently: every input document of an awkward landing day ends in
`articles` or in `rejected_documents` with a reason."""

from __future__ import annotations

import gzip
import shutil

from tests.helpers import SAMPLE_LANDING, query, run_cli

DAY = "2022-02-01"


def test_awkward_inputs_are_all_accounted_for(tmp_path):
    day = tmp_path / "landing" / DAY
    day.mkdir(parents=True)
    shutil.copy(SAMPLE_LANDING / "2021-12-29" / "000_2ea0c09a0cab73a9.txt", day / "good.txt")  # 1 loaded
    (day / "empty.jsonl").write_text("")  # 1 rejected: no_records
    (day / "array.json").write_text("[]")  # 1 rejected: no_records
    broken = bytearray(gzip.compress(b"<html><body>" + b"<p>word</p>" * 200 + b"</body></html>"))
    broken[20:40] = b"\xff" * 20
    (day / "broken.html.gz").write_bytes(bytes(broken))  # 1 rejected: unreadable_file
    (day / ".DS_Store").write_bytes(b"\x00\x01")  # 1 rejected: hidden_file
    (day / "pretty.json").write_text('{\n  "title": "x"\n  "text": "y"\n}\n')  # 1 rejected: invalid_json
    (day / "scan.pdf").write_bytes(b"%PDF-1.4")  # 1 rejected: unsupported_format
    (day / "feed.jsonl").write_text('{"title": "t", "text": "too short"}\n{"url": "https://x.example/a"}\n')  # 2 rejected
    db = tmp_path / "news.duckdb"
    assert run_cli("run", "--landing", str(tmp_path / "landing"), "--date", DAY, "--db", str(db), "--staging", str(tmp_path / "st")) == 0

    assert query(db, "SELECT count(*) FROM articles")[0][0] == 1
    reasons = sorted(query(db, "SELECT reason, count(*) FROM rejected_documents GROUP BY reason"))
    assert reasons == [
        ("hidden_file", 1), ("invalid_json", 1), ("no_body", 1), ("no_records", 2),
        ("too_short", 1), ("unreadable_file", 1), ("unsupported_format", 1),
    ]
    run = query(db, "SELECT files_in, documents_in, documents_loaded, documents_rejected FROM pipeline_runs")
    assert run == [(8, 9, 1, 8)]
