"""Actors named in report text, normalised to one name each.

The table follows the names conflict datasets use for Syria's war. Short acronyms ("IS", "SAA", "SDF") match
case-sensitively so that the English word "is" never becomes the Islamic State; longer names match in any case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

ISLAMIC_STATE = "Islamic State"
GOVERNMENT = "Government of Syria"
SDF = "SDF"
HTS = "HTS"
OPPOSITION = "Opposition/FSA"
TURKEY = "Turkish forces"
SNA = "Turkish-backed SNA"
RUSSIA = "Russia"
COALITION = "US-led coalition"
ISRAEL = "Israel"
HEZBOLLAH = "Hezbollah"
IRAN = "Iran"
CIVILIANS = "Civilians"

# canonical name -> (case-insensitive aliases, case-sensitive aliases)
ACTORS: dict[str, tuple[list[str], list[str]]] = {
    ISLAMIC_STATE: (
        ["islamic state", "isis", "isil", "daesh", "daish", "da'esh", "islamic state of iraq and the levant",
         "islamic state of iraq and syria", "islamic state of iraq and al-sham", "داعش", "تنظيم الدولة",
         "الدولة الإسلامية", "الدولة الاسلامية"],
        ["IS"],
    ),
    GOVERNMENT: (
        ["syrian army", "syrian arab army", "syrian government", "syrian troops", "syrian forces",
         "government forces", "government troops", "pro-government forces", "regime forces", "assad forces",
         "assad regime", "the regime", "loyalist forces", "loyalists", "syrian military", "syrian air force",
         "republican guard", "tiger forces", "national defence forces", "national defense forces",
         "government of syria", "damascus government", "الجيش السوري", "قوات النظام", "الجيش العربي السوري",
         "النظام السوري", "قوات الأسد", "القوات الحكومية", "الدفاع الوطني"],
        ["SAA", "NDF"],
    ),
    SDF: (
        ["syrian democratic forces", "kurdish forces", "kurdish fighters", "kurdish-led forces",
         "kurdish militia", "people's protection units", "peoples protection units", "women's protection units",
         "قسد", "قوات سوريا الديمقراطية", "وحدات حماية الشعب", "الوحدات الكردية"],
        ["SDF", "YPG", "YPJ"],
    ),
    HTS: (
        ["hayat tahrir al-sham", "hay'at tahrir al-sham", "tahrir al-sham", "nusra front", "al-nusra front",
         "jabhat al-nusra", "al-nusra", "jabhat fateh al-sham", "jabhat fatah al-sham", "al-qaeda affiliate",
         "al qaeda affiliate", "al-qaeda's syrian affiliate", "هيئة تحرير الشام", "جبهة النصرة"],
        ["HTS", "JFS"],
    ),
    OPPOSITION: (
        ["free syrian army", "syrian opposition", "opposition forces", "opposition fighters", "rebel forces",
         "rebel fighters", "rebels", "insurgents", "national front for liberation", "jaysh al-islam",
         "jaish al-islam", "ahrar al-sham", "الجيش الحر", "الجيش السوري الحر", "المعارضة", "فصائل المعارضة",
         "الفصائل المسلحة", "الجبهة الوطنية للتحرير"],
        ["FSA", "NFL"],
    ),
    SNA: (
        ["syrian national army", "turkish-backed forces", "turkish-backed rebels", "turkish-backed fighters",
         "turkish-backed syrian rebels", "turkish-backed syrian fighters", "turkish-backed syrian", "ankara-backed",
         "turkey-backed", "turkey-backed rebels", "turkish-backed factions", "الجيش الوطني السوري"],
        ["SNA", "TFSA"],
    ),
    TURKEY: (
        ["turkish forces", "turkish army", "turkish military", "turkish troops", "turkish armed forces",
         "turkish air force", "turkish jets", "turkish drones", "turkish drone", "turkish artillery",
         "turkish warplanes", "turkish aircraft", "turkish shelling", "turkey", "ankara", "القوات التركية",
         "الجيش التركي", "تركيا"],
        ["TAF"],
    ),
    RUSSIA: (
        ["russian forces", "russian air force", "russian jets", "russian warplanes", "russian military",
         "russian aircraft", "russia", "moscow", "الطيران الروسي", "روسيا", "القوات الروسية",
         "الطائرات الروسية"],
        [],
    ),
    COALITION: (
        ["us-led coalition", "u.s.-led coalition", "international coalition", "anti-isis coalition",
         "coalition forces", "coalition aircraft", "coalition warplanes", "coalition jets", "us forces",
         "u.s. forces", "american forces", "us military", "u.s. military", "pentagon", "التحالف الدولي",
         "القوات الأمريكية", "القوات الأميركية"],
        [],
    ),
    ISRAEL: (["israel", "israeli", "israeli forces", "idf", "israeli air force", "israeli jets", "إسرائيل",
                "اسرائيل", "الجيش الإسرائيلي"], []),
    HEZBOLLAH: (["hezbollah", "hizbollah", "hizballah", "حزب الله"], []),
    IRAN: (["iranian forces", "irgc", "revolutionary guard", "iranian-backed militias", "iran-backed militias",
            "iran", "إيران", "ايران", "الحرس الثوري"], []),
    CIVILIANS: (["civilians", "civilian", "residents", "villagers", "children", "displaced people", "مدنيين",
                   "مدنيا", "مدنياً", "مدنيون", "المدنيين"], []),
}  # fmt: skip


@dataclass(frozen=True)
class ActorMention:
    """An actor named in text: its canonical name and the words that named it."""

    actor: str
    text: str
    span: tuple[int, int]


# Arabic one-letter words glued to the name: "لداعش" (to ISIS), "وقوات النظام" (and the regime's forces).
_GLUED = r"(?:[وفبلك]{1,2}(?=[\u0621-\u064A]))?"


def _alternation(aliases: list[str]) -> str:
    return "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    insensitive, sensitive, canonical = [], [], {}
    for actor, (folded, exact) in ACTORS.items():
        # "ل" before "ال" drops the alef: "للطيران الروسي" is "ل" + "الطيران الروسي"
        folded = folded + ["لل" + a[2:] for a in folded if a.startswith("ال")]
        for alias in folded:
            canonical[alias.lower()] = actor
        for alias in exact:
            canonical[alias] = actor
        insensitive.extend(folded)
        sensitive.extend(exact)
    boundary_l, boundary_r = r"(?<![\w-])", r"(?![\w-])"
    return (
        re.compile(boundary_l + _GLUED + "(?P<name>" + _alternation(insensitive) + ")" + boundary_r, re.I),
        re.compile(boundary_l + "(?P<name>" + _alternation(sensitive) + ")" + boundary_r),
        canonical,
    )


def find_actors(text: str) -> list[ActorMention]:
    """Find the actors ``text`` names, in order of appearance, each normalised to its canonical name."""
    folded, exact, canonical = _patterns()
    found = [
        ActorMention(canonical[m.group("name").lower()], m.group("name"), m.span("name"))
        for m in folded.finditer(text)
    ]
    for match in exact.finditer(text):
        if not any(match.start() < m.span[1] and m.span[0] < match.end() for m in found):
            found.append(
                ActorMention(canonical[match.group("name")], match.group("name"), match.span("name"))
            )
    return sorted(found, key=lambda m: m.span)


def normalise_actor(name: str) -> str | None:
    """The canonical name for an actor's name or alias, or None when the table does not know it."""
    mentions = find_actors(name)
    return mentions[0].actor if mentions else None
