"""PLOVER-typed events from trigger words (seeds/event_lexicon.csv) and the parse.

For each trigger in a sentence: the actor is the grammatical subject (or the
agent of a passive, the possessor or "by" phrase of a noun trigger, the subject
of a light verb: "impose sanctions"), the recipient the object or the
"with/to/against/on" phrase; both must be named entities. Symmetric triggers
("Biden and Putin will speak") take actor and recipient from a conjoined
subject. Nationality words stand for their country ("Russian troops" -> Russia).
The mode comes from negation, modal verbs and conditional clauses; the date from
a date expression attached to the trigger, resolved against the reference date.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from pipeline.nlp.dates import resolve_date
from pipeline.nlp.entities import Entity, EntityResolver, Mention

FUTURE_AUX = {"will", "shall", "'ll", "wo"}
HYPOTHETICAL_AUX = {"could", "would", "might", "may", "should", "can", "must"}
OBJECT_CONTROL_VERBS = {"urge", "ask", "accuse", "press", "force", "allow", "persuade", "encourage", "order", "call", "invite", "blame", "warn", "tell"}
SPEECH_ACTS = {"warn", "threaten", "demand", "urge", "ask", "accuse", "insist", "vow"}
REPORTING_VERBS = {"say", "tell", "add", "announce", "state", "confirm", "report", "write", "declare"}
FRAME_PREPS = {"despite", "amid", "after", "before", "ahead", "following", "since", "during", "unlike", "like"}
CONDITIONAL_MARKS = {"if", "unless", "whether", "until"}
FUTURE_GOVERNORS = {"due", "plan", "schedule", "set", "expect", "intend", "prepare", "aim", "hope", "seek", "want", "agree", "decide", "promise", "vow", "pledge"}
REQUEST_GOVERNORS = {"demand", "urge", "ask", "request", "call", "want", "insist", "propose", "suggest", "press", "push"}
HYPOTHETICAL_GOVERNORS = {"consider", "threaten", "weigh", "mull", "propose", "offer"}
LIGHT_VERBS = {
    "impose", "hold", "launch", "begin", "start", "conduct", "announce", "make", "issue", "stage", "carry",
    "order", "deliver", "provide", "send", "continue", "resume", "plan", "lead", "mount", "step", "have",
    "supply", "ship", "give", "offer", "approve", "slap", "extend", "expand", "tighten", "dispatch", "fly",
    "fire", "test", "open", "take", "declare", "file", "exchange", "call",
}
RECIPIENT_PREPS = {"with", "to", "against", "on", "toward", "towards", "at", "into", "upon", "near", "along"}
# "refused to send weapons": the refusal is the event, not the sending.
REFUSAL_VERBS = {"refuse", "decline", "reject", "deny"}
LOCATION_PREPS = {"in", "at", "near", "outside", "inside"}
# "spoke with the President of Ukraine": a role noun names the person who holds it in the article.
# Types whose target is often left to the context: "the United States will impose sanctions" (on whom?).
TARGETED_TYPES = {"SANCTION"}
# What a condemned noun refers back to: "condemned the attack" -> the last ASSAULT's doer.
CONDEMNED_ACTS = {
    "attack": {"ASSAULT"}, "strike": {"ASSAULT"}, "assault": {"ASSAULT"}, "invasion": {"ASSAULT"},
    "bombing": {"ASSAULT"}, "killing": {"ASSAULT"}, "launch": {"MOBILIZE"}, "test": {"MOBILIZE"},
    "buildup": {"MOBILIZE"}, "deployment": {"MOBILIZE"}, "sanction": {"SANCTION"}, "measure": {"SANCTION", "COERCE"},
    "arrest": {"COERCE"}, "detention": {"COERCE"}, "crackdown": {"COERCE"}, "decision": {"REJECT", "SANCTION", "COERCE"},
}
LAUNCH_VERBS = {"fire", "launch", "test"}
PARTICIPATION_VERBS = {"involve", "engage", "participate", "take", "join"}
# Triggers that name an event only with a named recipient: "could leave Kazakhstan" (not "left for talks").
NEEDS_RECIPIENT = {"leave", "close"}
PERSONAL_PRONOUNS = {"he", "she", "him", "her"}
# Yielding, negated, is refusing: "would not back down" is REJECT.
YIELDING_TRIGGERS = {"back", "give", "concede", "yield", "budge", "compromise"}
# A warning is a threat only when someone is warned: "warned that Bosnia faced its gravest crisis" is not.
WARNING_TRIGGERS = {"warn", "warning"}
GROUP_NOUNS = {"alliance", "bloc", "association", "organization", "organisation", "union", "committee", "council", "group", "movement", "coalition"}
ROLE_NOUNS = {"president", "minister", "chancellor", "secretary", "leader", "premier", "king", "spokesman", "spokeswoman"}


@dataclass(frozen=True)
class Trigger:
    event_type: str
    symmetric: bool
    # Only an event as the object of a light verb: "sent weapons to Ukraine" is AID,
    # "Russia's weapons" is not.
    needs_light_verb: bool = False


@dataclass
class Event:
    event_id: str
    article_id: str
    sentence_index: int
    start_char: int
    end_char: int
    event_type: str
    quad_class: str
    trigger: str
    actor_entity_id: str | None
    actor_text: str | None
    recipient_entity_id: str | None
    recipient_text: str | None
    location_entity_id: str | None
    event_date: date | None
    date_text: str | None
    mode: str
    confidence: float
    sentence: str


@dataclass
class RuleReading:
    event_type: str
    actor: tuple[str, str] | None = None
    recipient: tuple[str, str] | None = None
    mode: str | None = None
    dropped: str | None = None  # why the rules emit no event here


@lru_cache(maxsize=4)
def load_lexicon(path: Path) -> dict[tuple[str, str], Trigger]:
    lexicon = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            lexicon[(row["trigger"].strip().lower(), row["pos"].strip())] = Trigger(
                row["event_type"].strip(), row["symmetric"].strip() == "yes", (row.get("needs_light_verb") or "").strip() == "yes"
            )
    return lexicon


@lru_cache(maxsize=4)
def load_quad_classes(path: Path) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as fh:
        return {row["event_type"]: row["quad_class"] for row in csv.DictReader(fh)}


def one_event_per_happening(events: list[Event]) -> list[Event]:
    """Repeated mentions of one happening in an article become one event: the most
    confident mention stands for it (the first, on a tie)."""
    best: dict[tuple, int] = {}
    for i, e in enumerate(events):
        key = (e.event_type, e.actor_entity_id, e.recipient_entity_id, e.event_date, e.mode)
        if key not in best or e.confidence > events[best[key]].confidence:
            best[key] = i
    return _merge_mentions_of_one_happening([events[i] for i in sorted(best.values())])


def _merge_mentions_of_one_happening(events: list[Event]) -> list[Event]:
    """"Russia's buildup" and, later, "Russia's buildup on Ukraine's border" are one
    happening: an event without a recipient is dropped when the article has the same
    type, actor, mode and date with a recipient."""
    def same(e):  # the same trigger word: "buildup" twice, not "push for" and "requesting"
        return (e.event_type, e.actor_entity_id, e.mode, e.event_date, e.trigger.lower())

    specific = {same(e) for e in events if e.recipient_entity_id}
    kept = [e for e in events if e.recipient_entity_id or same(e) not in specific]
    # "will travel to Kyiv on Wednesday to meet Zelensky": one happening per sentence,
    # the one with a recipient, dated by its sibling when it has no date of its own.
    with_recipient = {}
    for e in kept:
        if e.recipient_entity_id:
            with_recipient.setdefault((e.event_type, e.actor_entity_id, e.mode, e.sentence_index), e)
    merged = []
    for e in kept:
        partner = with_recipient.get((e.event_type, e.actor_entity_id, e.mode, e.sentence_index))
        if e.recipient_entity_id is None and partner is not None:
            if partner.date_text is None and e.date_text is not None:
                partner.date_text, partner.event_date = e.date_text, e.event_date
            continue
        merged.append(e)
    kept = merged
    # "imposed sanctions on Mali on Sunday ..., freezing Malian assets": an undated
    # mention of the same type, actor, recipient and mode is the dated happening.
    dated = {(e.event_type, e.actor_entity_id, e.recipient_entity_id, e.mode) for e in kept if e.date_text}
    return [e for e in kept if e.date_text or (e.event_type, e.actor_entity_id, e.recipient_entity_id, e.mode) not in dated]


class EventExtractor:
    def __init__(self, reference_dir: Path, resolver: EntityResolver):
        self.lexicon = load_lexicon(reference_dir / "event_lexicon.csv")
        self.quad_classes = load_quad_classes(reference_dir / "plover_event_types.csv")
        self.resolver = resolver
        unknown = {t.event_type for t in self.lexicon.values()} - set(self.quad_classes)
        if unknown:
            raise ValueError(f"event_lexicon.csv uses event types missing from plover_event_types.csv: {sorted(unknown)}")

    # -- entity lookup -------------------------------------------------------------

    def _participant(self, token, mention_at, entities, exclude: str | None = None) -> tuple[str, str] | None:
        """(entity_id, surface text) of the actor-capable entity a token names, if any."""
        # The person in apposition names the actor better than their office:
        # "Iran's armed forces chief, Major General Mohammad Bagheri, warned".
        appositives = [c for c in token.children if c.dep_ == "appos"]
        modifiers = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod", "poss")]
        # "Negotiators from Iran", "Troops of the CSTO": a group named by its origin.
        origins = [
            g for c in token.children if c.dep_ == "prep" and c.lower_ in ("from", "of") and token.pos_ == "NOUN"
            for g in c.children if g.dep_ == "pobj"
        ]
        origins += [m for g in origins for m in g.children if m.dep_ in ("nmod", "compound", "amod")]
        candidates = [token, *appositives, *modifiers, *origins]
        for candidate in candidates:
            mention: Mention | None = mention_at.get(candidate.i)
            if mention is None or mention.entity_id is None:
                continue
            actor = self.resolver.as_actor(entities[mention.entity_id])
            if actor is None:
                continue
            entities.setdefault(actor.entity_id, actor)
            if actor.entity_id != mention.entity_id:
                # "Russian troops", "Moscow": keep the words that stood for the actor.
                return actor.entity_id, token.doc[min(candidate.i, token.i): max(candidate.i, token.i) + 1].text
            return actor.entity_id, mention.text
        if token.lower_ in PERSONAL_PRONOUNS or (token.lower_ in ("it", "its") and token.dep_ in ("nsubj", "nsubjpass", "poss")):
            return self._antecedent(token, entities, exclude)
        if token.lemma_ in GROUP_NOUNS and any(c.lower_ == "the" for c in token.children) and token.dep_ in ("nsubj", "nsubjpass", "pobj"):
            # "The alliance agreed", "the bloc was ready": the organisation just named.
            return self._antecedent(token, entities, exclude)
        if token.lower_ in ROLE_NOUNS and token.i not in mention_at and any(
            c.dep_ == "prep" and c.lower_ == "of" for c in token.children
        ):
            return self._role_holder(token, exclude)
        return None

    def _antecedent(self, pronoun, entities, exclude: str | None) -> tuple[str, str] | None:
        """"He insisted ...": the last person (for he/she) or actor-capable organisation or
        country (for it) named as a subject in this or the previous sentence."""
        sentence_start = pronoun.sent.start
        previous_start = pronoun.doc[sentence_start - 1].sent.start if sentence_start > 0 else sentence_start
        group = pronoun.lemma_ in GROUP_NOUNS
        wanted = ("PERSON",) if pronoun.lower_ in PERSONAL_PRONOUNS else ("ORG",) if group else ("ORG", "GPE")
        window = [
            m for m in self._sorted_mentions
            if previous_start <= m.start_token < pronoun.i and m.entity_id is not None and entities[m.entity_id].label in wanted
        ]
        # "the committee": an organisation named "... Committee" comes first.
        named_alike = [m for m in window if pronoun.lemma_ in GROUP_NOUNS and pronoun.lower_ in m.text.lower()]
        # Subjects first ("Kuleba said Kyiv would ... He accused"), then any mention; latest first.
        subjects = named_alike or [m for m in window if group or pronoun.doc[m.end_token - 1].dep_ in ("nsubj", "nsubjpass")]
        pool = subjects or ([] if wanted != ("PERSON",) else window)
        if not pool:
            return None
        actor = self.resolver.as_actor(entities[pool[-1].entity_id])  # the latest only
        if actor is None or actor.entity_id == exclude:
            return None
        entities.setdefault(actor.entity_id, actor)
        return actor.entity_id, pronoun.text

    def _role_holder(self, token, exclude: str | None) -> tuple[str, str] | None:
        """The person the article names with this title ("President Volodymyr Zelensky"), nearest first."""
        doc = token.doc
        sentence_of_token = token.sent.start
        best = None
        for m in self._sorted_mentions:
            if m.label != "PERSON" or m.entity_id is None or m.entity_id == exclude or m.start_token == 0:
                continue
            if doc[m.start_token - 1].lower_ != token.lower_:
                continue
            distance = abs(doc[m.start_token].sent.start - sentence_of_token)
            key = (distance, m.start_token < token.i, m.start_token)
            if best is None or key < best[0]:
                best = (key, m)
        if best is None or best[0][0] > 400:  # ~ the same passage, not anywhere in a long article
            return None
        return best[1].entity_id, token.doc[token.left_edge.i: token.right_edge.i + 1].text

    @staticmethod
    def _subject(verb, depth: int = 0):
        """(subject token, is_passive) of a verb, inherited through xcomp/conj/advcl chains."""
        for child in verb.children:
            if child.dep_ in ("nsubj", "csubj"):
                return child, False
            if child.dep_ == "nsubjpass":
                return child, True
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            return verb.head, True  # "Guinea, suspended from the bloc": the noun undergoes it
        controller = verb.head if verb.dep_ == "xcomp" else verb.head.head if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" else None
        if controller is not None and controller.lemma_ in OBJECT_CONTROL_VERBS:
            # "urged Myanmar to free prisoners", "accused the ELN of killing civilians":
            # the one urged or accused is the subject of what follows.
            objects = [c for c in controller.children if c.dep_ in ("dobj", "dative")]
            if objects:
                return objects[-1], False
        if depth < 3 and verb.dep_ in ("xcomp", "conj", "advcl", "acl", "relcl", "pcomp", "acomp") and verb.head.i != verb.i:
            head = verb.head
            if head.pos_ == "ADP" and head.head.i != head.i:
                head = head.head  # "had no intention of attacking": of -> intention
            if head.pos_ in ("NOUN", "PROPN") and head.head.i != head.i:
                head = head.head
            if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
                return verb.head, False
            subject, passive = EventExtractor._subject(head, depth + 1)
            # "Lajcak is expected to meet Kurti": the raised subject acts in the infinitive.
            return subject, passive and verb.dep_ not in ("xcomp", "acomp")
        return None, False

    def _phrasal(self, verb) -> Trigger | None:
        """"give in", "pull back", "step down": a verb with its particle."""
        for child in verb.children:
            if child.dep_ == "prt":
                found = self.lexicon.get((f"{verb.lemma_.lower()} {child.lower_}", "VERB"))
                if found is not None:
                    return found
        return None

    @staticmethod
    def _light_verb(noun):
        """The light verb a noun trigger is the object of: "impose sanctions",
        "supplying Ukraine with weapons", "provide Ukraine with millions in aid"."""
        node = noun
        if node.dep_ in ("dobj", "nsubjpass"):
            verb = node.head
            return verb if verb.lemma_ in LIGHT_VERBS and not any(c.dep_ == "prt" for c in verb.children) else None
        for _ in range(4):
            if node.dep_ not in ("pobj", "prep", "dobj"):
                return None
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                return node if node.lemma_ in LIGHT_VERBS and not any(c.dep_ == "prt" for c in node.children) else None
        return None

    @staticmethod
    def _under_refusal(token) -> bool:
        node = token
        for _ in range(3):
            if node.dep_ in ("dobj", "pobj", "prep"):
                node = node.head
                continue
            if node.dep_ == "xcomp" and node.head.lemma_ in REFUSAL_VERBS:
                return True
            break
        return False

    @staticmethod
    def _conjuncts(token):
        return [c for c in token.children if c.dep_ == "conj"]

    # -- mode and date ------------------------------------------------------------

    @staticmethod
    def _mode(trigger) -> str:
        chain = [trigger]
        node = trigger
        # Climb to the governing verbs ("plans to impose sanctions", "talks scheduled
        # for"), but not out of a reported clause: "did not know why Putin was
        # requesting" does not negate the request.
        framed_at = None
        while node.dep_ in ("xcomp", "dobj", "pobj", "prep", "pcomp", "conj", "nsubj", "nsubjpass", "attr") and node.head.i != node.i and len(chain) < 6:
            if node.dep_ == "prep" and node.head.pos_ in ("NOUN", "PROPN") and chain[-2].dep_ == "pobj":
                break  # "talks aimed at defusing the crisis over Russia's buildup": the buildup is not aimed at
            if node.dep_ == "prep" and node.lower_ in FRAME_PREPS and framed_at is None:
                # "Despite a warning from Biden ..., an invasion would face": beyond a framing
                # preposition only the future carries over ("will go ... before holding talks").
                framed_at = len(chain)
            node = node.head
            chain.append(node)
        framing = chain[framed_at:] if framed_at is not None else []
        chain = chain[:framed_at] if framed_at is not None else chain
        # "will travel to Kyiv to meet Zelensky": a purpose clause takes its main verb's tense.
        while node.dep_ == "advcl" and any(k.dep_ == "aux" and k.lower_ == "to" for k in node.children) and len(chain) < 7:
            node = node.head
            chain.append(node)
        if node.dep_ in ("ccomp", "xcomp") and node.head.lemma_ in REQUEST_GOVERNORS and node.i != trigger.i or (
            trigger.dep_ in ("ccomp", "xcomp") and trigger.head.lemma_ in REQUEST_GOVERNORS
        ):
            return "hypothetical"  # what is demanded has not happened: "demanding that NATO deny ...", "urged Myanmar to free"
        for node in chain:
            kids = list(node.children)
            if any(k.dep_ == "neg" for k in kids) or any(k.lower_ in ("no", "never") and k.dep_ in ("det", "advmod") for k in kids):
                return "negated"
        for node in chain:
            kids = list(node.children)
            if any(k.dep_ == "mark" and k.lower_ in CONDITIONAL_MARKS for k in kids):
                return "hypothetical"
            if node.dep_ == "advcl" and any(k.lower_ in CONDITIONAL_MARKS for k in node.children):
                return "hypothetical"
            if any(k.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in k.children) for k in kids):
                if node.i == trigger.i and trigger.lemma_ in SPEECH_ACTS:
                    continue  # "warned of a reaction if Washington ...": the warning was made
                return "hypothetical"  # the consequent of a condition: "would impose sanctions if it attacked"
            aux = {k.lower_ for k in kids if k.dep_ in ("aux", "auxpass")}
            clause = node.head if node.dep_ == "conj" else node  # "said the leaders would meet ... and that the EU would fund"
            if "would" in aux and clause.dep_ == "ccomp" and clause.head.lemma_ in REPORTING_VERBS:
                return "future"  # "NATO said it would sign": the future of a past statement
            if aux & HYPOTHETICAL_AUX:
                return "hypothetical"
            if aux & FUTURE_AUX or (node.lemma_ == "go" and any(k.dep_ == "xcomp" for k in kids) and node.i != trigger.i):
                return "future"
            if node.i != trigger.i and node.lemma_ in HYPOTHETICAL_GOVERNORS:
                return "hypothetical"
            if node.i != trigger.i and node.lemma_ in FUTURE_GOVERNORS:
                return "future"
            if node.pos_ == "NOUN" and any(k.dep_ in ("acl", "amod") and k.lemma_ in ("schedule", "plan", "upcoming", "expect", "propose") for k in kids):
                return "future"
        for node in framing:
            if {k.lower_ for k in node.children if k.dep_ == "aux"} & FUTURE_AUX:
                return "future"
        return "asserted"

    @staticmethod
    def _own_mode(trigger) -> str:
        """The mode of the trigger's own clause only: a refusal is a fact even when
        what was refused is conditional ("refused to negotiate until ...")."""
        kids = list(trigger.children)
        if trigger.dep_ == "ccomp" and trigger.head.lemma_ in REQUEST_GOVERNORS:
            return "hypothetical"  # "demanding that NATO deny ..."
        if any(k.dep_ == "neg" for k in kids):
            return "negated"
        aux = {k.lower_ for k in kids if k.dep_ in ("aux", "auxpass")}
        if aux & HYPOTHETICAL_AUX:
            return "hypothetical"
        if aux & FUTURE_AUX:
            return "future"
        return "asserted"

    def _conditional_subject(self, trigger, mention_at, entities, actor_id):
        """"warned of a reaction if Washington kept up its policy": the one warned."""
        for node in trigger.subtree:
            if node.dep_ == "advcl" and any(k.dep_ == "mark" and k.lower_ in ("if", "unless") for k in node.children):
                subject, _ = self._subject(node)
                found = self._participant(subject, mention_at, entities, exclude=actor_id) if subject is not None else None
                if found:
                    return found
        return None

    @staticmethod
    def _date_span(trigger, sentence):
        """The DATE entity attached to the trigger (or to its clause head)."""
        heads = {trigger.i}
        if trigger.pos_ == "NOUN" and trigger.head.i != trigger.i:
            heads.add(trigger.head.i)
        best = None
        for ent in sentence.ents:
            if ent.label_ != "DATE":
                continue
            node, steps = ent.root, 0
            while node.head.i != node.i and node.i not in heads and steps < 4:
                node, steps = node.head, steps + 1
            if node.i in heads and (best is None or steps < best[0]):
                best = (steps, ent)
        return best[1] if best else None

    # -- extraction ---------------------------------------------------------------

    def trigger_sites(self, doc):
        """Every token the lexicon names as a trigger: (sentence_index, sentence, token, pos, Trigger)."""
        for sentence_index, sentence in enumerate(doc.sents):
            for token in sentence:
                pos = "VERB" if token.pos_ in ("VERB", "AUX") else "NOUN" if token.pos_ == "NOUN" else None
                if token.pos_ == "ADJ" and token.dep_ == "acomp" and token.lower_.endswith("ed"):
                    pos = "VERB"  # "troops remain massed near the border": a participle tagged as adjective
                trigger = self._phrasal(token) if pos == "VERB" else None
                if trigger is None:
                    trigger = self.lexicon.get((token.lemma_.lower(), pos)) if pos else None
                if trigger is None and pos == "VERB" and token.pos_ == "ADJ":
                    trigger = self.lexicon.get((token.lower_[:-2], pos)) or self.lexicon.get((token.lower_[:-1], pos))
                if trigger is not None:
                    yield sentence_index, sentence, token, pos, trigger

    def index_mentions(self, mentions: list[Mention]) -> dict[int, Mention]:
        self._sorted_mentions = sorted(mentions, key=lambda m: m.start_token)
        mention_at = {}
        for m in mentions:
            for i in range(m.start_token, m.end_token):
                mention_at[i] = m
        return mention_at

    def analyse(self, token, pos, trigger, mention_at, entities, readings_so_far) -> RuleReading:
        """What the rules read at one trigger: type, actor, recipient, mode, or why they drop it."""
        reading = RuleReading(trigger.event_type)
        if trigger.needs_light_verb:
            verb = self._light_verb(token)
            if verb is None:
                reading.dropped = "no_light_verb"
                return reading
            if verb.lemma_ in LAUNCH_VERBS and trigger.event_type == "AID":
                trigger = Trigger("MOBILIZE", False, True)  # "fired two missiles": a weapons test, not aid
                reading.event_type = "MOBILIZE"
        if self._under_refusal(token):
            reading.dropped = "under_refusal"
            return reading
        if pos == "VERB" and token.dep_ == "acl" and token.tag_ == "VBG" and trigger.symmetric:
            reading.dropped = "background"  # "ministers meeting in Brest pledged ...": not the reported event
            return reading
        actor, recipient = self._participants(token, pos, trigger, mention_at, entities)
        reading.actor, reading.recipient = actor, recipient
        if actor is None:
            reading.dropped = "no_actor"
            return reading
        if recipient is not None and recipient[0] == actor[0]:
            reading.dropped = "self_directed"
            return reading
        mode = self._mode(token) if token.lemma_ not in REFUSAL_VERBS else self._own_mode(token)
        if trigger.event_type == "CONCEDE" and mode == "negated" and token.lemma_ in YIELDING_TRIGGERS:
            reading.event_type, mode = "REJECT", "asserted"
        reading.mode = mode
        if token.lemma_ in NEEDS_RECIPIENT and recipient is None:
            reading.dropped = "needs_recipient"
            return reading
        if recipient is None and trigger.event_type == "ACCUSE" and pos == "VERB":
            recipient = self._condemned_doer(token, readings_so_far, actor[0])
        if token.lemma_ in WARNING_TRIGGERS and recipient is None:
            recipient = self._conditional_subject(token, mention_at, entities, actor[0])
            if recipient is None:
                reading.dropped = "warning_without_warned"
                return reading
        reading.recipient = recipient
        return reading

    def make_event(self, article_id, sentence_index, sentence, token, pos, event_type, actor, recipient, mode, mention_at, entities, reference, confidence=None) -> Event:
        date_ent = self._date_span(token, sentence)
        event_date = None
        if date_ent is not None:
            event_date = resolve_date(date_ent.text, reference, "future" if mode == "future" else "past")
        if event_date is None and mode in ("asserted", "negated"):
            # An undated report of a past happening: the article's own date, as GDELT does.
            event_date = reference
        if confidence is None:
            confidence = 0.5 + (0.3 if recipient else 0.0) + (0.1 if pos == "VERB" else 0.0) + (0.1 if date_ent is not None else 0.0)
        return Event(
            event_id=hashlib.sha256(f"{article_id}|{token.idx}|{event_type}".encode()).hexdigest()[:16],
            article_id=article_id,
            sentence_index=sentence_index,
            start_char=sentence.start_char,
            end_char=sentence.end_char,
            event_type=event_type,
            quad_class=self.quad_classes[event_type],
            trigger=token.text,
            actor_entity_id=actor[0],
            actor_text=actor[1],
            recipient_entity_id=recipient[0] if recipient else None,
            recipient_text=recipient[1] if recipient else None,
            location_entity_id=self._location(token, mention_at, entities),
            event_date=event_date,
            date_text=date_ent.text if date_ent is not None else None,
            mode=mode,
            confidence=round(min(confidence, 1.0), 2),
            sentence=sentence.text.strip(),
        )

    def extract(self, doc, article_id: str, mentions: list[Mention], entities: dict[str, Entity], reference: date) -> list[Event]:
        mention_at = self.index_mentions(mentions)
        events: list[Event] = []
        kept: list[RuleReading] = []  # what "condemned the attack" can refer back to
        for sentence_index, sentence, token, pos, trigger in self.trigger_sites(doc):
            reading = self.analyse(token, pos, trigger, mention_at, entities, kept)
            if reading.dropped:
                continue
            kept.append(reading)
            events.append(self.make_event(article_id, sentence_index, sentence, token, pos, reading.event_type,
                                          reading.actor, reading.recipient, reading.mode, mention_at, entities, reference))
        return one_event_per_happening(events)

    def _participants(self, token, pos, trigger, mention_at, entities):
        def named(t):
            return self._participant(t, mention_at, entities, exclude=actor[0] if actor else None) if t is not None else None

        actor = recipient = None
        if pos == "VERB":
            subject, passive = self._subject(token)
            if passive:
                recipient = named(subject)
                agent = next((c for c in token.children if c.dep_ == "agent"), None)
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                actor = named(pobj)
            else:
                actor = named(subject)
                if trigger.symmetric and subject is not None and actor is not None:
                    # "Biden and Putin will speak"; "U.S. and Russian officials met".
                    modifiers = [c for c in subject.children if c.dep_ in ("compound", "amod", "nmod")]
                    for conj in [*self._conjuncts(subject), *(k for m in modifiers for k in self._conjuncts(m))]:
                        recipient = named(conj)
                        if recipient:
                            break
        else:
            for child in token.children:
                if child.dep_ in ("poss", "compound", "amod", "nmod") and actor is None:
                    actor = named(child)
                if child.dep_ == "prep" and child.lower_ in ("by", "from") and actor is None:
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    actor = named(pobj)
                if child.dep_ == "prep" and child.lower_ == "between":
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        actor = actor or named(pobj)
                        for conj in self._conjuncts(pobj):
                            recipient = recipient or named(conj)
            if actor is None and token.dep_ == "pobj" and token.head.lower_ in ("for", "in") and token.head.head.pos_ == "VERB":
                verb = token.head.head
                if trigger.symmetric or verb.lemma_ in PARTICIPATION_VERBS:
                    # "travel to Addis Ababa for talks with Abiy": the traveller holds the talks;
                    # "troops have not been involved in any clashes": the troops clashed.
                    subject, passive = self._subject(verb)
                    actor = named(subject) if not passive or verb.lemma_ in PARTICIPATION_VERBS else None
            if actor is None:
                # "the invasion and annexation of the peninsula by Russia": the agent is shared.
                for other in self._conjuncts(token) + ([token.head] if token.dep_ == "conj" else []):
                    agent = next((c for c in other.children if c.dep_ == "prep" and c.lower_ == "by"), None)
                    if agent is not None:
                        actor = named(next((c for c in agent.children if c.dep_ == "pobj"), None))
                        if actor:
                            break
            verb = self._light_verb(token)
            if verb is not None:
                if actor is None:
                    subject, passive = self._subject(verb)
                    if not passive:
                        actor = named(subject)
                    else:
                        # "Sanctions were imposed on Mali by the West African union"
                        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
                        actor = named(next((c for c in agent.children if c.dep_ == "pobj"), None)) if agent is not None else None
                # "imposed sanctions on Mali", "sent weapons to Ukraine", "provided Ukraine with aid"
                for child in verb.children:
                    if recipient is None and child.dep_ in ("dative", "dobj") and child.i != token.i:
                        recipient = named(child)
                    elif recipient is None and child.dep_ == "prep" and child.lower_ in RECIPIENT_PREPS:
                        recipient = named(next((c for c in child.children if c.dep_ == "pobj"), None))
        if recipient is None:
            # The rightmost object first: a head noun ends its phrase ("accused Kosovo Prime Minister Albin Kurti").
            children = sorted(token.children, key=lambda c: (c.dep_ not in ("dobj", "dative"), -c.i if c.dep_ in ("dobj", "dative") else c.i))
            for child in children:
                if pos == "VERB" and child.dep_ in ("dobj", "dative"):
                    recipient = named(child)
                    if recipient is None:
                        # "sign an agreement with Ukraine"; "free political prisoners, including Aung San Suu Kyi"
                        for prep in (c for c in child.children if c.dep_ == "prep" and c.lower_ in ("with", "to", "on", "against", "including")):
                            recipient = recipient or named(next((c for c in prep.children if c.dep_ == "pobj"), None))
                elif trigger.event_type == "RETREAT" and child.dep_ == "prep" and child.lower_ == "from":
                    recipient = named(next((c for c in child.children if c.dep_ == "pobj"), None))
                elif child.dep_ == "prep" and child.lower_ in RECIPIENT_PREPS:
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    recipient = named(pobj)
                    if recipient is None and pobj is not None:
                        # "agreed to a deal with Burhan": the partner of the thing agreed to.
                        for prep in (c for c in pobj.children if c.dep_ == "prep" and c.lower_ == "with"):
                            recipient = recipient or named(next((c for c in prep.children if c.dep_ == "pobj"), None))
                elif pos == "VERB" and token.lemma_ in REFUSAL_VERBS and (
                    child.dep_ == "xcomp" or (child.dep_ == "advcl" and any(m.lower_ in ("until", "unless") for m in child.children))
                ):
                    # "refused to send weapons to Ukraine": the one refused is the clause's recipient.
                    for grandchild in child.subtree:
                        if grandchild.i != child.i and (
                            grandchild.dep_ in ("dobj", "nsubj", "dative")
                            or (grandchild.dep_ == "pobj" and grandchild.head.lower_ in RECIPIENT_PREPS)
                        ):
                            recipient = named(grandchild)
                            if recipient:
                                break
                elif pos == "VERB" and child.dep_ == "ccomp":
                    # "demanding that NATO deny ...": the one asked is the clause's subject.
                    inner, _ = self._subject(child)
                    recipient = named(inner) if inner is not None and inner.head.i == child.i else None
                if recipient:
                    break
        if recipient is None and actor is not None and trigger.event_type in TARGETED_TYPES and pos == "NOUN":
            # "impose sanctions far beyond those imposed in 2014 ... by Russia": the first
            # other country named in the sentence after the trigger is the target.
            recipient = self._first_country_after(token, mention_at, entities, actor[0])
        return actor, recipient

    @staticmethod
    def _condemned_doer(verb, readings_so_far, actor_id):
        """"condemned the attack", "denounced the measures": the doer of the latest
        conflict event the article reported before, when the object is that event."""
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None or obj.lemma_ not in CONDEMNED_ACTS or not any(c.lower_ in ("the", "this", "these", "those") for c in obj.children):
            return None
        types = CONDEMNED_ACTS[obj.lemma_]
        for reading in reversed(readings_so_far):
            if reading.event_type in types and reading.actor[0] != actor_id:
                return reading.actor
        return None

    def _first_country_after(self, token, mention_at, entities, actor_id):
        found = {}
        for m in self._sorted_mentions:
            if m.start_token <= token.i or m.start_token >= token.sent.end or m.entity_id is None:
                continue
            entity = entities[m.entity_id]
            if entity.label == "GPE":
                as_actor = self.resolver.as_actor(entity)
                if as_actor is not None and as_actor.entity_id != actor_id:
                    entities.setdefault(as_actor.entity_id, as_actor)
                    found.setdefault(as_actor.entity_id, m.text)
        return next(iter(found.items()), None)

    @staticmethod
    def _location(token, mention_at, entities) -> str | None:
        """A place the trigger happens in: "talks in Geneva", "protests in Almaty"."""
        heads = [token] + ([token.head] if token.head.i != token.i else [])
        for head in heads:
            for child in head.children:
                if child.dep_ != "prep" or child.lower_ not in LOCATION_PREPS:
                    continue
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    mention = mention_at.get(pobj.i)
                    if mention is not None and mention.entity_id and entities[mention.entity_id].label in ("GPE", "LOC", "FAC"):
                        return mention.entity_id
        return None
