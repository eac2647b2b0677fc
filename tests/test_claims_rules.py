"""Control statements in sentences, with places marked by a tiny hand-made list of names."""

from __future__ import annotations

import pytest

from events.extract import actors as act
from tests.claim_sentences import statements


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The Deir Ezzor military airport remains under government control, after years of assaults.",
            [("site:deir-ez-zor-military-airport", act.GOVERNMENT, "all")],
        ),
        (
            "ISIS controls the vast majority of Deir Ezzor Province, though the city has long been contested.",
            [("adm1:SY-DY", act.ISLAMIC_STATE, "most")],
        ),
        ("Palmyra fell to IS fighters in May.", [("town:palmyra", act.ISLAMIC_STATE, "all")]),
        ("Government forces recaptured Palmyra from IS.", [("town:palmyra", act.GOVERNMENT, "all")]),
        ("The SDF captured Manbij after a long siege.", [("town:manbij", act.SDF, "all")]),
        ("Raqqa was captured by the Syrian Democratic Forces.", [("town:raqqa", act.SDF, "all")]),
        ("The army withdrew from Palmyra as ISIS advanced.", [("town:palmyra", act.ISLAMIC_STATE, "all")]),
        (
            "Fighters came dangerously close to the government-held Deir Ezzor military airport.",
            [("site:deir-ez-zor-military-airport", act.GOVERNMENT, "all")],
        ),
    ],
)
def test_control_statements(sentence, expected):
    assert statements(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Heavy fighting continued around Palmyra.",
        "Palmyra was captured in 2015.",  # no actor named: no claim is guessed
        "Residents of Raqqa described the shelling.",
    ],
)
def test_no_statement_without_a_holder(sentence):
    assert statements(sentence) == []
