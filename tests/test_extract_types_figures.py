"""Rule tables for event types (killings, territory, generic words) and for fatality figures (parts of a toll,
tallies of many events, one figure per event)."""

from __future__ import annotations

import pytest

from events.extract import types
from events.extract.fatalities import FatalityMention, combine, find_fatalities

ATTACK = (types.CIVILIANS, "Attack")
CLASH = (types.BATTLES, "Armed clash")
IED = (types.REMOTE, "Remote explosive/landmine/IED")
AIR = (types.REMOTE, "Air/drone strike")
GOVERNMENT = (types.BATTLES, "Government regains territory")
NON_STATE = (types.BATTLES, "Non-state actor overtakes territory")


def _decided(sentence):
    decided = types.classify(sentence)
    return decided and (decided.event_type, decided.sub_event_type)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a killing alone is an attack on civilians
        ("Unknown gunmen shot dead a local council member on Tuesday.", ATTACK),
        ("A former rebel commander was gunned down outside his home.", ATTACK),
        ("A pharmacist was found dead on the outskirts of the town.", ATTACK),
        ("Masked men opened fire on a minibus near the bridge.", ATTACK),
        ("The mukhtar of the village was assassinated on Friday.", ATTACK),
        ("Two brothers were killed at their farm.", ATTACK),
        # an agreement named beside a killing does not decide
        ("A wave of assassinations hit men who joined the reconciliation agreement.", ATTACK),
        # fighters killed where nothing says they were targeted: a clash
        ("Rebels targeted an army post with machine guns, killing two soldiers.", CLASH),
        ("Militants ambushed a convoy on the desert road.", CLASH),
        ("Special forces raided a hideout in the village.", CLASH),
        ("A truck bomb tore through the vegetable market.", IED),
        ("A bombing at the bus station wounded dozens.", IED),
        ("A blast hit the bus station.", IED),
        ("Two IEDs detonated near the bridge.", IED),
        (
            "The attacker detonated his vest in a suicide operation at the gate.",
            (types.REMOTE, "Suicide bomb"),
        ),
        ("Israeli jets fired missiles at a depot near the airport.", AIR),
        ("Aircraft launched rockets at the hills overnight.", AIR),
        ("Another raid hit a residential block, killing six.", AIR),
    ],
)
def test_violence_words_give_their_acled_type(sentence, expected):
    assert _decided(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Army units entered the town of Deir Hafer.", GOVERNMENT),
        ("Government forces took full control of the village.", GOVERNMENT),
        ("Regime forces seized two hills overlooking the road.", GOVERNMENT),
        ("The Syrian army liberated the villages east of the lake.", GOVERNMENT),
        ("Troops restored security and stability to the town.", GOVERNMENT),
        ("The Observatory said regime forces had captured the district.", GOVERNMENT),
        ("The town was captured by government troops after a week.", GOVERNMENT),
        ("The village fell to regime forces.", GOVERNMENT),
        ("Islamic State fighters took full control of the oil field.", NON_STATE),
        ("Turkish-backed factions entered the village at dawn.", NON_STATE),
        ("The SDF have taken control of the dam.", NON_STATE),
        ("The Free Syrian Army recaptured the village.", NON_STATE),  # not the Syrian army
    ],
)
def test_who_takes_a_place_decides_the_territory_type(sentence, expected):
    assert _decided(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected", "generic"),
    [
        ("Heavy fighting continued near the dam.", CLASH, True),
        ("The fighting entered its third week.", CLASH, True),  # not a taking
        ("The army launched a military operation in the area.", CLASH, True),
        ("Explosions were heard across the city.", IED, True),
        ("The agreement was signed in Astana.", (types.STRATEGIC, "Agreement"), True),
        ("تواصلت المعارك على أطراف البلدة", CLASH, True),
        # a specific word beside a generic one decides, and the type is not generic
        ("Explosions shook the town as clashes erupted.", CLASH, False),
        ("Clashes broke out after the agreement collapsed.", CLASH, False),
        ("اندلعت اشتباكات بعد انهيار الاتفاق", CLASH, False),
    ],
)
def test_a_type_only_a_generic_word_decided_is_marked_generic(sentence, expected, generic):
    decided = types.classify(sentence)
    assert ((decided.event_type, decided.sub_event_type), decided.generic) == (expected, generic)


def test_a_killing_makes_a_generic_word_specific():
    assert types.classify("Heavy fighting continued near the dam.").generic
    decided = types.classify("Three fighters were killed in the fighting near the dam.")
    assert ((decided.event_type, decided.sub_event_type), decided.generic) == (CLASH, False)


@pytest.mark.parametrize(
    "sentence",
    [
        "Aid workers warned that an all-out attack on the city could cause a catastrophe.",
        "Thousands of families fled the fighting around the town.",
        "Ten fighters were neutralised since the offensive began on Monday.",
    ],
)
def test_a_generic_word_naming_what_may_come_or_what_people_flee_names_no_event(sentence):
    assert types.classify(sentence) is None


@pytest.mark.parametrize(
    ("text", "low", "best", "high"),
    [
        ("The monitor documented the death of 14 members of the security forces.", 14, 14, 14),
        ("more than 140 people, including 31 children, have been killed", 140, 140, None),
        ("at least 52 people, most of them civilians, were killed", 52, 52, None),
        ("18 people, six of them women, were killed", 18, 18, 18),
        ("Shelling killed 12 people, among them 4 children killed in their school.", 12, 12, 12),
    ],
)
def test_a_part_of_a_toll_is_no_toll_of_its_own(text, low, best, high):
    [mention] = find_fatalities(text)
    assert (mention.low, mention.best, mention.high) == (low, best, high)


@pytest.mark.parametrize(
    "text",
    [
        "At least 500 people have been killed so far.",
        "In total, 93 fighters were killed.",
        "More than 3,000 civilians have been killed across Syria this year.",
        "Some 400,000 people have been killed since March 2011.",
        "At least 70 soldiers were killed since the start of the offensive.",
        "Over the past year, 200 people were killed by landmines.",
        "The monitor counted 35 assassinations during May, which killed 41 people.",
        "Another 60 fighters were killed in the same period.",
        # the same tally twice: a headline run into the sentence that gives it as a tally
        "90 Killed as Fighting Spreads At least 90 people were killed across the country on Friday.",
    ],
)
def test_a_tally_of_many_events_is_no_toll(text):
    assert find_fatalities(text) == []


def test_a_short_span_stays_and_a_tally_part_with_its_own_event_is_kept():
    figures = find_fatalities(
        "More than 300 civilians have been killed since the start of the campaign, including at least 12 in a "
        "strike on the bakery. At least 40 fighters were killed in clashes around the village since Thursday."
    )
    assert [(m.low, m.best, m.high) for m in figures] == [(12, 12, None), (40, 40, None)]


def _m(low, best, high):
    return FatalityMention(low, best, high, "", (0, 0))


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        ([_m(10, 10, None), _m(2, 2, 2)], (10, 10, None)),  # "at least 10 ... 2 children were killed"
        ([_m(30, 30, None), _m(4, 4, 4), _m(7, 7, 7)], (30, 30, None)),
        ([_m(24, None, None), _m(16, 16, None)], (24, None, None)),  # "dozens", then "at least 16"
        ([_m(5, 5, 5), _m(40, None, None)], (40, None, None)),  # "5 killed", then "scores"
    ],
)
def test_an_exact_figure_below_a_lower_bound_is_a_part_of_the_toll(mentions, expected):
    low, best, high = combine(mentions)
    assert (low, best, high) == expected
    assert best is None or ((low is None or low <= best) and (high is None or best <= high))
