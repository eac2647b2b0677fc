"""Rule tables for years, seasons, "since the start of ...", reporting dates and control statements, with the
sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from events.extract.dates import DAY, MONTH, find_dates
from events.factions import FACTIONS
from tests.claim_sentences import statements

PUBLISHED = date(2018, 10, 16)  # a Tuesday


def _ranges(text):
    return [(m.start, m.end, m.precision) for m in find_dates(text, PUBLISHED)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The bridge was blown up in 2016.", [(date(2016, 1, 1), date(2016, 12, 31), MONTH)]),
        ("Rebels held the hill in early 2015.", [(date(2015, 1, 1), date(2015, 4, 30), MONTH)]),
        ("The siege tightened in mid-2017.", [(date(2017, 5, 1), date(2017, 8, 31), MONTH)]),
        ("Convoys stopped during late 2014.", [(date(2014, 9, 1), date(2014, 12, 31), MONTH)]),
        ("The camp has grown since 2013.", [(date(2013, 1, 1), PUBLISHED, MONTH)]),
        ("Prices doubled in 2018.", [(date(2018, 1, 1), PUBLISHED, MONTH)]),  # never after publication
        ("A drought hit the plain in 2016-2017.", [(date(2016, 1, 1), date(2017, 12, 31), MONTH)]),
        # figures, longer numbers, dates and future years are not years
        ("About 2,000 families came back in 2017.", [(date(2017, 1, 1), date(2017, 12, 31), MONTH)]),
        ("The 2014 census was redone in 2016.", [(date(2016, 1, 1), date(2016, 12, 31), MONTH)]),
        (
            "A log dated 2016-08-12 was found in 2017.",
            [(date(2016, 8, 12), date(2016, 8, 12), DAY), (date(2017, 1, 1), date(2017, 12, 31), MONTH)],
        ),
        (
            "Talks set for 2030 follow a truce agreed in 2016.",
            [(date(2016, 1, 1), date(2016, 12, 31), MONTH)],
        ),
        ("In 20150 cases, and in 2015, nobody came.", [(date(2015, 1, 1), date(2015, 12, 31), MONTH)]),
    ],
)
def test_a_year_alone_is_a_range_of_months(text, expected):
    assert _ranges(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The dam changed hands in the summer of 2016.", (date(2016, 6, 1), date(2016, 8, 31), MONTH)),
        ("Fighting resumed in summer 2017.", (date(2017, 6, 1), date(2017, 8, 31), MONTH)),
        ("Convoys crossed in autumn 2015.", (date(2015, 9, 1), date(2015, 11, 30), MONTH)),
        ("The road was cut last summer.", (date(2018, 6, 1), date(2018, 8, 31), MONTH)),
        ("Shelling eased in the spring.", (date(2018, 3, 1), date(2018, 5, 31), MONTH)),
        ("Many families fled last winter.", (date(2017, 12, 1), date(2018, 2, 28), MONTH)),
        ("Talks began this fall.", (date(2018, 9, 1), PUBLISHED, MONTH)),
        ("Snow blocked the pass in the winter of 2016-17.", (date(2016, 12, 1), date(2017, 2, 28), MONTH)),
        # "the fall of Raqqa" is an event and the Arab Spring a name, neither a season
        (
            "After the fall of Raqqa in the autumn of 2017, many returned.",
            (date(2017, 9, 1), date(2017, 11, 30), MONTH),
        ),
        ("Veterans of the Arab Spring marched in summer 2012.", (date(2012, 6, 1), date(2012, 8, 31), MONTH)),
    ],
)
def test_seasons_are_their_months(text, expected):
    assert _ranges(text) == [expected]


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("Air raids have not stopped since the start of the offensive on January 20.", date(2018, 1, 20)),
        ("Dozens have died since the beginning of the assault in March.", date(2018, 3, 1)),
        (
            "Supplies dwindled since the start of the Russian air campaign in September 2015.",
            date(2015, 9, 1),
        ),
    ],
)
def test_since_the_start_of_something_runs_to_publication(text, start):
    assert _ranges(text) == [(start, PUBLISHED, MONTH)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Medics said Tuesday that jets had struck the bakery on Monday.", [(16, True), (15, False)]),
        ("Shells hit the clinic on Sunday, the monitor said late Monday.", [(14, False), (15, True)]),
        ("The governor told Reuters on Sunday a convoy was ambushed on Saturday.", [(14, True), (13, False)]),
        ("The ministry announced Monday that the border post reopened on Sunday.", [(15, True), (14, False)]),
        ("State media reported on Friday that a mine exploded on Thursday.", [(12, True), (11, False)]),
        ("Two more died on Sunday, he added on Monday.", [(14, False), (15, True)]),
        (
            "A car bomb went off on Saturday, the army said in a statement on Sunday.",
            [(13, False), (14, True)],
        ),
        # "told X that ..." ends the reporting: what follows is the event's
        ("A source told us on Monday that rockets fell on Sunday.", [(15, True), (14, False)]),
        (
            "The source told SANA that a mortar hit the school on Sunday, officials said Monday.",
            [(14, False), (15, True)],
        ),
    ],
)
def test_a_reporting_verbs_date_is_marked(text, expected):
    """Days of October 2018, and whether a reporting verb governs each."""
    assert [(m.start.day, m.reporting) for m in find_dates(text, PUBLISHED)] == expected


# Control statements, with places marked by a tiny hand-made list of names.
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "held by X" is the passive: X holds the place, not the sentence's subject
        (
            "Ankara vowed to push into towns held by Kurdish forces, including Tal Abyad.",
            [("town:tal-abyad", "SDF", "all")],
        ),
        (
            "Hasakah is largely controlled by Kurdish authorities, though the government keeps a zone.",
            [("town:hasakah", "SDF", "most")],
        ),
        ("Raqqa came under the control of the Syrian Democratic Forces.", [("town:raqqa", "SDF", "all")]),
        # how much of the place
        ("Rebels are now in control of all of Kafr Nabl.", [("town:kafr-nabl", "Opposition/FSA", "all")]),
        ("IS controls all of Palmyra again.", [("town:palmyra", "Islamic State", "all")]),
        (
            "The regime holds the entire western part of east Aleppo.",
            [("town:aleppo", "Government of Syria", "part")],
        ),
        ("Rebels seized a third of Daraa overnight.", [("town:daraa", "Opposition/FSA", "part")]),
        ("Government forces took the Palmyra citadel.", [("town:palmyra", "Government of Syria", "part")]),
        # a capture outdates what the place's adjective said of it
        (
            "Government forces captured the rebel-held town of Morek.",
            [("town:morek", "Government of Syria", "all")],
        ),
        # canonical faction names only
        ("Turkish troops captured Jarablus.", [("town:jarablus", "Turkey/SNA", "all")]),
        ("Jarablus is now controlled by Turkish-backed rebels.", [("town:jarablus", "Turkey/SNA", "all")]),
        ("Hezbollah fighters seized Qusayr.", [("town:qusayr", "Government of Syria", "all")]),
        # the subject, not the nearest name: "X backed by Y", "X and their Y allies"
        (
            "Syrian troops backed by Russian jets recaptured Palmyra.",
            [("town:palmyra", "Government of Syria", "all")],
        ),
        ("Turkish forces and their rebel allies took Afrin.", [("town:afrin", "Turkey/SNA", "all")]),
        # a withdrawal gives the place to the side the sentence says advanced, never to residents
        (
            "Residents said the army withdrew from Manbij as the SDF advanced.",
            [("town:manbij", "SDF", "all")],
        ),
        # a headline's present tense, and places listed together
        ("Rebels seize Idlib", [("town:idlib", "Opposition/FSA", "all")]),
        ("The SDF captured Raqqa and Manbij.", [("town:raqqa", "SDF", "all"), ("town:manbij", "SDF", "all")]),
    ],
)
def test_control_statements_name_the_holder(sentence, expected):
    assert statements(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The army has pulled out from Palmyra after evacuating the town's residents.",
        "Israeli forces held positions on the hills above Quneitra.",
        "Civilians held Manbij's main square for hours.",
    ],
)
def test_a_holder_that_is_no_faction_gives_no_claim(sentence):
    assert statements(sentence) == []


def test_extracted_claims_name_canonical_factions():
    from events.extract.pipeline import extract_report
    from events.extract.places import PlaceFinder
    from geodata.gazetteer import load_gazetteer

    text = (
        "Turkish-backed fighters captured Tal Abyad on Sunday. Hezbollah fighters and the army seized Qusayr. "
        "The army pulled out from Palmyra after evacuating the city's residents."
    )
    claims = extract_report(text, PUBLISHED, PlaceFinder(load_gazetteer(include_fetched=False))).claims
    assert [(c.place.name, c.faction) for c in claims] == [
        ("Tall Abyaḑ", "Turkey/SNA"),
        ("Al Quşayr", "Government of Syria"),
    ]
    assert {c.faction for c in claims} <= set(FACTIONS)
