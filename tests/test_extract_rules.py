"""Rule tables for the extraction's pure parts: dates, fatality figures, actors and event types, and the choice
of a report's main place and of each event's place."""

from __future__ import annotations

from datetime import date

import pytest

from events.extract import actors, types
from events.extract.dates import DAY, MONTH, WEEK, find_dates
from events.extract.fatalities import FatalityMention, combine, find_fatalities
from events.extract.pipeline import extract_report
from events.extract.places import PlaceFinder
from geodata.gazetteer import Gazetteer, Place, load_gazetteer

SUNDAY = date(2017, 1, 15)  # the publication date of the acceptance example


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("Heavy fighting on Saturday left the front quiet", date(2017, 1, 14), date(2017, 1, 14), DAY),
        ("Clashes broke out yesterday", date(2017, 1, 14), date(2017, 1, 14), DAY),
        ("Shelling resumed today", SUNDAY, SUNDAY, DAY),
        ("The raid took place on Sunday", SUNDAY, SUNDAY, DAY),
        ("Jets struck last Sunday", date(2017, 1, 8), date(2017, 1, 8), DAY),
        ("The town was hit on Wednesday", date(2017, 1, 11), date(2017, 1, 11), DAY),
        ("Fighting raged over the weekend", date(2017, 1, 14), date(2017, 1, 15), WEEK),
        ("Talks collapsed last week", date(2017, 1, 2), date(2017, 1, 8), WEEK),
        ("Raids intensified earlier this week", date(2017, 1, 9), SUNDAY, WEEK),
        ("The siege tightened earlier this month", date(2017, 1, 1), SUNDAY, MONTH),
        ("Aid stopped last month", date(2016, 12, 1), date(2016, 12, 31), MONTH),
        ("The offensive began on January 14", date(2017, 1, 14), date(2017, 1, 14), DAY),
        ("It began on 14 January", date(2017, 1, 14), date(2017, 1, 14), DAY),
        ("Troops entered the city on December 22", date(2016, 12, 22), date(2016, 12, 22), DAY),
        ("The city fell on May 21, 2015", date(2015, 5, 21), date(2015, 5, 21), DAY),
        ("The dam was taken in March", date(2016, 3, 1), date(2016, 3, 31), MONTH),
        ("Three days ago a convoy was hit", date(2017, 1, 12), date(2017, 1, 12), DAY),
        ("Dated 2016-08-12 in the log", date(2016, 8, 12), date(2016, 8, 12), DAY),
        # "since": from then to the publication date
        ("Clashes have raged since Friday", date(2017, 1, 13), SUNDAY, WEEK),
        ("The town has been besieged since December 22", date(2016, 12, 22), SUNDAY, MONTH),
    ],
)
def test_dates_resolve_against_the_publication_date(text, start, end, precision):
    mentions = find_dates(text, SUNDAY)
    assert [(m.start, m.end, m.precision) for m in mentions] == [(start, end, precision)]


def test_text_without_dates_gives_none_and_future_dates_are_dropped():
    assert find_dates("Shelling hit the eastern districts.", SUNDAY) == []
    assert find_dates("The vote is due in 2030-05-01.", SUNDAY) == []


