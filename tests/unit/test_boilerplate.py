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
    assert rules == {
        "comment_form", "share_widget", "newsletter", "paywall", "click_here", "copyright", "cookie_notice", "navigation",
        "separator", "photo_credit", "reading_time", "dateline", "byline", "credit", "contact",
    }
    assert {p.scope for p in PATTERNS} == {"line", "edge"}
    assert {p.rule for p in PATTERNS if p.scope == "edge"} == {"dateline", "byline", "credit", "contact"}


def test_load_patterns_scope_defaults_to_line_and_is_checked(tmp_path):
    path = tmp_path / "patterns.csv"
    path.write_text("rule,pattern,description\nok,fine,x\n", encoding="utf-8")
    assert load_patterns(path)[0].scope == "line"
    bad = tmp_path / "bad.csv"
    bad.write_text("rule,pattern,scope,description\nok,fine,middle,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="scope must be one of line, edge"):
        load_patterns(bad)


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


# --- more line rules: boilerplate seen on news sites ------------------------------------------------

MORE_BOILERPLATE = [
    ("Leave a comment and let us know what you think of the plan.", "comment_form"),
    ("Tell us what you think...", "comment_form"),
    ("Like this story? Share it with a friend!", "share_widget"),
    ("Follow The Daily Planet Opinion section on Facebook, Twitter (@planetopinion) and Instagram.", "share_widget"),
    ("Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.", "share_widget"),
    ("Order Reprints", "share_widget"),
    ("Print Article", "share_widget"),
    ("This article has been sent to", "share_widget"),
    ("Get the day’s top headlines delivered to your inbox every morning by subscribing to our newsletter.", "newsletter"),
    ("Get Motor Cycle Monthly delivered through your letterbox every month.", "newsletter"),
    ("Pick Six Newsletter", "newsletter"),
    ("Start your day with the Opening Bell. It is the preferred reading of finance people. Sign up for the free daily newsletter.",
     "newsletter"),
    ("Subscribe to continue reading.", "paywall"),
    ("Already a subscriber? Log in", "paywall"),
    ("You have reached your limit of free articles this month.", "paywall"),
    ("This article is for subscribers only.", "paywall"),
    ("Get unlimited digital access for 1 euro a week.", "paywall"),
    ("If you enjoyed this article, we have a proposition for you: Join our membership programme.", "paywall"),
    ("© Reuters", "copyright"),
    ("This copy is for your personal, non-commercial use only.", "copyright"),
    ("Related: Farmers turn to drought-tolerant seed as water tables fall", "navigation"),
    ("[Related: Keynote recap: AI, integration and protests]", "navigation"),
    ("SEE MORE: Students under siege in university", "navigation"),
    ("Also on example-news.com Journalists threatened with arrest as purge goes on", "navigation"),
    ("Plane passengers quarantined after outbreak [NEWS]", "navigation"),
    ("DON'T MISS", "navigation"),
    ("Most read in world news", "navigation"),
    ("You may also like...", "navigation"),
    ("related news", "navigation"),
    ("Leggi anche", "navigation"),
    ("Filed under: Politics |", "navigation"),
    ("Tags", "navigation"),
    ("05/10/2018 - Publicado por: Clarissa Borba - Categoria: Saúde - Tags: sad", "navigation"),
    ("An error has occurred, please try again later.", "navigation"),
    ("___", "separator"),
    ("* * *", "separator"),
    ("Photo: Arun Mehta/Reuters", "photo_credit"),
    ("(AP Photo/Evan Vucci)", "photo_credit"),
    ("Getty Images", "photo_credit"),
    ("Jane Doe/Getty Images", "photo_credit"),
    ("Image caption Soldiers use excavators to clear the road", "photo_credit"),
    ("5 min read", "reading_time"),
    ("Reading time: 4 minutes", "reading_time"),
    ("4:14 p.m.", "dateline"),
    ("10 p.m.", "dateline"),
    ("Updated at 1:23 p.m. ET", "dateline"),
]


@pytest.mark.parametrize("line, rule", MORE_BOILERPLATE)
def test_more_boilerplate_is_cut_with_its_rule(line, rule):
    assert match_rule(line, PATTERNS) == rule


# Lines that are page furniture at the top or bottom of an article but could be prose in the middle.
EDGE_BOILERPLATE = [
    ("By Priya Raman and Tomas Lindqvist, Reuters", "byline"),
    ("By JANE DOE Associated Press", "byline"),
    ("November 20, 2019 - 11:28 AMT", "dateline"),
    ("5:45 AM PST 11/19/2019 by Patrick Shanley", "dateline"),
    ("Published: March 3, 2022", "dateline"),
    ("Reporting by Rodrigo Campos; additional reporting by Stephanie Kelly; Editing by Nick Zieminski", "credit"),
    ("(Reporting by Will Dunham; Editing by Tom Brown)", "credit"),
    ("Additional reporting by Joseph Hudak", "credit"),
    ("Contributing: Kristine Phillips", "credit"),
    ("With Post wires", "credit"),
    ("Staff Reports", "credit"),
    ("SOURCE: News agencies", "credit"),
    ("The Associated Press", "credit"),
    ("Email Tariq Malik at tmalik@example.com or follow him @tariqjmalik.", "contact"),
    ("Write to Al Root at allen.root@example.com", "contact"),
    ("Reach the reporters on Twitter at http://twitter.com/reporter", "contact"),
    ("Follow AP’s coverage of the storm at https://apnews.example/hub/hurricanes", "contact"),
    ("Have a tip? Amy Kuperinsky may be reached at akuperinsky@example.com.", "contact"),
    ("paul.takahashi@example.com", "contact"),
    ("twitter.com/paultakahashi", "contact"),
]


@pytest.mark.parametrize("line, rule", EDGE_BOILERPLATE)
def test_edge_boilerplate_is_cut_only_at_the_edges(line, rule):
    assert match_rule(line, PATTERNS) is None
    assert match_rule(line, PATTERNS, edge=True) == rule


@pytest.mark.parametrize(
    "line",
    [
        *ARTICLE_SENTENCES,
        *ARTICLE_SENTENCES_NEWSLETTER_WORDS,
        "By the end of the week, the talks had collapsed.",
        "Reporting by the newspaper found that the ministry had ignored the warnings.",
        "Photos of the meeting were released by the presidential office on Friday.",
        "More than 200 people were evacuated from the building.",
        "Related charges were filed against two other men.",
        "Follow-up talks are scheduled for March 3, 2022.",
        "The Associated Press contributed to this report.",
        "Keith Bradsher contributed reporting from Hong Kong.",
        "Editor's note: This story was updated to include comments from the ministry.",
        "Share this information, please?",
        "By Friday, the fires had burned 1,000 acres.",
        "Copyright law protects authors, the court said.",
        "The story was shared to Facebook by thousands.",
        "LATEST: Officials say three people were killed.",
        "Source: a senior official who asked not to be named because the talks are private, said the deal was close.",
    ],
)
def test_article_lines_are_kept_even_at_the_edges(line):
    assert match_rule(line, PATTERNS, edge=True) is None


@pytest.mark.parametrize("line", ["29 November 2018 | 20 January 2019", "9.30 A.M. / 7.00 P.M.", "Staff Reports", "By Rachel Osei"])
def test_date_and_credit_lines_are_kept_in_the_middle(line):
    """Exhibition dates, opening hours: only a lone time of day (a live-blog entry time) is cut anywhere."""
    assert match_rule(line, PATTERNS) is None


def test_edge_rules_cut_leading_and_trailing_runs_only():
    blocks = [
        ["By Rachel Osei"],                                         # 0 edge: byline
        ["Updated at 1:23 p.m."],                                   # 1 line rule (dateline)
        ["WASHINGTON — The talks resumed on Monday."],              # 2 first kept line
        ["Staff Reports"],                                          # 3 in the middle: kept
        ["The ministry declined to comment."],                      # 4
        ["Reporting by Jane Doe; Editing by John Roe"],             # 5 edge: credit
        ["Advertisement"],                                          # 6 line rule
        ["jane.doe@example.com"],                                   # 7 edge: contact
    ]
    kept, removed = filter_blocks(blocks, PATTERNS)
    assert kept == [["WASHINGTON — The talks resumed on Monday."], ["Staff Reports"], ["The ministry declined to comment."]]
    assert [(s.position, s.rule) for s in removed] == [
        (0, "byline"), (1, "dateline"), (5, "credit"), (6, "navigation"), (7, "contact"),
    ]


def test_edge_walk_passes_over_a_repeated_title_and_leaves_it_to_the_caller():
    blocks = [["Talks resume in Geneva"], ["By Rachel Osei"], ["The talks resumed on Monday."]]
    kept, removed = filter_blocks(blocks, PATTERNS, title="Talks resume in Geneva")
    assert kept == [["Talks resume in Geneva"], ["The talks resumed on Monday."]]
    assert removed == [RemovedSpan(position=1, text="By Rachel Osei", rule="byline")]
    # without the title the headline is an ordinary first line and ends the leading edge
    assert filter_blocks(blocks, PATTERNS)[1] == []


def test_all_lines_boilerplate():
    blocks = [["By Rachel Osei"], ["Leave a Reply"], ["Staff Reports"]]
    kept, removed = filter_blocks(blocks, PATTERNS)
    assert kept == [] and [s.rule for s in removed] == ["byline", "comment_form", "credit"]


def test_trailing_comment_prompt_sentence_is_cut_and_recorded():
    from pipeline.clean.boilerplate import filter_blocks

    patterns = load_patterns(Settings().reference_dir / "boilerplate_patterns.csv")
    kept, removed = filter_blocks(
        [["The phone sold out in a week. Leave a comment and let us know what your favorite gadget of 2019 is."],
         ["The minister said he would leave a comment for the committee. Talks continue on Monday."]],
        patterns,
    )
    assert kept == [["The phone sold out in a week."],
                    ["The minister said he would leave a comment for the committee. Talks continue on Monday."]]
    assert [(s.position, s.rule, s.text) for s in removed] == [
        (0, "comment_prompt", "Leave a comment and let us know what your favorite gadget of 2019 is.")
    ]
