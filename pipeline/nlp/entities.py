"""Named-entity mentions and their resolution to entities, within one article.

spaCy finds the mentions; then:
- titles are not names: "Secretary of State Antony J. Blinken" gives the person
  "Antony J. Blinken" (the PERSON span is widened over untagged given names, the
  portfolio "State" after "Secretary of" is not an ORG);
- a short name resolves to the one longer name of the article that ends or
  starts with it ("Putin" -> "Vladimir Putin");
- names then go through the alias table (seeds/entity_aliases.csv: "US", "the
  United States" -> "United States");
- an entity gets one label, by majority over its mentions (ties: the label of
  its longest mention), so one "Biden" mis-tagged GPE cannot create a place.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ENTITY_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
TITLE_WORDS = {
    "president", "vice", "prime", "minister", "secretary", "chancellor", "king", "queen", "prince", "princess",
    "sen", "sen.", "senator", "rep", "rep.", "representative", "gov", "gov.", "governor", "mayor", "gen", "gen.",
    "general", "col", "col.", "lt", "lt.", "adm", "adm.", "admiral", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr",
    "dr.", "sir", "dame", "pope", "ambassador", "spokesman", "spokeswoman", "spokesperson", "chief", "director",
    "leader", "commander", "foreign", "defense", "defence", "state", "deputy", "chairman", "chairwoman", "envoy",
}
# "Secretary of State X", "Minister of Defence X": the word after "of" is part of the title.
PORTFOLIO_HEADS = {"secretary", "minister", "ministers", "secretaries"}


@dataclass
class Mention:
    start_char: int
    end_char: int
    text: str
    label: str  # spaCy's label for this mention
    sentence_index: int
    start_token: int
    end_token: int
    entity_id: str | None = None


@dataclass
class Entity:
    entity_id: str
    canonical_name: str
    label: str
    country_code: str | None


@dataclass(frozen=True)
class Alias:
    canonical_name: str
    label: str
    country_code: str | None


def entity_id(label: str, canonical_name: str) -> str:
    return hashlib.sha256(f"{label}|{canonical_name}".encode()).hexdigest()[:16]


@lru_cache(maxsize=4)
def load_aliases(path: Path) -> dict[str, Alias]:
    aliases = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            aliases[row["alias"].strip()] = Alias(row["canonical_name"].strip(), row["label"].strip(), row["country_code"].strip() or None)
    return aliases


_LEADING_THE = re.compile(r"^(the)\s+", re.I)
_POSSESSIVE = re.compile(r"\s*['’]s$")


def name_key(text: str) -> str:
    """The name a mention stands for: no leading article, no possessive, single spaces."""
    key = " ".join(text.split())
    key = _LEADING_THE.sub("", key)
    return _POSSESSIVE.sub("", key)


def _is_title_portfolio(doc, ent) -> bool:
    """True for "State" in "Secretary of State Antony J. Blinken"."""
    if ent.start < 2:
        return False
    return doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].lower_ in PORTFOLIO_HEADS and len(ent) <= 2


def _widen_person(doc, start: int, end: int) -> int:
    """Move a PERSON span's start left over untagged capitalised name tokens ("Antony" J. Blinken)."""
    while start > 0:
        token = doc[start - 1]
        if (
            token.ent_type_ == ""
            and token.pos_ == "PROPN"
            and token.text[:1].isupper()
            and token.lower_ not in TITLE_WORDS
        ):
            start -= 1
        else:
            break
    return start


def mentions_from_doc(doc) -> list[Mention]:
    sentence_of = {}
    for index, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            sentence_of[i] = index
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS or _is_title_portfolio(doc, ent):
            continue
        start, end = ent.start, ent.end
        if ent.label_ == "PERSON":
            start = _widen_person(doc, start, end)
            # A title caught inside the span ("President Biden") is not part of the name.
            while start < end - 1 and doc[start].lower_ in TITLE_WORDS:
                start += 1
        span = doc[start:end]
        if not name_key(span.text):
            continue
        mentions.append(
            Mention(
                start_char=span.start_char,
                end_char=span.end_char,
                text=span.text,
                label=ent.label_,
                sentence_index=sentence_of[start],
                start_token=start,
                end_token=end,
            )
        )
    return mentions


def _shorter_form_of(short: list[str], long: list[str]) -> bool:
    n = len(short)
    return n < len(long) and (long[-n:] == short or long[:n] == short)


def resolve(mentions: list[Mention], aliases: dict[str, Alias]) -> dict[str, Entity]:
    """Assign mention.entity_id for every mention; return the article's entities by id."""
    keys = {m_i: name_key(m.text) for m_i, m in enumerate(mentions)}
    # Within the article: a short form goes to the one longer name that contains it at an edge.
    names = sorted({k for k in keys.values()}, key=lambda k: (-len(k.split()), k))
    nationality = {name_key(m.text) for m in mentions if m.label == "NORP"}
    # Only personal names have short forms here ("Europe" is not "Eastern Europe"); organisations go through the alias table.
    person_names = {name_key(m.text) for m in mentions if m.label == "PERSON"}
    representative: dict[str, str] = {}
    for name in names:
        tokens = name.split()
        longer = {
            representative[other]
            for other in names
            if other in person_names and name not in nationality and _shorter_form_of(tokens, other.split())
        }
        representative[name] = longer.pop() if len(longer) == 1 else name

    clusters: dict[str, list[int]] = {}
    for m_i, key in keys.items():
        clusters.setdefault(representative[key], []).append(m_i)

    entities: dict[str, Entity] = {}
    for rep, members in clusters.items():
        alias = aliases.get(rep)
        if alias is None:
            # Any member form may be the listed alias ("US" and "the United States").
            for m_i in sorted(members, key=lambda i: -len(keys[i])):
                alias = aliases.get(keys[m_i])
                if alias:
                    break
        if alias is not None:
            canonical, label, country = alias.canonical_name, alias.label, alias.country_code
        else:
            votes = Counter(mentions[m_i].label for m_i in members)
            longest = max(members, key=lambda i: (len(keys[i]), -i))
            top = max(votes.values())
            tied = sorted(label for label, count in votes.items() if count == top)
            label = mentions[longest].label if mentions[longest].label in tied else tied[0]
            canonical, country = rep, None
        eid = entity_id(label, canonical)
        entities.setdefault(eid, Entity(eid, canonical, label, country))
        for m_i in members:
            mentions[m_i].entity_id = eid
    return entities