@pytest.mark.parametrize(
    ("text", "low", "best", "high"),
    [
        ("with over 80 reported slain across the area", 80, 80, None),
        ("at least 16 civilians were killed", 16, 16, None),
        ("an air strike killed twenty-three people", 23, 23, 23),
        ("Dozens of fighters were killed", 24, None, None),
        ("Scores killed as the offensive widened", 40, None, None),
        ("hundreds of people have been killed", 200, None, None),
        ("a dozen soldiers died", 12, 12, 12),
        ("between 20 and 30 people were killed", 20, None, 30),
        ("up to 30 dead", None, None, 30),
        ("the death toll rose to 112", 112, 112, 112),
        ("The battle killed 1,200 fighters on both sides", 1200, 1200, 1200),
        ("killing at least 45 people", 45, 45, None),
        # two sides' tolls in one clause add up; the wounded never join them
        ("at least 22 SDF fighters and 14 rebels were killed", 36, 36, None),
        ("killing 5 soldiers and 3 civilians", 8, 8, 8),
        ("killing 5 soldiers and 3 others were wounded", 5, 5, 5),
        ("12 people were killed and 30 wounded", 12, 12, 12),
        ("5 were wounded and 3 killed", 3, 3, 3),
        ("jets bombed the village, killing a child", 1, 1, 1),
        ("at least 26 rebel fighters were killed", 26, 26, None),
        ("seven civilians, including a woman and two children, were killed", 7, 7, 7),
        ("at least 53 people, most of them civilians gathering desert truffles, were killed", 53, 53, None),
        ("two members of the pro-government National Defence Forces were killed", 2, 2, 2),
        ("the militants executed 11 men", 11, 11, 11),
        ("air strikes kill 9 civilians", 9, 9, 9),
        ("33 Turkish soldiers were martyred", 33, 33, 33),
        ("the army lost at least 18 fighters", 18, 18, None),
        ("23 ISIS mercenaries were killed", 23, 23, 23),
        ("two Russian servicemen were killed", 2, 2, 2),
        ("gunmen slaughtered 12 villagers", 12, 12, 12),
        ("a young shepherd was killed by a mine", 1, 1, 1),
    ],
)
def test_fatality_figures_keep_their_uncertainty(text, low, best, high):
    [mention] = find_fatalities(text)
    assert (mention.low, mention.best, mention.high) == (low, best, high)


@pytest.mark.parametrize(
    "text",
    [
        "3 people were wounded",
        "In 2017 forces took the town",
        "the people died",
        "In 2011 Protesters were killed",
    ],
)
def test_text_without_a_fatality_figure_gives_none(text):
    assert find_fatalities(text) == []


def _m(low, best, high):
    return FatalityMention(low, best, high, "", (0, 0))


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        ([_m(80, 80, None), _m(80, 80, None)], (80, 80, None)),  # the same figure repeated counts once
        ([_m(40, None, None), _m(80, 80, None)], (80, 80, None)),  # "scores", then "over 80"
        ([_m(20, 20, 20), _m(35, 35, 35)], (20, None, 35)),  # contested figures kept as a range
        ([_m(None, None, 30), _m(12, 12, None)], (12, 12, 30)),
    ],
)
def test_one_figure_per_event(mentions, expected):
    assert combine(mentions) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ISIS fighters attacked", ["Islamic State"]),
        ("Daesh and the Syrian army clashed", ["Islamic State", "Government of Syria"]),
        ("IS claimed the attack on SAA positions", ["Islamic State", "Government of Syria"]),
        ("The YPG and Kurdish forces held", ["SDF", "SDF"]),
        ("Jabhat al-Nusra, al-Qaeda's Syrian affiliate", ["HTS", "HTS"]),
        ("Turkish-backed forces and the Turkish army advanced", ["Turkish-backed SNA", "Turkish forces"]),
        ("The US-led coalition struck", ["US-led coalition"]),
        ("Russian warplanes hit rebels", ["Russia", "Opposition/FSA"]),
        ("قوات النظام تتقدم ضد داعش", ["Government of Syria", "Islamic State"]),
    ],
)
def test_actors_are_normalised(text, expected):
    assert [m.actor for m in actors.find_actors(text)] == expected


def test_the_word_is_is_not_the_islamic_state():
    assert actors.find_actors("The town is quiet and this is calm") == []


@pytest.mark.parametrize(
    ("sentence", "event_type", "sub_event_type"),
    [
        ("A sarin attack killed dozens", types.REMOTE, "Chemical weapon"),
        ("A flurry of suicide attacks and rocket fire", types.REMOTE, "Suicide bomb"),
        ("Russian airstrikes hit the market", types.REMOTE, "Air/drone strike"),
        ("Mortar shells fell on the old city", types.REMOTE, "Shelling/artillery/missile attack"),
        ("Government forces recaptured the town", types.BATTLES, "Government regains territory"),
        ("The city fell to ISIS", types.BATTLES, "Non-state actor overtakes territory"),
        ("Heavy fighting continued near the airport", types.BATTLES, "Armed clash"),
        ("Gunmen carried out a massacre in the village", types.CIVILIANS, "Attack"),
    ],
)
def test_event_types_follow_acled(sentence, event_type, sub_event_type):
    decided = types.classify(sentence)
    assert (decided.event_type, decided.sub_event_type) == (event_type, sub_event_type)


