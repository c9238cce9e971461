"""Line-level boilerplate filter with the real seeds/boilerplate_patterns.csv."""

from __future__ import annotations

import pytest

from pipeline.clean.boilerplate import MAX_BOILERPLATE_WORDS, filter_blocks, load_patterns, match_rule
from pipeline.config import Settings
from pipeline.records import RemovedSpan

PATTERNS = load_patterns(Settings().reference_dir / "boilerplate_patterns.csv")


# Lines that occur in the sample corpus (seeds/articles/**) and the rule that must cut them.
CORPUS_BOILERPLATE = [
    ("Leave A Reply", "comment_form"),
    ("Leave a Reply", "comment_form"),
    ("Your email address will not be published.", "comment_form"),
    ("Your email address will not be published. Required fields are marked *", "comment_form"),
    ("Required fields are marked *", "comment_form"),
    ("Cancel reply", "comment_form"),
    ("Reply", "comment_form"),
    ("Comments", "comment_form"),
    ("Comments are closed.", "comment_form"),
    ("Save my name, email, and website in this browser for the next time I comment.", "comment_form"),
    ("Share this: Facebook Twitter Email", "share_widget"),
    ("Share this:", "share_widget"),
    ("Share this article", "share_widget"),
    ("Share on Facebook", "share_widget"),
    ("Facebook Twitter Email", "share_widget"),
    ("Copy link", "share_widget"),
    ("Follow us on Twitter", "share_widget"),
    ("Subscribe to our newsletter", "newsletter"),
    ("Subscribe", "newsletter"),
    ("Sign up for our Morning Ledger newsletter.", "newsletter"),
    ("Sign up for our newsletter and get The Steppe Observer weekly digest every Friday.", "newsletter"),
    ("Click here to subscribe to our daily briefing.", "newsletter"),
    ("Click here to sign up for alerts", "newsletter"),
    ("Copyright 2022 Example News. All rights reserved.", "copyright"),
    ("© 2021 WorldWire News Media LLC. All rights reserved.", "copyright"),
    ("Copyright © 2021 GlobalPost Daily Ltd. All rights reserved.", "copyright"),
    ("All rights reserved.", "copyright"),
    ("We use cookies to improve your experience on our site. By continuing to browse, you agree to our use of cookies.", "cookie_notice"),
    ("Accept all cookies", "cookie_notice"),
    ("Cookie settings", "cookie_notice"),
    ("Read more: What is in Russia’s draft security treaties?", "navigation"),
    ("Read more: On Ukraine’s front line, families brace for a winter of war", "navigation"),
    ("Advertisement", "navigation"),
    ("Related stories", "navigation"),
    ("You may also like", "navigation"),
    ("Most read", "navigation"),
    ("More on this story", "navigation"),
    ("Skip to content", "navigation"),
    ("Privacy Policy", "navigation"),
]


@pytest.mark.parametrize("line, rule", CORPUS_BOILERPLATE)
def test_corpus_boilerplate_is_cut_with_its_rule(line, rule):
    assert match_rule(line, PATTERNS) == rule


@pytest.mark.parametrize("line, rule", [("LEAVE A REPLY", "comment_form"), ("advertisement", "navigation"), ("FOLLOW US ON TWITTER", "share_widget")])
def test_matching_is_case_insensitive(line, rule):
    assert match_rule(line, PATTERNS) == rule


# Ordinary news sentences, several using the trigger words of the patterns.
ARTICLE_SENTENCES = [
    "President Biden and Vladimir Putin will speak by telephone on Thursday at the request of the Russian leader.",
    "Shares of the company fell 4 percent on Wednesday after it reported weaker sales.",
    "Share prices in Moscow fell sharply after the announcement.",
    "The two countries agreed to share intelligence on troop movements, the ministry said.",
    "More than 2 million households subscribe to the state broadcaster’s streaming service.",
    "Fewer young people subscribe to newspapers than a decade ago, the survey found.",
    "The regulator fined the company for placing cookies on users’ devices without consent.",
    "Investigators said the website used cookies to track visitors across other sites.",
    "The Kremlin declined to comment on the report.",
    "A spokesman did not respond to a request for comment.",
    "Comments by the minister drew sharp criticism from opposition lawmakers.",
    "Users who click on the link are asked to enter their bank details, police said.",
    "Twitter and Facebook removed the accounts on Tuesday.",
    "Advertising revenue fell 12 percent in the quarter.",
    "Reply from Moscow came within hours.",
    "The Pentagon said it would share updates with Congress after the briefing.",
    "The Associated Press contributed to this report.",
]


