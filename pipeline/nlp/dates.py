"""Resolve a date expression found in text against a reference date.

The reference is the article's publication date, or the partition date when none
is known. Only expressions that name one day resolve ("on Thursday", "Jan. 10",
"December 7", "yesterday", "2022-01-10"); vaguer ones ("this month", "next
week") return None and the raw text is kept by the caller.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {name: i for i, name in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_MONTH_DAY = re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?$", re.I)
_DAY_MONTH = re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+(?P<year>\d{4}))?$", re.I)
_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$")
_LEADING = re.compile(r"^(on|by|from|until|since|last|this|next|early|late|coming|the)\s+", re.I)


def _clean(text: str) -> str:
    text = text.strip().rstrip(".,;").replace("’s", "").replace("'s", "")
    previous = None
    while previous != text:
        previous = text
        text = _LEADING.sub("", text).strip()
    # "Monday, Jan. 3": the date after the weekday names the day.
    weekday_first = re.match(r"(" + "|".join(WEEKDAYS) + r"),?\s+(?=\S)", text, re.I)
    if weekday_first and not text[weekday_first.end():].lower().startswith(("morning", "evening", "night", "afternoon")):
        text = text[weekday_first.end():]
    return text


def resolve_date(text: str, reference: date, direction: str = "past") -> date | None:
    """The day `text` names, seen from `reference`.

    `direction` settles a bare weekday: "future" takes the next such day (the
    reference day itself if it matches), "past" the most recent one. None when it
    names no day, or one outside the calendar (a reference date at its very edge).
    """
    try:
        return _resolve(text, reference, direction)
    except OverflowError:
        return None


def _resolve(text: str, reference: date, direction: str) -> date | None:
    raw = text.strip().lower()
    words = raw.replace(".", "").split()
    if not words:
        return None
    cleaned = _clean(text)
    key = cleaned.lower()
    if key in RELATIVE_DAYS:
        return reference + timedelta(days=RELATIVE_DAYS[key])
    if key in WEEKDAYS:
        target = WEEKDAYS[key]
        if words[0] == "last":
            delta = (reference.weekday() - target) % 7 or 7
            return reference - timedelta(days=delta)
        if words[0] == "next" or direction == "future":
            delta = (target - reference.weekday()) % 7
            if words[0] == "next" and delta == 0:
                delta = 7
            return reference + timedelta(days=delta)
        return reference - timedelta(days=(reference.weekday() - target) % 7)
    for pattern in (_ISO, _MONTH_DAY, _DAY_MONTH):
        m = pattern.match(cleaned)
        if not m:
            continue
        month = m["month"]
        month = int(month) if month.isdigit() else MONTHS[month.lower()]
        day = int(m["day"])
        if m["year"]:
            years = [int(m["year"])]
        else:
            # No year: the occurrence closest to the reference ("Jan. 10" written on Dec 29 is next year).
            years = [reference.year - 1, reference.year, reference.year + 1]
        candidates = []
        for year in years:
            try:
                candidates.append(date(year, month, day))
            except ValueError:
                continue
        if not candidates:
            return None
        return min(candidates, key=lambda d: (abs((d - reference).days), d))
    return None