def test_a_sentence_without_violence_has_no_type():
    assert types.classify("The museum reopened to visitors") is None


def test_differing_exact_figures_without_upper_bounds_become_a_range():
    from events.extract.fatalities import combine, find_fatalities

    figures = find_fatalities("Twelve people were killed.") + find_fatalities("Fifteen people were killed.")
    assert combine(figures) == (12, None, 15)


# The report's main place and each event's place (events.extract.pipeline), over the bundled gazetteer.


@pytest.fixture(scope="module")
def finder():
    return PlaceFinder(load_gazetteer(include_fetched=False))


def _extract(finder, text, title=None):
    return extract_report(text, SUNDAY, finder, title=title)


@pytest.mark.parametrize(
    "dateline",
    ["DAMASCUS (Reuters) - ", "Damascus, Syria — ", "Damascus, SANA- ", "DAMASCUS/BEIRUT (AFP) - "],
)
def test_a_dateline_is_not_where_things_happened(finder, dateline):
    found = _extract(finder, f"{dateline}Air strikes killed 12 people in Saraqib on Saturday.")
    assert (found.main_place.name, found.main_place.admin1) == ("Saraqib", "SY-ID")
    assert [e.place.name for e in found.events] == ["Saraqib"]


def test_a_sentence_about_a_place_abroad_does_not_take_the_last_syrian_place(finder):
    found = _extract(
        finder,
        "Clashes broke out in Idlib on Friday. On Saturday mortar rounds killed two people in Ceylanpinar.",
    )
    assert [e.place.admin1 for e in found.events] == ["SY-ID"]


def test_a_report_about_a_place_abroad_has_no_syrian_main_place(finder):
    found = _extract(finder, "Jets struck al-Qaim in Iraq on Saturday, killing four fighters.")
    assert (found.main_place, found.events) == (None, [])


def test_a_named_town_outweighs_a_governorate_named_as_background(finder):
    found = _extract(
        finder, "Shelling hit the countryside of Hama and killed three people in Kafr Nabl on Saturday."
    )
    assert (found.main_place.name, found.main_place.admin1) == ("Kafranbel", "SY-ID")


def test_the_eastern_ghouta_of_damascus_is_in_rif_dimashq(finder):
    found = _extract(finder, "Barrel bombs fell on the Eastern Ghouta of Damascus on Saturday.")
    assert (found.main_place.kind, found.main_place.admin1, found.main_precision) == ("region", "SY-RD", 2)


def test_the_title_weighs_double_for_the_main_place(finder):
    found = _extract(finder, "Shells hit Homs. Shells hit Aleppo.", title="Deadly day in Aleppo")
    assert found.main_place.admin1 == "SY-HL"


