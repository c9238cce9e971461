"""Unicode normalisation, paragraph blocks and joining."""

from __future__ import annotations

import pytest

from pipeline.clean.normalize import join_blocks, normalize_line, split_blocks, word_count


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("10\u00a0000\u00a0troops", "10 000 troops"),                 # NBSP -> space
        ("Kyiv\u202fcity\u2009centre\u3000now", "Kyiv city centre now"),  # narrow / thin / ideographic spaces
        ("Uk\u200braine", "Ukraine"),                                  # zero-width space removed
        ("co\u00adoper\u00adation", "cooperation"),                    # soft hyphens removed
        ("\ufeffBOM at start", "BOM at start"),
        ("zero\u200c\u200dwidth\u2060joiners", "zerowidthjoiners"),
        ("  tabs\t\tand   spaces  ", "tabs and spaces"),
        ("Cafe\u0301", "Caf\u00e9"),                                   # NFC composes
        ("\u00a0 \u200b \u00ad", ""),                                   # only invisible / space chars
        ("a - b", "a - b"),                                             # a real hyphen-minus is kept
    ],
)
def test_normalize_line(raw, expected):
    assert normalize_line(raw) == expected


def test_normalize_line_keeps_visible_punctuation():
    line = "“We are ready,” he said — Ukraine’s capital, Kyiv."
    assert normalize_line(line) == line


def test_blank_lines_separate_paragraphs_and_wrapped_lines_stay_together():
    text = "First para line one\nfirst para line two\n\n\n\nSecond para\n  \n\u00a0\nThird\n"
    assert split_blocks(text) == [["First para line one", "first para line two"], ["Second para"], ["Third"]]


def test_line_per_paragraph_makes_each_line_a_block():
    text = "First para line one\nfirst para line two\n\nSecond para\n\u200b\nThird"
    assert split_blocks(text, line_per_paragraph=True) == [
        ["First para line one"], ["first para line two"], ["Second para"], ["Third"],
    ]


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_windows_and_old_mac_newlines(newline):
    text = newline.join(["a", "b", "", "c"])
    assert split_blocks(text) == [["a", "b"], ["c"]]
    assert split_blocks(text, line_per_paragraph=True) == [["a"], ["b"], ["c"]]


def test_line_of_invisible_characters_counts_as_blank():
    assert split_blocks("one\n\u200b\u00a0\ntwo") == [["one"], ["two"]]


def test_lines_are_normalised_inside_blocks():
    assert split_blocks("  10\u00a0000  troops \n") == [["10 000 troops"]]


def test_empty_input():
    assert split_blocks("") == []
    assert split_blocks("\n\n  \n") == []
    assert join_blocks([]) == ""


def test_join_blocks():
    assert join_blocks([["wrapped line", "continues here"], [], ["Next paragraph."]]) == (
        "wrapped line continues here\n\nNext paragraph."
    )


def test_split_then_join_roundtrip_of_hard_wrapped_text():
    text = "The call, confirmed by the White House\non Wednesday, will mark the second\ndirect talks.\n\nA second paragraph."
    assert join_blocks(split_blocks(text)) == (
        "The call, confirmed by the White House on Wednesday, will mark the second direct talks.\n\nA second paragraph."
    )


def test_word_count():
    assert word_count("one two\n\nthree\tfour ") == 4
    assert word_count("") == 0
