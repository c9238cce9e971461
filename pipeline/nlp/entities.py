"""Named-entity mentions and their resolution to entities, within one article.

spaCy finds the mentions; then:
- titles are not names: "Secretary of State Antony J. Blinken" gives the person
  "Antony J. Blinken" (the PERSON span is widened over untagged given names, the
  portfolio "State" after "Secretary of" is not an ORG);
- a short name resolves to the one longer name of the article that ends or
  starts with it ("Putin" -> "Vladimir Putin");
- names then go through the alias table (seeds/entity_aliases.csv: "US", "the
  United States" -> "United States"), places through the offline gazetteer
  (country code, coordinates), nationality words to their country's code;
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
    "sheikh", "sheik", "emir", "sultan", "crown", "ayatollah", "maj", "maj.", "brig", "brig.", "capt", "capt.", "marshal",
    "field", "speaker", "inspector", "attorney", "justice", "judge", "interior", "finance", "police", "army", "opposition",
    "colonel", "major", "lieutenant", "sergeant", "captain", "brigadier", "corporal", "commissioner", "energy",
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
    acronym_only: bool = False  # an untagged capitals-only token: kept only if it expands
    qualifier: str | None = None  # "Russia" in "Russia's Foreign Ministry": whose institution it is
    expands: str | None = None  # the full name an acronym is defined as, "(ELN)" after it


@dataclass
class Entity:
    entity_id: str
    canonical_name: str
    label: str
    country_code: str | None
    lat: float | None = None
    lon: float | None = None


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


# Institutions every country has one of: named with their country ("Russian Defense Ministry").
GENERIC_INSTITUTION = re.compile(
    r"^(?:(?:Foreign|Defen[cs]e|Interior|Justice|Finance|Commerce|Trade|Economy|Health|Energy|Information|"
    r"Home|Public|Agriculture|Culture|Education|Emergencies|Emergency Situations)\s+Ministry|"
    r"Ministry of (?:Foreign Affairs|Defen[cs]e|the Interior|Interior|Justice|Finance|Commerce|Trade|Health|Energy)|"
    r"Foreign Office|Congress|Parliament|Supreme Court|Constitutional Court|Defen[cs]e Forces|Armed Forces|Coast Guard)$"
)
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
    ent_ending_at = {ent.end: ent.text for ent in doc.ents if ent.label_ in ("GPE", "NORP", "LOC")}
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS or _is_title_portfolio(doc, ent):
            continue
        start, end = ent.start, ent.end
        if ent.label_ == "PERSON":
            start = _widen_person(doc, start, end)
            # A title caught inside the span ("President Biden") is not part of the name.
            while start < end - 1 and doc[start].lower_ in TITLE_WORDS:
                start += 1
        # "Landlocked Mali": a sentence-initial adjective capitalised by position is not part
        # of the name (unless the alias table named the whole span: "Islamic State").
        while not ent.ent_id_ and start < end - 1 and doc[start].is_sent_start and doc[start].pos_ in ("ADJ", "ADV", "VERB", "DET"):
            start += 1
        if ent.label_ in ("GPE", "ORG", "FAC", "LOC") and start > 0 and doc[start - 1].lower_ == "the" and doc[start - 1].ent_type_ == "":
            start -= 1  # "the United States" whether the model or the alias ruler found it
        span = doc[start:end]
        if not name_key(span.text):
            continue
        # Whose institution: the entity right before it ("South Sudan's Foreign Ministry",
        # "Chinese" tagged apart from "Commerce Ministry").
        qualifier = ent_ending_at.get(start)  # (the tagger may keep the "'s" in the entity)
        if qualifier is None and start >= 1 and doc[start - 1].tag_ == "POS":
            qualifier = ent_ending_at.get(start - 1)
        mentions.append(
            Mention(
                start_char=span.start_char,
                end_char=span.end_char,
                text=span.text,
                label=ent.label_,
                sentence_index=sentence_of[start],
                start_token=start,
                end_token=end,
                qualifier=qualifier,
            )
        )
    # Acronyms the tagger missed ("accused the TPLF"): kept when the resolver can
    # expand them from a full name in the same article, dropped otherwise.
    for token in doc:
        if token.ent_type_ == "" and token.pos_ == "PROPN" and token.is_alpha and token.is_upper and 2 < len(token) <= 6:
            mentions.append(Mention(token.idx, token.idx + len(token), token.text, "ORG", sentence_of[token.i], token.i, token.i + 1, acronym_only=True))
    # "Washington congratulated Garrido": a surname the tagger missed, after the full name.
    surnames = {doc[m.end_token - 1].text for m in mentions if m.label == "PERSON" and m.end_token - m.start_token > 1}
    covered = {i for m in mentions for i in range(m.start_token, m.end_token)}
    for token in doc:
        if token.i not in covered and token.ent_type_ == "" and token.pos_ == "PROPN" and token.text in surnames:
            mentions.append(Mention(token.idx, token.idx + len(token), token.text, "PERSON", sentence_of[token.i], token.i, token.i + 1))
    # "the National Liberation Army (ELN)": an acronym defined in parentheses, whatever its letters.
    by_start = {m.start_token: m for m in mentions}
    for m in mentions:
        e = m.end_token
        if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")" and doc[e + 1].is_upper and doc[e + 1].is_alpha:
            acronym = by_start.get(e + 1)
            if acronym is not None and acronym is not m:
                acronym.expands = name_key(m.text)
    return sorted(mentions, key=lambda m: m.start_token)


def _shorter_form_of(short: list[str], long: list[str]) -> bool:
    n = len(short)
    return n < len(long) and (long[-n:] == short or long[:n] == short)


@lru_cache(maxsize=4)
def load_nationalities(path: Path) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as fh:
        return {row["nationality"]: row["country"] for row in csv.DictReader(fh)}


class EntityResolver:
    """Names -> entities: alias table, gazetteer attributes, nationality and government links."""

    def __init__(self, reference_dir: Path):
        from pipeline.nlp.gazetteer import load_gazetteer

        self.aliases = load_aliases(reference_dir / "entity_aliases.csv")
        self.nationalities = load_nationalities(reference_dir / "nationalities.csv")
        self.gazetteer = load_gazetteer(reference_dir)
        # The adjective of each country: the first word listed for it that is no plural
        # ("Russian", not "Russians"), else the first word ("Seychellois").
        self.demonyms: dict[str, str] = {}
        for word, country in self.nationalities.items():
            if not word.endswith("s") or word.endswith(("ss", "ese", "ois")):
                self.demonyms.setdefault(country, word)
        for word, country in self.nationalities.items():
            self.demonyms.setdefault(country, word)

    def entity(self, canonical: str, label: str, country_code: str | None = None) -> Entity:
        """The entity for a canonical name, with country code and coordinates where known."""
        lat = lon = None
        if label in ("GPE", "LOC", "FAC"):
            place = self.gazetteer.place(canonical)
            # A same-named town elsewhere is not this place ("Palestine", Texas).
            if place is not None and country_code in (None, place.country_code):
                country_code = place.country_code
                lat, lon = place.lat, place.lon
        elif label == "NORP":
            country = self.gazetteer.country(self.nationalities.get(canonical, ""))
            if country is not None:
                country_code = country.country_code
        return Entity(entity_id(label, canonical), canonical, label, country_code, lat, lon)

    def named(self, name: str, default_label: str) -> Entity:
        """An entity for a bare name, through the alias table when listed."""
        alias = self.aliases.get(name)
        if alias is not None:
            return self.entity(alias.canonical_name, alias.label, alias.country_code)
        return self.entity(name, default_label)

    def as_actor(self, entity: Entity) -> Entity | None:
        """The entity that can act in an event: a person, an organisation or a country.

        Nationality words stand for their country ("Russian troops"), capitals and
        seats of power for their government ("Moscow", "the Kremlin"); other places
        (cities, regions) are locations, never actors.
        """
        country = self.nationalities.get(entity.canonical_name)
        if country is not None:  # "Kazakh police", whatever label spaCy gave the word
            return self.named(country, "GPE")
        if entity.label == "NORP":
            return None
        government = self.gazetteer.government_of(entity.canonical_name)
        if government is not None and entity.label in ("GPE", "LOC", "FAC", "ORG"):
            return self.named(government, "GPE")
        if entity.label == "GPE":
            place = self.gazetteer.place(entity.canonical_name)
            return entity if place is not None and place.kind == "country" else None
        if entity.label in ("PERSON", "ORG"):
            return entity
        return None

    def _trim_nationality(self, m: Mention) -> None:
        """"Russian Su-24", "Ukrainian navy": the nationality word is the name; the rest is not."""
        words = m.text.split()
        if len(words) < 2 or words[0] not in self.nationalities or m.text in self.aliases or "-" in words[0]:
            return  # ("Bissau-Guinean" is several tokens: the span could not be cut at the word)
        # "Mi-24", "F-16": a model designation is not a name.
        rest_is_name = any(w[:1].isupper() and w[:1].isalpha() and not any(c.isdigit() for c in w) for w in words[1:])
        if m.label == "NORP" or (m.label in ("ORG", "PRODUCT") and not rest_is_name and not GENERIC_INSTITUTION.match(" ".join(words[1:]))):
            m.text, m.label = words[0], "NORP"
            m.end_token, m.end_char = m.start_token + 1, m.start_char + len(words[0])

    def _qualify_institutions(self, mentions: list[Mention], keys: dict[int, str]) -> None:
        """"Defense Ministry", "Congress": one per country, so the name carries whose it is
        ("Russian Defense Ministry") when the text says so: "Russia's" or "Russian" right
        before it, or, for a mention without one, every qualified mention of the same name
        in the article agreeing on one country. Otherwise it stays as written."""
        qualified: dict[str, set[str]] = {}
        bare = []
        for m_i, m in enumerate(mentions):
            key = keys[m_i]
            if m.label != "ORG" or not GENERIC_INSTITUTION.match(key):
                continue
            country = None
            if m.qualifier:
                country = self.nationalities.get(m.qualifier) or self.named(name_key(m.qualifier), "GPE").canonical_name
            if country in self.demonyms:
                keys[m_i] = f"{self.demonyms[country]} {key}"
                qualified.setdefault(key, set()).add(keys[m_i])
            else:
                bare.append(m_i)
        for m_i in bare:
            names = qualified.get(keys[m_i], set())
            if len(names) == 1:
                keys[m_i] = next(iter(names))

    def _known(self, name: str) -> bool:
        return name in self.aliases or self.gazetteer.country(name) is not None

    def _key(self, text: str) -> str:
        key = name_key(text)
        words = key.split()
        if len(words) > 1 and not self._known(key) and self._known(" ".join(words[1:])):
            # "Landlocked Mali": a sentence-initial word capitalised by position.
            key = " ".join(words[1:])
        # Datelines shout ("ALMATY, Kazakhstan —"): a capitals-only place name the gazetteer
        # knows in title case is that place; acronyms ("NATO", "ECOWAS") are left alone.
        if key.isupper() and len(key) > 3 and key not in self.aliases and self.gazetteer.place(key.title()) is not None:
            return key.title()
        return key

    def resolve(self, mentions: list[Mention]) -> dict[str, Entity]:
        """Assign mention.entity_id for every mention; return the article's entities by id.

        Untagged acronyms that expand to nothing are removed from `mentions`."""
        for m in mentions:
            self._trim_nationality(m)
        keys = {m_i: self._key(m.text) for m_i, m in enumerate(mentions)}
        self._qualify_institutions(mentions, keys)
        # Within the article: a short form goes to the one longer personal name that
        # starts or ends with it. Only personal names have short forms here ("Europe"
        # is not "Eastern Europe"); organisations go through the alias table.
        names = sorted(set(keys.values()), key=lambda k: (-len(k.split()), k))
        nationality = {keys[m_i] for m_i, m in enumerate(mentions) if m.label == "NORP"}  # institutions only are requalified
        person_names = {keys[m_i] for m_i, m in enumerate(mentions) if m.label == "PERSON"}
        representative: dict[str, str] = {}
        # "Tigray People's Liberation Front (TPLF)", "ECOWAS": an acronym of a longer name in the article.
        acronyms: dict[str, set[str]] = {}
        for m in mentions:
            if m.expands:
                acronyms.setdefault(name_key(m.text), set()).add(m.expands)
        defined = set(acronyms)
        for name in names:
            words = name.replace("'s", "").split()
            if len(words) > 1:
                for initials in ("".join(w[0] for w in words if w[0].isupper()), "".join(w[0].upper() for w in words if w.lower() not in ("the", "and"))):
                    if initials not in defined:
                        acronyms.setdefault(initials, set()).add(name)
        for name in names:
            longer_names = acronyms.get(name, set()) if name.isupper() and len(name) > 1 else set()
            if len(longer_names) == 1:
                representative[name] = next(iter(longer_names))
                continue
            tokens = name.split()
            longer = {
                representative[other]
                for other in names
                if (other in person_names or name in person_names) and name not in nationality and other not in nationality
                and _shorter_form_of(tokens, other.split())
            }
            representative[name] = longer.pop() if len(longer) == 1 else name

        clusters: dict[str, list[int]] = {}
        for m_i, key in keys.items():
            if mentions[m_i].acronym_only and (representative[key] == key and key not in self.aliases):
                continue  # not an acronym of anything named here
            clusters.setdefault(representative[key], []).append(m_i)

        entities: dict[str, Entity] = {}
        for rep, members in clusters.items():
            alias = self.aliases.get(rep)
            if alias is None:
                # Any member form may be the listed alias ("US" and "the United States").
                for m_i in sorted(members, key=lambda i: -len(keys[i])):
                    alias = self.aliases.get(keys[m_i])
                    if alias:
                        break
            if alias is not None:
                entity = self.entity(alias.canonical_name, alias.label, alias.country_code)
            else:
                votes = Counter(mentions[m_i].label for m_i in members)
                longest = max(members, key=lambda i: (len(keys[i]), -i))
                top = max(votes.values())
                tied = sorted(label for label, count in votes.items() if count == top)
                label = mentions[longest].label if mentions[longest].label in tied else tied[0]
                if label == "PERSON" and " " not in rep and (self.gazetteer.country(rep) or self.gazetteer.government_of(rep)):
                    label = "GPE"  # "Kyiv would not accept": a capital, not a person
                entity = self.entity(rep, label)
            entities.setdefault(entity.entity_id, entity)
            for m_i in members:
                mentions[m_i].entity_id = entity.entity_id
        mentions[:] = [m for m in mentions if m.entity_id is not None]
        return entities