def test_a_shared_name_takes_the_governorate_the_report_is_about():
    def place(id_, name, kind, admin1, population=None):
        return Place(id_, name, None, (), kind, 35.0, 37.0, admin1, None, population, 2.0, "a test", None)

    gazetteer = Gazetteer.from_places(
        [
            place("t:suran-hama", "Suran", "town", "SY-HM", 30000),
            place("t:suran-aleppo", "Suran", "village", "SY-HL"),
            place("t:azaz", "Azaz", "town", "SY-HL", 30000),
            place("t:marea", "Marea", "town", "SY-HL", 15000),
        ]
    )
    finder = PlaceFinder(gazetteer)
    alone = _extract(finder, "Rockets hit Suran on Saturday.")
    assert alone.events[0].place.id == "t:suran-hama"  # the more prominent place, without context
    found = _extract(finder, "Fighting raged between Azaz and Marea on Saturday. Rockets also hit Suran.")
    assert found.events[-1].place.id == "t:suran-aleppo"
    assert "t:suran-hama" in found.events[-1].alternatives


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Air strikes hit Homs and Aleppo governorates on Monday.", {"SY-HI", "SY-HL"}),
        ("Shelling struck Douma, Harasta and Arbin on Monday, killing nine people.", {"gn:170592"}),
        ("Fighters from Raqqa attacked Deir Ezzor on Monday.", {"SY-DY"}),  # not a list: one event
    ],
)
def test_places_listed_together_are_one_event_each(sentence, expected, finder):
    from events.extract.pipeline import extract_report

    events = extract_report(sentence, date(2017, 3, 1), finder).events
    if expected == {"gn:170592"}:  # Harasta and Arbin may be missing from the bundled gazetteer
        assert "gn:170592" in {e.place.id for e in events}
        assert sum(e.fatalities_best or 0 for e in events) == 9  # the toll is kept once, not per place
        assert [e.fatalities_best for e in events if e.place.id == "gn:170592"] == [
            9
        ]  # with the first listed
    else:
        assert {e.place.admin1 for e in events} == expected
        assert len(events) == len(expected)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Damascus and its allies pressed the offensive in Idlib.", [("Idlib", 1)]),
        ("Forces loyal to Damascus shelled Saraqib.", [("Saraqib", 1)]),
        ("Damascus's forces entered Saraqib.", [("Saraqib", 1)]),
        ("Damascus said the strike hit a depot in Homs.", [("Homs", 1)]),
        ("Talks with Damascus have stalled.", []),
        # the city itself
        ("A car bomb exploded in Damascus on Sunday.", [("Damascus", 1)]),
        ("Damascus’s old city was shelled.", [("Damascus", 1)]),
    ],
)
def test_damascus_speaking_for_the_state_is_no_place(finder, text, found):
    assert [(m.place.name, m.geo_precision) for m in finder.find(text)] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("A suicide bomber struck on the Manbij – Aleppo road.", [("Manbij", 2)]),
        ("Clashes on the road between Saraqib and Idlib.", [("Saraqib", 2)]),
        ("Rebels cut the M5 highway linking Damascus and Aleppo near Saraqib.", [("Saraqib", 2)]),
        ("Shells fell on Manbij and Aleppo.", [("Manbij", 1), ("Aleppo", 1)]),
    ],
)
def test_a_road_named_by_its_ends_is_near_its_first_end(finder, text, found):
    assert [(m.place.name, m.geo_precision) for m in finder.find(text)] == found


@pytest.mark.parametrize(
    ("text", "unknown", "places"),
    [
        ("Air strikes hit the village of Zardana in Idlib.", ["Zardana"], [("Idlib", 3)]),
        ("Jets bombed Kafr Jales village.", ["Kafr Jales"], []),
        ("A car bomb exploded in the Tarhin camp near al-Bab.", ["Tarhin"], [("Al Bāb", 2)]),
        ("Fighting in al-Shuhayl town east of Deir Ezzor.", ["al-Shuhayl"], [("Deir ez-Zor", 2)]),
        # known places, places abroad and words that only qualify a settlement are no unknown settlement
        ("Shelling hit the town of Saraqib.", [], [("Saraqib", 1)]),
        ("Shells landed in the Turkish town of Akcakale.", [], []),
        ("The Syrian town was shelled in the area.", [], []),
        ("Fighters left the Olive Branch area for an ISIS camp.", [], []),
        ("Aid reached Rukban camp.", ["Rukban"], []),
    ],
)
def test_settlements_the_gazetteer_lacks_are_found(finder, text, unknown, places):
    scanned = finder.scan(text)
    assert [u.text for u in scanned.unknown] == unknown
    assert [(m.place.name, m.geo_precision) for m in scanned.places] == places


