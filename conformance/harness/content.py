"""Builds realistic collection content with the official client's own API."""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass, field

from anki.collection import Collection

CUSTOM_NOTETYPE = "Basic Plus (conformance)"
CUSTOM_TEMPLATE = "Forward Plus"
NESTED_DECK = "Lang::French::Verbs"


@dataclass
class Built:
    note_ids: list[int] = field(default_factory=list)
    deck_ids: dict[str, int] = field(default_factory=dict)
    custom_notetype_id: int = 0
    custom_config_id: int = 0
    reviewed_card_ids: list[int] = field(default_factory=list)


def _add(col: Collection, notetype: dict, deck_id: int, fields: dict[str, str],
         tags: list[str]) -> int:
    note = col.new_note(notetype)
    for k, v in fields.items():
        note[k] = v
    note.tags = list(tags)
    col.add_note(note, deck_id)
    return note.id


def build_rich_collection(col: Collection, tag: str = "") -> Built:
    """Notes on Basic, Cloze and a custom notetype, nested decks, hierarchical tags, reviews,
    a changed default deck option and a second deck option group in use."""
    b = Built()

    # Decks, including nested ones (parents are created implicitly).
    for name in (NESTED_DECK, "Lang::German", "Misc"):
        b.deck_ids[name] = col.decks.id(name)
    b.deck_ids["Lang"] = col.decks.id_for_name("Lang")
    b.deck_ids["Lang::French"] = col.decks.id_for_name("Lang::French")
    b.deck_ids["Default"] = 1

    # A custom notetype: a copy of Basic with an extra field and a renamed template.
    custom = col.models.copy(col.models.by_name("Basic"), add=False)
    custom["name"] = CUSTOM_NOTETYPE
    col.models.add_field(custom, col.models.new_field("Extra"))
    custom["tmpls"][0]["name"] = CUSTOM_TEMPLATE
    custom["tmpls"][0]["qfmt"] = "{{Front}}<br><small>{{Extra}}</small>"
    b.custom_notetype_id = col.models.add_dict(custom).id
    custom = col.models.get(b.custom_notetype_id)

    basic = col.models.by_name("Basic")
    cloze = col.models.by_name("Cloze")

    verbs = [("parler", "to speak"), ("finir", "to finish"), ("prendre", "to take"),
             ("être", "to be — <b>irregular</b>")]
    for fr, en in verbs:
        b.note_ids.append(_add(col, basic, b.deck_ids[NESTED_DECK],
                               {"Front": fr + tag, "Back": en},
                               ["french", "grammar::verbs", "a::b"]))
    b.note_ids.append(_add(col, basic, b.deck_ids["Lang::German"],
                           {"Front": "Straße" + tag, "Back": "street 🚗"}, ["german", "a::c"]))
    b.note_ids.append(_add(col, basic, 1, {"Front": "plain" + tag, "Back": "default deck"}, []))
    b.note_ids.append(_add(col, cloze, b.deck_ids["Misc"],
                           {"Text": "{{c1::Paris}} is the capital of {{c2::France}}" + tag,
                            "Back Extra": "geo"}, ["geo", "a::b"]))
    b.note_ids.append(_add(col, cloze, b.deck_ids["Misc"],
                           {"Text": "H{{c1::2}}O is {{c2::water}}, {{c3::wet}}" + tag},
                           ["chem"]))
    for i in range(3):
        b.note_ids.append(_add(col, custom, b.deck_ids["Misc"],
                               {"Front": f"custom {i}{tag}", "Back": f"back {i}",
                                "Extra": f"extra <i>{i}</i>"}, ["custom", "a::b::deep"]))

    # Deck options: change an option of the default group, and put a second group on a deck.
    conf1 = col.decks.get_config(1)
    conf1["new"]["perDay"] = 33
    conf1["rev"]["perDay"] = 321
    col.decks.update_config(conf1)
    conf2 = col.decks.add_config_returning_id("Intense (conformance)")
    b.custom_config_id = conf2
    c2 = col.decks.get_config(conf2)
    c2["new"]["perDay"] = 77
    col.decks.update_config(c2)
    deck = col.decks.get(b.deck_ids[NESTED_DECK])
    col.decks.set_config_id_for_deck_dict(deck, conf2)

    # Reviews, so cards change state and revlog has rows.
    col.decks.select(b.deck_ids["Lang"])
    for ease in (3, 1, 4):
        card = col.sched.getCard()
        assert card is not None, "no card to review"
        col.sched.answerCard(card, ease)
        b.reviewed_card_ids.append(card.id)
    col.decks.select(b.deck_ids["Misc"])
    card = col.sched.getCard()
    assert card is not None
    col.sched.answerCard(card, 3)
    b.reviewed_card_ids.append(card.id)
    col.decks.select(1)

    # A flag and a suspended card: more card columns that must travel.
    cids = col.find_cards(f"did:{b.deck_ids['Lang::German']}")
    col.set_user_flag_for_cards(2, cids)
    col.sched.suspend_cards(col.find_cards("tag:chem")[:1])
    return b


def add_basic_note(col: Collection, front: str, back: str = "", deck: str = "Default",
                   tags: tuple[str, ...] = ()) -> int:
    return _add(col, col.models.by_name("Basic"), col.decks.id(deck),
                {"Front": front, "Back": back}, list(tags))


# Random bytes in base64: zstd can shrink that text only to three quarters, so a collection of
# these notes is nearly as large on the wire (the text of real notes compresses far better).
INCOMPRESSIBLE_NOTE_RANDOM_BYTES = 48 * 1024
MEBIBYTE = 1024 * 1024


def add_incompressible_notes(col: Collection, min_bytes: int, deck: str = "Default") -> int:
    """Adds Basic notes of about 64 KiB of incompressible text each until the notes' text alone is
    ``min_bytes``; returns how many. Callers check the file size after closing the collection."""
    notetype = col.models.by_name("Basic")
    deck_id = col.decks.id(deck)
    count = -(-min_bytes // (INCOMPRESSIBLE_NOTE_RANDOM_BYTES * 4 // 3))
    for number in range(count):
        note = col.new_note(notetype)
        note["Front"] = f"incompressible note {number}"
        note["Back"] = base64.b64encode(os.urandom(INCOMPRESSIBLE_NOTE_RANDOM_BYTES)).decode("ascii")
        col.add_note(note, deck_id)
    return count
