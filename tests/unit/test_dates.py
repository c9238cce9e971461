"""Resolving date expressions against the article's reference date."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.nlp.dates import resolve_date

WED = date(2021, 12, 29)  # a Wednesday: the sample article's day
assert WED.weekday() == 2


# --- bare weekdays -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, past, future",
    [
        ("Thursday", date(2021, 12, 23), date(2021, 12, 30)),
        ("on Thursday", date(2021, 12, 23), date(2021, 12, 30)),
        ("Thursday's", date(2021, 12, 23), date(2021, 12, 30)),
        ("Thursday’s", date(2021, 12, 23), date(2021, 12, 30)),
        ("Tuesday", date(2021, 12, 28), date(2022, 1, 4)),
        ("Monday", date(2021, 12, 27), date(2022, 1, 3)),
        ("Wednesday", WED, WED),  # the reference day itself in both directions
        ("on Wednesday", WED, WED),
        ("SUNDAY", date(2021, 12, 26), date(2022, 1, 2)),
    ],
)
def test_weekday_past_and_future(text, past, future):
    assert resolve_date(text, WED) == past  # default direction is past
    assert resolve_date(text, WED, "past") == past
    assert resolve_date(text, WED, "future") == future


def test_next_weekday_on_that_weekday_is_a_week_later():
    assert resolve_date("next Wednesday", WED) == date(2022, 1, 5)
    assert resolve_date("next Wednesday", WED, "future") == date(2022, 1, 5)


def test_next_weekday_is_in_the_future_even_with_past_direction():
    assert resolve_date("next Thursday", WED, "past") == date(2021, 12, 30)
    assert resolve_date("next Monday", WED, "past") == date(2022, 1, 3)


def test_last_weekday_on_that_weekday_is_a_week_earlier():
    assert resolve_date("last Wednesday", WED) == date(2021, 12, 22)


def test_last_weekday_is_in_the_past_even_with_future_direction():
    """'last' names a past day whatever the tense of the verb it is attached to."""
    assert resolve_date("last Thursday", WED, "future") == date(2021, 12, 23)
    assert resolve_date("last Wednesday", WED, "future") == date(2021, 12, 22)


# --- month and day -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("Jan. 10", date(2022, 1, 10)),      # written on Dec 29: next year
        ("on Jan. 10", date(2022, 1, 10)),
        ("Jan 10", date(2022, 1, 10)),
        ("January 10th", date(2022, 1, 10)),
        ("10 January", date(2022, 1, 10)),
        ("the 10th of January", date(2022, 1, 10)),
        ("December 7", date(2021, 12, 7)),
        ("Dec. 7", date(2021, 12, 7)),
        ("Dec. 29", WED),
        ("Oct. 25", date(2021, 10, 25)),
        ("Sept. 5", date(2021, 9, 5)),
        ("Jan. 10, 2022", date(2022, 1, 10)),
        ("December 7, 2020", date(2020, 12, 7)),  # an explicit year is kept even if far away
        ("Jan. 10.", date(2022, 1, 10)),
    ],
)
def test_month_day(text, expected):
    assert resolve_date(text, WED) == expected


def test_month_day_across_new_year_backwards():
    assert resolve_date("Dec. 30", date(2022, 1, 5)) == date(2021, 12, 30)


def test_invalid_day_of_month():
    assert resolve_date("Feb. 30", WED) is None
    assert resolve_date("2021-02-30", WED) is None


def test_weekday_with_month_day():
    """'Monday, Jan. 3' (sample feed, record 5: 'resume on Monday, Jan. 3') names exactly one day."""
    assert resolve_date("Monday, Jan. 3", date(2021, 12, 30)) == date(2022, 1, 3)


# --- relative days, ISO, vague -----------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [("yesterday", date(2021, 12, 28)), ("tomorrow", date(2021, 12, 30)), ("today", WED), ("tonight", WED), ("Yesterday", date(2021, 12, 28))],
)
def test_relative_days(text, expected):
    assert resolve_date(text, WED) == expected
    assert resolve_date(text, WED, "future") == expected


def test_relative_day_across_year_boundary():
    assert resolve_date("tomorrow", date(2021, 12, 31)) == date(2022, 1, 1)
    assert resolve_date("yesterday", date(2022, 1, 1)) == date(2021, 12, 31)


def test_iso_date():
    assert resolve_date("2022-01-10", WED) == date(2022, 1, 10)
    assert resolve_date("on 2020-03-01", WED) == date(2020, 3, 1)


@pytest.mark.parametrize(
    "text",
    ["this month", "next week", "last year", "the weekend", "January", "early January", "Jan. 13 and 14", "Wednesday night", "", "   ", "recently"],
)
def test_vague_expressions_are_none(text):
    assert resolve_date(text, WED) is None
    assert resolve_date(text, WED, "future") is None


def test_a_day_outside_the_calendar_is_no_date():
    from datetime import date

    assert resolve_date("Thursday", date.min) is None
    assert resolve_date("tomorrow", date.max) is None