@pytest.mark.parametrize(
    ("text", "places", "unknown"),
    [
        (
            "A SANA reporter in Daraa said shells fell.",
            [("Dar‘ā", 1)],
            [],
        ),  # an agency, not As Si'in ("Saane")
        ("AT LEAST TWO KILLED IN BOMB BLAST IN AFRIN", [("‘Afrīn", 1)], []),  # a headline set in capitals
        ("Russia and China vetoed the resolution.", [], []),  # not the Homs village spelt "Chine"
        ("Three were killed in Busra al-Harir.", [], ["Busra al-Harir"]),  # not Busra al-Sham
        ("Shelling hit Daraa al-Balad.", [("Dar‘ā", 2)], []),  # the old town of the city of Daraa
        ("Air strikes pounded southern Idlib.", [("Idlib", 3)], []),  # that part of the governorate
        ("Shelling of eastern Aleppo continued.", [("Aleppo", 2)], []),  # the city's eastern districts
        ("Raids on the southern Aleppo countryside.", [("Aleppo", 3)], []),
        ("A member of the Raqqa Civil Council was shot.", [("Ar Raqqah", 2)], []),  # the area it runs
        ("Shells hit the Kurdish-held neighbourhood of Sheikh Maqsud.", [], ["Sheikh Maqsud"]),
        ("Rebels shelled the Shi'ite towns of Nubl and Zahraa.", [("Nubl", 1)], []),
    ],
)
def test_words_that_look_like_places(finder, text, places, unknown):
    scanned = finder.scan(text)
    assert [(m.place.name, m.geo_precision) for m in scanned.places] == places
    assert [u.text for u in scanned.unknown] == unknown


def _events(finder, text, published=SUNDAY):
    return [(e.place.name, e.date_start, e.date_end) for e in extract_report(text, published, finder).events]


def test_a_town_names_where_a_city_of_its_governorate_names_the_area(finder):
    found = _events(finder, "On Saturday clashes in Hama left six dead in Kafr Zita.")
    assert found == [("Kafr Zaytā", date(2017, 1, 14), date(2017, 1, 14))]


def test_on_the_same_day_takes_the_date_of_the_event_before(finder):
    text = (
        "Jets struck Saraqib on Wednesday, killing five. The council met on Friday to discuss aid. "
        "On the same day, a car bomb exploded in Idlib, killing two."
    )
    wednesday = date(2017, 1, 11)
    assert _events(finder, text) == [("Saraqib", wednesday, wednesday), ("Idlib", wednesday, wednesday)]


def test_commentary_and_quotes_make_no_event(finder):
    text = (
        "Air strikes hit Saraqib on Saturday, killing five people. Damascus condemned the attack. "
        "'This is the battle of our lives,' a commander told reporters in Idlib. Is the offensive over?"
    )
    assert _events(finder, text) == [("Saraqib", date(2017, 1, 14), date(2017, 1, 14))]


def test_a_sentence_naming_only_where_people_came_from_takes_the_report_s_place(finder):
    text = "Clashes hit Saraqib on Saturday. Fighters from Raqqa attacked on Saturday, killing three."
    assert {place for place, _, _ in _events(finder, text)} == {"Saraqib"}


def test_a_control_statement_with_a_date_long_past_is_dated_by_it(finder):
    found = extract_report(
        "Islamic State fighters had seized Palmyra in December 2016.", date(2017, 3, 2), finder
    )
    assert [(c.place.name, c.as_of) for c in found.claims] == [("Tadmur", date(2016, 12, 31))]


def test_a_title_line_is_a_sentence_of_its_own(finder):
    found = extract_report(
        "Army Retakes Town\nHoms, SANA- Army units shelled Palmyra on Saturday.", SUNDAY, finder
    )
    assert [e.place.name for e in found.events] == ["Tadmur"]  # not the dateline's Homs


def test_a_span_longer_than_a_month_is_background_not_an_event(finder):
    text = (
        "Protesters have rallied in Saraqib since 2011 against the government. "
        "Air strikes hit a market in Saraqib on Monday, killing 12."
    )
    found = extract_report(text, date(2019, 7, 24), finder).events
    assert [(e.place.name, e.date_start, e.date_end, e.fatalities_best) for e in found] == [
        ("Saraqib", date(2019, 7, 22), date(2019, 7, 22), 12)
    ]


def test_a_place_held_by_a_faction_named_by_its_acronym_gives_the_side_attacked(finder):
    found = extract_report(
        "Shells hit the IS-held town of Mayadin on Saturday, killing four.", SUNDAY, finder
    )
    assert [(e.place.name, e.actor1) for e in found.events] == [("Al Mayādīn", "Islamic State")]


