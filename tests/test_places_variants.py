"""Place names in report text as English-language reports spell them: transliterations, articles, regions,
governorates against cities, names that are no place, and places abroad. Every sentence is our own."""

from __future__ import annotations

import pytest

from events.extract.places import PlaceFinder
from geodata.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def finder() -> PlaceFinder:
    return PlaceFinder(load_gazetteer(include_fetched=False))


def _found(finder: PlaceFinder, text: str) -> list[tuple[str, str | None, str, int]]:
    return [(m.text, m.place.admin1, m.place.kind, m.geo_precision) for m in finder.find(text)]


@pytest.mark.parametrize(
    ("spelling", "admin1", "kind"),
    [
        ("Idleb", "SY-ID", "city"),
        ("Deir Ezzor", "SY-DY", "city"),
        ("Deir al-Zour", "SY-DY", "city"),
        ("Dayr az Zawr", "SY-DY", "city"),
        ("Deraa", "SY-DR", "city"),
        ("Dar'a", "SY-DR", "city"),
        ("Rakka", "SY-RA", "city"),
        ("Hasakeh", "SY-HA", "city"),
        ("Hassakeh", "SY-HA", "city"),
        ("Qamishlo", "SY-HA", "city"),
        ("Efrin", "SY-HL", "town"),
        ("Menbij", "SY-HL", "town"),
        ("Jisr al-Shughour", "SY-ID", "town"),
        ("Serekaniye", "SY-HA", "village"),
        ("Jindires", "SY-HL", "town"),
        ("Baghouz", "SY-DY", "town"),
        ("Latamneh", "SY-HM", "town"),
        ("Jobar", "SY-DI", "neighbourhood"),
        ("al-Tanf", "SY-HI", "military base"),
    ],
)
def test_transliterations_find_the_place(finder, spelling, admin1, kind):
    [(text, found_admin1, found_kind, _)] = _found(finder, f"Mortars struck {spelling} late on Monday.")
    assert (text, found_admin1, found_kind) == (spelling, admin1, kind)


@pytest.mark.parametrize(
    ("sentence", "name", "admin1"),
    [
        ("Jets struck al-Raqqah at dawn.", "al-Raqqah", "SY-RA"),
        ("A car bomb went off in el-Bab.", "el-Bab", "SY-HL"),
        ("Fighters entered ad-Dana overnight.", "ad-Dana", "SY-ID"),
        ("Families fled as-Safira.", "as-Safira", "SY-HL"),
    ],
)
def test_a_lower_case_article_does_not_hide_the_name(finder, sentence, name, admin1):
    assert [(t, a) for t, a, _, _ in _found(finder, sentence)] == [(name, admin1)]


@pytest.mark.parametrize(
    ("sentence", "admin1"),
    [
        ("Shelling hit Idleb province again.", "SY-ID"),
        ("Rockets fell in the countryside of Deraa.", "SY-DR"),
        ("Cells attacked a checkpoint in the Homs desert.", "SY-HI"),
        ("Clashes continued in the Lattakia mountains.", "SY-LA"),
        ("Troops advanced in Hama's northern countryside.", "SY-HM"),
        ("Planes bombed the countryside of Damascus.", "SY-RD"),
        ("Mortars fell on the Damascus suburbs.", "SY-RD"),
        ("Patrols moved through the Jazira region.", "SY-HA"),
        ("Raids went on in the Middle Euphrates River Valley.", "SY-DY"),
    ],
)
def test_countryside_desert_and_region_words_mean_the_governorate(finder, sentence, admin1):
    [(_, found, kind, precision)] = _found(finder, sentence)
    assert (found, kind, precision) == (admin1, "governorate", 3)


def test_the_city_stays_the_city(finder):
    assert _found(finder, "Shells hit the city of Hama.")[0][1:] == ("SY-HM", "city", 1)


@pytest.mark.parametrize(
    ("sentence", "admin1"),
    [
        ("Barrel bombs fell on Eastern Ghouta.", "SY-RD"),
        ("The siege of the Eastern Ghouta of Damascus tightened.", "SY-RD"),
        ("Artillery pounded villages in Sahl al-Ghab.", "SY-HM"),
        ("Fighting spread in the Yarmouk Basin.", "SY-DR"),
        ("The army pressed on in Jabal al-Akrad.", "SY-LA"),
        ("Convoys crossed the Qalamoun mountains.", "SY-RD"),
    ],
)
def test_regions_are_places_with_a_regional_precision(finder, sentence, admin1):
    [(_, found, kind, precision)] = _found(finder, sentence)
    assert (found, kind, precision) == (admin1, "region", 2)


def test_yarmouk_basin_is_not_the_yarmouk_camp_in_damascus(finder):
    assert _found(finder, "Clashes in the Yarmouk Basin west of Daraa.")[0][:2] == ("Yarmouk Basin", "SY-DR")
    assert _found(finder, "Clashes in the Yarmouk camp.")[0][1] == "SY-DI"


@pytest.mark.parametrize(
    "sentence",
    [
        "Hayat Tahrir al-Sham fighters left the front.",
        "Ahrar Al-Sham and its allies signed a truce.",
        "Shells hit Tal Hawash village.",  # a generic word opening a name the gazetteer lacks
        "Rebels reached Khan al-Assal at night.",
        "Rashid said the talks had failed.",
    ],
)
def test_words_that_are_no_syrian_place(finder, sentence):
    assert finder.find(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "country"),
    [
        ("Mortar rounds landed in Ceylanpinar on Tuesday.", "Turkey"),
        ("Jets struck near al-Qaim, across the border.", "Iraq"),
        ("Refugees in Arsal were moved.", "Lebanon"),
        ("Sirens sounded in Tel Aviv.", "Israel"),
        ("Shells landed in the Turkish town of Akcakale.", "Turkey"),
    ],
)
def test_places_abroad_are_reported_apart(finder, sentence, country):
    places, abroad, _ = finder.scan(sentence)
    assert places == [] and [a.country for a in abroad][:1] == [country]


def test_a_name_syria_shares_with_a_neighbour_follows_the_context(finder):
    assert finder.find("Clashes erupted near Sinjar in Idlib's east.")[0].place.admin1 == "SY-ID"
    places, abroad, _ = finder.scan("Clashes erupted near Sinjar in Iraq.")
    assert places == [] and abroad[0].text == "Sinjar"


def test_the_capital_is_damascus(finder):
    assert _found(finder, "Shells hit the capital overnight.") == [("the capital", "SY-DI", "city", 1)]
    assert _found(finder, "Shells hit the Turkish capital overnight.") == []
    assert [m.text for m in finder.find("Shells hit the capital Damascus.")] == ["Damascus"]


def test_compounds_written_apart_match(finder):
    [mention] = finder.find("Clashes raged near the Abu Duhur air base.")
    assert (mention.place.kind, mention.place.id) == ("airbase", "site:abu-al-duhur-airbase")
