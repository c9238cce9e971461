"""Data checks: each sql/checks/*.sql is a query returning the offending rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pipeline.config import SQL_DIR


@dataclass
class CheckResult:
    name: str
    offending_rows: list[tuple]
    columns: list[str]

    @property
    def passed(self) -> bool:
        return not self.offending_rows


class ChecksFailed(RuntimeError):
    pass


def run_checks(con, partition_date: date) -> list[CheckResult]:
    results = []
    for path in sorted((SQL_DIR / "checks").glob("*.sql")):
        cursor = con.execute(path.read_text(encoding="utf-8"), {"partition_date": partition_date})
        rows = cursor.fetchall()
        results.append(CheckResult(path.stem, rows, [d[0] for d in cursor.description]))
    return results


def raise_on_failures(results: list[CheckResult], partition_date: date) -> None:
    failed = [r for r in results if not r.passed]
    if failed:
        lines = [f"{len(failed)} data check(s) failed for {partition_date}:"]
        for r in failed:
            lines.append(f"  {r.name}: {len(r.offending_rows)} offending row(s), e.g. {dict(zip(r.columns, r.offending_rows[0]))}")
        raise ChecksFailed("\n".join(lines))