def test_clauses_with_places_of_their_own_are_events_of_their_own(finder):
    text = (
        "On Saturday 7 people were killed in Maarat al-Numan and Saraqib, and clashes in Hama left six dead in "
        "Kafr Zita; shelling wounded two in Homs."
    )
    found = extract_report(text, SUNDAY, finder).events
    assert {(e.place.name, e.sub_event_type, e.fatalities_best) for e in found} == {
        ("Ma‘arrat an Nu‘mān", "Attack", 7),
        ("Saraqib", "Attack", None),  # listed with Maarat al-Numan: the clause's toll stays with the first
        ("Kafr Zaytā", "Armed clash", 6),
        ("Homs", "Shelling/artillery/missile attack", None),
    }


def test_a_headline_s_toll_gives_way_to_the_body_s(finder):
    text = (
        "160 Killed as Fighting Rages in Damascus\n\nIn Damascus, at least 47 people were killed on Saturday."
    )
    found = extract_report(text, SUNDAY, finder, title="160 Killed as Fighting Rages in Damascus").events
    assert [(e.place.name, e.fatalities_low, e.fatalities_best) for e in found] == [("Damascus", 47, 47)]


@pytest.mark.parametrize(
    ("text", "places", "unknown"),
    [
        ("Protesters rejected Damascus's demand to disarm.", [], []),
        ("Officials in the capital called the protesters agents.", [], []),
        (
            "Protesters filled Karama (Dignity) Square in Sweida.",
            [("As-Suwayda", 1)],
            [],
        ),  # not the Raqqa village
        ("Shelling hit the Ard al-Hamra area.", [], ["Ard al-Hamra"]),  # not Hama's al-Hamra
        ("Army Retakes al-Qusayr From Rebels", [("Al Quşayr", 1)], []),  # a headline in title case
    ],
)
def test_names_inside_other_names(finder, text, places, unknown):
    scanned = finder.scan(text)
    assert [(m.place.name, m.geo_precision) for m in scanned.places] == places
    assert [u.text for u in scanned.unknown] == unknown


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        ("Other strikes hit the nearby towns of Rastan and Talbiseh.", "Air/drone strike"),
        ("TB2 drones struck a convoy near Saraqib.", "Air/drone strike"),
        ("Rebels pushed into the town at dawn.", "Armed clash"),
    ],
)
def test_more_words_of_violence(sentence, sub_event_type):
    assert types.classify(sentence).sub_event_type == sub_event_type


def test_a_place_struck_by_something_unnamed_is_a_generic_strike():
    found = types.classify("A hospital in Kafr Batna was reportedly hit.")
    assert (found.sub_event_type, found.generic) == ("Shelling/artillery/missile attack", True)


def test_words_that_only_sound_like_fighting():
    assert types.classify("Aid agencies appealed for the besieged town.") is None
    assert types.classify("The fighting pushed thousands of families to flee.").generic


def test_a_dateline_s_date_is_the_report_s_not_the_event_s(finder):
    text = (
        "DAMASCUS, Aug 11, 2023 (AFP) - Gunmen killed 10 soldiers near Mayadin on Thursday, a monitor said."
    )
    [event] = extract_report(text, date(2023, 8, 11), finder).events
    assert (event.place.name, event.date_start, event.fatalities_best) == (
        "Al Mayādīn",
        date(2023, 8, 10),
        10,
    )


def test_a_syrian_place_named_as_a_landmark_abroad_is_no_event(finder):
    text = "A drone attack on Sunday on Tower 22, a base in northeast Jordan near the al-Tanf garrison, killed three."
    assert extract_report(text, date(2024, 2, 2), finder).events == []


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("Between October 5 and 10, 2023, strikes killed 44", date(2023, 10, 5), date(2023, 10, 10), WEEK),
        ("from 5 to 10 October", date(2023, 10, 5), date(2023, 10, 10), WEEK),
        ("clashes on 14 and 15 July killed 20", date(2023, 7, 14), date(2023, 7, 15), WEEK),
        ("strikes earlier this year", date(2023, 1, 1), date(2023, 12, 1), MONTH),
    ],
)
def test_ranges_of_days_and_this_year(text, start, end, precision):
    assert [(m.start, m.end, m.precision) for m in find_dates(text, date(2023, 12, 1))] == [
        (start, end, precision)
    ]


