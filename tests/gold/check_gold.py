"""Sanity checks for the hand-annotated gold sets.

    python tests/gold/check_gold.py [GOLD_JSON ...]     (default: every tests/gold/**/gold.json)


Not a pytest module on purpose: it validates the annotation files themselves,
it does not exercise the extractor.
"""
import collections
import datetime
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
GOLD_SETS = sorted((ROOT / "tests" / "gold").rglob("gold.json"))

QUAD = {
    "AGREE": "verbal cooperation", "CONSULT": "verbal cooperation",
    "SUPPORT": "verbal cooperation", "CONCEDE": "verbal cooperation",
    "COOPERATE": "material cooperation", "AID": "material cooperation",
    "RETREAT": "material cooperation",
    "REQUEST": "verbal conflict", "ACCUSE": "verbal conflict",
    "REJECT": "verbal conflict", "THREATEN": "verbal conflict",
    "PROTEST": "material conflict", "SANCTION": "material conflict",
    "MOBILIZE": "material conflict", "COERCE": "material conflict",
    "ASSAULT": "material conflict",
}
MODES = {"asserted", "negated", "future", "hypothetical"}
LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
# Nationality adjectives stand for their country ("Russian troops" -> Russia),
# so an actor may be a country whose only mention is its NORP adjective.
NORP_TO_COUNTRY = {
    "Russian": "Russia", "Sudanese": "Sudan", "Kazakh": "Kazakhstan",
    "Ethiopian": "Ethiopia", "British": "United Kingdom", "American": "United States",
    "Ukrainian": "Ukraine", "Israeli": "Israel", "Iranian": "Iran",
    "Lithuanian": "Lithuania", "Belarusian": "Belarus", "Malian": "Mali",
    "Cambodian": "Cambodia", "Emirati": "United Arab Emirates", "Saudi": "Saudi Arabia",
    "Yemeni": "Yemen", "Omani": "Oman", "Armenian": "Armenia", "Azerbaijani": "Azerbaijan",
    "North Korean": "North Korea", "South Korean": "South Korea", "Japanese": "Japan",
    "Venezuelan": "Venezuela", "Syrian": "Syria", "Turkish": "Turkey", "Serbian": "Serbia",
    "Afghan": "Afghanistan", "Norwegian": "Norway",
    "Polish": "Poland", "German": "Germany", "Australian": "Australia", "Tongan": "Tonga",
    "Egyptian": "Egypt", "Somali": "Somalia", "Haitian": "Haiti", "Indian": "India",
    "Sri Lankan": "Sri Lanka", "Chinese": "China",
}


def iso(s):
    return datetime.date.fromisoformat(s)


def main(argv: list[str]) -> int:
    paths = [pathlib.Path(a) for a in argv] or GOLD_SETS
    return max(check(path) for path in paths)


def check(gold_path: pathlib.Path) -> int:
    print(gold_path)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    errors = []
    types, modes, labels = collections.Counter(), collections.Counter(), collections.Counter()
    n_events = n_entities = n_mentions = 0
    # A set may add nationality pairs in norp_to_country.json beside its gold.json.
    extra_path = gold_path.parent / "norp_to_country.json"
    norp_to_country = NORP_TO_COUNTRY | (json.loads(extra_path.read_text(encoding="utf-8")) if extra_path.is_file() else {})
    for doc in gold:
        path = ROOT / doc["path"]
        if not path.is_file():
            errors.append(f"missing file {doc['path']}")
            continue
        text = path.read_text(encoding="utf-8")
        iso(doc["published"])
        names = {e["name"] for e in doc["entities"]}
        if len(names) != len(doc["entities"]):
            errors.append(f"{doc['path']}: duplicate entity names")
        actor_names = names | {norp_to_country[e["name"]] for e in doc["entities"]
                               if e["label"] == "NORP" and e["name"] in norp_to_country}
        seen_mentions = {}
        for e in doc["entities"]:
            n_entities += 1
            labels[e["label"]] += 1
            if e["label"] not in LABELS:
                errors.append(f"{doc['path']}: bad label {e}")
            for m in e["mentions"]:
                n_mentions += 1
                if not re.search(r"(?<!\w)" + re.escape(m) + r"(?!\w)", text):
                    errors.append(f"{doc['path']}: mention not in text: {m!r}")
                if m in seen_mentions:
                    errors.append(f"{doc['path']}: mention {m!r} under two entities")
                seen_mentions[m] = e["name"]
        for ev in doc["events"]:
            n_events += 1
            types[ev["type"]] += 1
            modes[ev["mode"]] += 1
            if ev["type"] not in QUAD:
                errors.append(f"{doc['path']}: bad type {ev['type']}")
            if ev["mode"] not in MODES:
                errors.append(f"{doc['path']}: bad mode {ev['mode']}")
            if ev["evidence"] not in text:
                errors.append(f"{doc['path']}: evidence not verbatim: {ev['evidence'][:60]!r}")
            for role in ("actor", "recipient"):
                v = ev[role]
                if v is None and role == "recipient":
                    continue
                if v not in actor_names:
                    errors.append(f"{doc['path']}: {role} {v!r} not an entity name")
            if ev["date"] is not None:
                iso(ev["date"])
    print(f"documents: {len(gold)}  events: {n_events}  entities: {n_entities}  mentions: {n_mentions}")
    print("types:", dict(sorted(types.items())))
    print("modes:", dict(modes))
    print("labels:", dict(labels))
    missing = set(QUAD) - set(types)
    if missing:
        errors.append(f"types never used: {sorted(missing)}")
    for e in errors:
        print("ERROR", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
