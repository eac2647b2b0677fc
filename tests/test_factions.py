"""Factions: the canonical names, normalisation from free text, and colours a colour-blind reader can tell apart."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from events.extract.actors import ACTORS
from events.factions import (
    ACTOR_FACTIONS,
    CONTESTED,
    FACTION_COLOURS,
    FACTIONS,
    faction_colour,
    normalise_faction,
)

CANONICAL = ["Government of Syria", "Islamic State", "SDF", "HTS", "Opposition/FSA", "Turkey/SNA",
             "US-led coalition", "Russia", "Contested"]  # fmt: skip


def test_the_factions_are_exactly_the_canonical_names():
    assert list(FACTIONS) == CANONICAL


@pytest.mark.parametrize("faction", CANONICAL)
def test_a_canonical_name_is_its_own_faction_in_any_case(faction):
    assert normalise_faction(faction) == faction
    assert normalise_faction(f"  {faction.upper()} ") == faction


@pytest.mark.parametrize(
    ("text", "faction"),
    [
        ("Syrian Arab Army", "Government of Syria"),
        ("regime forces", "Government of Syria"),
        ("government", "Government of Syria"),
        ("SAA", "Government of Syria"),
        ("Hezbollah", "Government of Syria"),  # the government's allies hold ground with it
        ("Iranian-backed militias", "Government of Syria"),
        ("ISIS", "Islamic State"),
        ("Daesh", "Islamic State"),
        ("IS", "Islamic State"),
        ("YPG", "SDF"),
        ("Syrian Democratic Forces (SDF)", "SDF"),
        ("kurdish", "SDF"),
        ("Jabhat al-Nusra", "HTS"),
        ("Hay'at Tahrir al-Sham", "HTS"),
        ("Free Syrian Army", "Opposition/FSA"),
        ("rebels", "Opposition/FSA"),
        ("Jaysh al-Islam", "Opposition/FSA"),
        ("Turkish-backed rebels", "Turkey/SNA"),  # not the opposition: the longer name wins
        ("Turkish forces", "Turkey/SNA"),
        ("Syrian National Army", "Turkey/SNA"),
        ("US forces", "US-led coalition"),
        ("US", "US-led coalition"),
        ("Russian forces", "Russia"),
        ("contested", "Contested"),
        ("front line", "Contested"),
        ("قوات سوريا الديمقراطية", "SDF"),
        ("داعش", "Islamic State"),
    ],
)
def test_free_text_is_normalised(text, faction):
    assert normalise_faction(text) == faction


@pytest.mark.parametrize("text", [None, "", "   ", "Israel", "civilians", "is", "the weather", "Nusra?!x"])
def test_what_is_no_faction_gives_none(text):
    assert normalise_faction(text) is None


def test_every_actor_of_the_extraction_table_has_a_decision():
    assert set(ACTOR_FACTIONS) == set(ACTORS)
    assert set(ACTOR_FACTIONS.values()) - {None} <= set(FACTIONS)


def test_each_faction_has_its_own_colour():
    assert set(FACTION_COLOURS) == set(FACTIONS)
    assert len(set(FACTION_COLOURS.values())) == len(FACTIONS)
    assert faction_colour(CONTESTED) == "#DDDDDD"  # neutral grey: contested ground takes no faction's colour
    with pytest.raises(KeyError):
        faction_colour("Israel")


# Machado, Oliveira & Fernandes (2009) simulation matrices at full severity, on linear RGB.
DEFICIENCIES = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
    "normal vision": np.eye(3).tolist(),
}  # fmt: skip


def _lab(colour: str, matrix) -> np.ndarray:
    srgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    rgb = np.clip(np.array(matrix) @ linear, 0, 1)
    to_xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = to_xyz @ rgb / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_faction_colours_stay_apart_with_colour_vision_deficiencies(deficiency):
    """Every pair of factions differs by a CIELAB distance of at least 15 (10 is plainly visible side by side)."""
    lab = {f: _lab(c, DEFICIENCIES[deficiency]) for f, c in FACTION_COLOURS.items()}
    closest = min((float(np.linalg.norm(lab[a] - lab[b])), a, b) for a, b in itertools.combinations(lab, 2))
    assert closest[0] >= 15, closest