def test_a_date_taken_from_the_sentence_before_never_widens_an_event(finder):
    text = (
        "Air strikes hit Saraqib on Thursday, killing 4. Shelling has pounded Idlib since Monday. "
        "Rockets also fell on Saraqib, wounding two."
    )
    found = extract_report(text, date(2017, 1, 13), finder).events
    saraqib = [(e.date_start, e.date_end) for e in found if e.place.name == "Saraqib"]
    assert saraqib == [(date(2017, 1, 12), date(2017, 1, 12))]


def test_a_headline_s_toll_stands_when_the_body_gives_none(finder):
    title = "Air strike kills 12 in Saraqib"
    text = f"{title}\n\nThe strike hit a market in Saraqib on Saturday, rescuers said."
    [event] = extract_report(text, SUNDAY, finder, title=title).events
    assert (event.place.name, event.date_start, event.fatalities_best) == ("Saraqib", date(2017, 1, 14), 12)


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        ("A Russian strike in the de-escalation zone killed 33 soldiers.", "Air/drone strike"),
        ("Despite a ceasefire, shelling hit Hama.", "Shelling/artillery/missile attack"),
        ("A ceasefire took effect in Idlib on Friday.", "Agreement"),
        ("Monitors recorded ceasefire violations in Aleppo.", None),
    ],
)
def test_an_agreement_only_when_nothing_violent_happened(sentence, sub_event_type):
    found = types.classify(sentence)
    assert (found.sub_event_type if found else None) == sub_event_type


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("SANA's reporter in Daraa said shells fell.", [("Dar‘ā", 1)]),
        (
            "The al-Waer neighbourhood of Homs city was hit.",
            [("Homs", 2)],
        ),  # part of the city, not the province
        ("Mortars fell on the Bab Touma district of Damascus.", [("Damascus", 2)]),
    ],
)
def test_districts_of_a_city_and_an_agency_s_possessive(finder, text, places):
    assert [(m.place.name, m.geo_precision) for m in finder.find(text)] == places


def test_a_foreign_dateline_does_not_make_the_lead_abroad(finder):
    text = "ERBIL, Kurdistan Region - Air strikes hit Raqqa on Saturday, killing five people."
    assert _events(finder, text) == [("Ar Raqqah", date(2017, 1, 14), date(2017, 1, 14))]


def test_a_call_to_stop_the_bombing_is_no_event(finder):
    assert _events(finder, "The UN calls on all sides to stop the bombing of Idlib.") == []


def test_a_headline_s_main_place_is_its_most_specific_on_a_tie(finder):
    found = extract_report("ISIS cells attack Deir al-Zor's Busayrah", SUNDAY, finder)
    assert found.main_place.name == "Al Buşayrah"


def test_the_city_is_the_city_of_the_place_named_before(finder):
    text = "Clashes raged in the countryside of Suwayda on Saturday. New bombings hit the city on Sunday, killing 4."
    found = extract_report(text, date(2018, 7, 26), finder).events
    assert [(e.place.name, e.place.kind, e.geo_precision) for e in found] == [
        ("As-Suwayda", "governorate", 3),
        ("As-Suwayda", "city", 1),
    ]


@pytest.mark.parametrize(
    ("text", "places", "unknown"),
    [
        ("A convoy entered via Kafr Lusin crossing on the Idlib border.", [("Idlib", 3)], ["Kafr Lusin"]),
        ("Jordan and Syria reopen Nassib border crossing", [], ["Nassib"]),
        ("Shelling near the Tal Abyad border crossing", [("Tal Abyad Border Crossing", 2)], []),
    ],
)
def test_crossings_and_a_governorate_s_border(finder, text, places, unknown):
    scanned = finder.scan(text)
    assert [(m.place.name, m.geo_precision) for m in scanned.places] == places
    assert [u.text for u in scanned.unknown] == unknown


def test_a_shared_name_takes_the_governorate_its_own_sentence_names_first(finder):
    text = (
        "Fighting raged in Azaz and Marea on Saturday. Tal Rifaat was shelled. Meanwhile, air strikes hit the "
        "northern countryside of Hama near Suran on Saturday, killing 4."
    )
    found = extract_report(text, SUNDAY, finder).events
    assert [e.place.admin1 for e in found if e.place.name == "Şūrān"] == ["SY-HM"]  # not Aleppo's Suran