@pytest.mark.parametrize("line", ARTICLE_SENTENCES)
def test_article_sentences_are_kept(line):
    assert match_rule(line, PATTERNS) is None


# News sentences that mention a briefing / alerts / updates next to "sign up" / "register".
# The newsletter rules are unanchored (.{0,60} on both sides), so they reach into ordinary prose.
ARTICLE_SENTENCES_NEWSLETTER_WORDS = [
    "At a press briefing, the minister urged citizens to sign up for vaccination appointments.",
    "Voters must register by Friday, election officials said in updates posted online.",
    "Officials urged residents to sign up for emergency alerts as the fire spread toward the town.",
]


@pytest.mark.parametrize("line", ARTICLE_SENTENCES_NEWSLETTER_WORDS)
def test_article_sentences_with_newsletter_words_are_kept(line):
    assert match_rule(line, PATTERNS) is None


def _cookie_line(words: int) -> str:
    line = "We use cookies " + " ".join(["ok"] * (words - 3))
    assert len(line.split()) == words
    return line


def test_line_at_word_limit_can_be_cut():
    assert MAX_BOILERPLATE_WORDS == 40
    assert match_rule(_cookie_line(MAX_BOILERPLATE_WORDS), PATTERNS) == "cookie_notice"


def test_line_over_word_limit_is_never_cut():
    assert match_rule(_cookie_line(MAX_BOILERPLATE_WORDS + 1), PATTERNS) is None


def test_long_paragraph_mentioning_cookies_and_click_here_is_kept():
    paragraph = (
        "We use cookies only where the law allows it, the company said in a statement on Tuesday, adding that "
        "customers who click here and there on its pages were never tracked across other websites and that it "
        "would appeal the regulator's fine of 60 million euros in the courts."
    )
    assert len(paragraph.split()) > MAX_BOILERPLATE_WORDS
    assert match_rule(paragraph, PATTERNS) is None


def test_pattern_must_match_the_whole_line():
    assert match_rule("Advertisement", PATTERNS) == "navigation"
    assert match_rule("Advertisement executives met in London on Tuesday.", PATTERNS) is None
    assert match_rule("Related stories were published by other outlets.", PATTERNS) is None


# --- filter_blocks -----------------------------------------------------------------------------

def test_filter_blocks_positions_and_empty_blocks():
    blocks = [
        ["The call was confirmed by the White House.", "Advertisement"],   # lines 0, 1
        ["Leave a Reply"],                                                  # line 2 (block emptied)
        ["Moscow submitted draft security documents."],                    # line 3
        ["Share this: Facebook Twitter Email", "Comments are closed."],    # lines 4, 5 (block emptied)
        ["The Associated Press contributed to this report."],              # line 6
    ]
    kept, removed = filter_blocks(blocks, PATTERNS)
    assert kept == [
        ["The call was confirmed by the White House."],
        ["Moscow submitted draft security documents."],
        ["The Associated Press contributed to this report."],
    ]
    assert removed == [
        RemovedSpan(position=1, text="Advertisement", rule="navigation"),
        RemovedSpan(position=2, text="Leave a Reply", rule="comment_form"),
        RemovedSpan(position=4, text="Share this: Facebook Twitter Email", rule="share_widget"),
        RemovedSpan(position=5, text="Comments are closed.", rule="comment_form"),
    ]


def test_filter_blocks_keeps_wrapped_lines_of_a_block_together():
    blocks = [["Follow us on Twitter", "The minister said the talks", "would resume on Monday."]]
    kept, removed = filter_blocks(blocks, PATTERNS)
    assert kept == [["The minister said the talks", "would resume on Monday."]]
    assert [(s.position, s.rule) for s in removed] == [(0, "share_widget")]


def test_filter_blocks_nothing_to_cut():
    blocks = [["One."], ["Two.", "Three."]]
    assert filter_blocks(blocks, PATTERNS) == (blocks, [])


# --- load_patterns -----------------------------------------------------------------------------

def test_load_patterns_reads_every_rule():
    rules = {p.rule for p in PATTERNS}
    assert rules == {"comment_form", "share_widget", "newsletter", "click_here", "copyright", "cookie_notice", "navigation"}


def test_load_patterns_reports_bad_regex(tmp_path):
    path = tmp_path / "patterns.csv"
    path.write_text("rule,pattern,description\nok,fine,x\nbroken,(unclosed,y\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"patterns\.csv:3: bad regex for rule 'broken'"):
        load_patterns(path)


def test_load_patterns_rejects_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("rule,pattern,description\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no boilerplate patterns"):
        load_patterns(path)