def test_inputs_that_once_took_seconds_or_crashed(finder):
    slow = [
        "Strikes killed two in Aleppo, and 12 " + "People " * 40 + "fled.",
        "killed 12 " + "pro-government " * 40 + "x",
        "At least 280 civilians were killed so far, including 12 " + "Syrian " * 40 + "fled.",
    ]
    for text in slow:  # each exponential in its length before _WHO's words became atomic
        assert extract_report(text, SUNDAY, finder) is not None
    leap = extract_report("Air strikes hit Saraqib between February 28 and 29.", date(2020, 2, 10), finder)
    assert [e.date_start for e in leap.events] == [date(2019, 2, 28)]
    assert find_dates("20182019 days ago", SUNDAY) == []


def test_review_findings(finder):
    assert types.classify("IS seized the town.").sub_event_type == "Non-state actor overtakes territory"
    assert types.classify("Numerous troops entered Saraqib.").sub_event_type == "Government regains territory"
    fled = types.classify("Two children were killed in Saraqib as residents fled the fighting.")
    assert fled.sub_event_type == "Attack"
    [figure] = find_fatalities(
        "12 people were killed in Saraqib on Monday, bringing the toll since the start of the offensive to 300."
    )
    assert figure.best == 12
    assert find_dates("Between 20 and 30 may have been killed in Saraqib.", SUNDAY) == []
    title = "Syria’s army retakes Saraqib, 160 killed"
    found = extract_report(
        f"{title}\n\nShelling killed 12 people in Saraqib on Saturday.", SUNDAY, finder, title=title
    )
    assert [(e.fatalities_low, e.fatalities_best, e.fatalities_high) for e in found.events] == [(12, 12, 12)]


@pytest.mark.parametrize(
    ("text", "places", "unknown"),
    [
        # where the place is said to lie decides: Aleppo's al-Hadir is not the Hadar of Quneitra
        ("Israeli artillery targets Hader (Hadar) in northern Quneitra", [("Quneitra", 3)], ["Hader"]),
        ("Clans clash in al-Mazraa, west of Suwayda", [("Al Mazra‘ah", 1), ("As-Suwayda", 2)], []),
        ("Blasts hit security offices in Kafar Souseh area in Damascus", [("Damascus", 3)], ["Kafar Souseh"]),
        ("Car Bomb Explodes Near Azaz Market, Wounding at Least 12", [("I‘zāz", 2)], []),  # a market in Azaz
    ],
)
def test_where_a_place_is_said_to_lie(finder, text, places, unknown):
    scanned = finder.scan(text)
    assert [(m.place.name, m.geo_precision) for m in scanned.places] == places
    assert [u.text for u in scanned.unknown] == unknown


def test_a_doubled_letter_before_a_final_h_meets_its_plain_spelling(finder):
    [mention] = finder.find("Regime shelling kills three civilians in Darat Izza.")
    assert mention.place.name == "Dārat ‘Izzah"  # its key was "darat izaa", the text's "darat iza"


def test_a_name_in_brackets_joins_the_word_after_them(finder):
    found = finder.find("Israeli missiles hit T4 (Tiyas) airbase in eastern Homs countryside")
    assert [(m.place.name, m.geo_precision) for m in found] == [("Tiyas Military Airbase", 1), ("Homs", 3)]


@pytest.mark.parametrize(
    ("text", "place", "unknown"),
    [
        (
            "Shelling hit the village of Kinsabba in Latakia countryside.",
            ("Kinnsibbā", 2),
            [],
        ),  # vowels differ
        ("Clashes raged in Karnaz town.", ("Kurnāz", 2), []),
        ("Jets struck Kafr Jales village.", None, ["Kafr Jales"]),  # no gazetteer place has its consonants
    ],
)
def test_a_settlement_spelt_otherwise_is_found_by_its_consonants(finder, text, place, unknown):
    scanned = finder.scan(text)
    found = [(m.place.name, m.geo_precision) for m in scanned.places if m.place.kind != "governorate"]
    assert found == ([place] if place else [])
    assert [u.text for u in scanned.unknown] == unknown
