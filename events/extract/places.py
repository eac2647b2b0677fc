"""Places named in report text, found through the gazetteer and placed with an honest precision.

Every gazetteer name and alias (Arabic script included) is indexed by :func:`geodata.names.normal_key`; text is
scanned for the longest run of words whose key is in the index. The words around a mention decide its kind and
precision: "Deir Ezzor Province", "Idlib countryside" and "the governorate" mean the governorate (precision 3);
"the city of Deir Ezzor" the city; "near", "outskirts of", "east of" lower the precision to 2. The other
candidates of an ambiguous name are kept. Arabic text gets the same rules in Arabic words ("ريف", "مدينة",
"قرب"), and a name is found behind the one-letter words Arabic glues on ("وحماة", "بإدلب", "للرقة"); an Arabic
word that opens no gazetteer name is passed over at once.

What English-language reports write that is not a Syrian place is left out: a generic word standing alone or
opening an unknown name ("Tal", "Khan" in "Khan al-Assal"), aliases that reports use for something else
("al-Sham" names factions: Tahrir al-Sham, Ahrar al-Sham), and places in the neighbouring countries (Iraq's
al-Qaim, Turkey's Ceylanpinar, Lebanon's Arsal, Israel's Tel Aviv), found by name or by context ("in Iraq",
"the Turkish town of"). :meth:`PlaceFinder.scan` reports those foreign mentions apart, so that a sentence about
a place abroad does not take the report's last Syrian place.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

from geodata.gazetteer import Gazetteer, Place
from geodata.names import is_arabic, normal_key, skeleton_key

MAX_WORDS = 6
_key = lru_cache(maxsize=200_000)(normal_key)  # the same word runs recur across reports
_ARTICLES = {"al", "el", "ar", "as", "ad", "az", "an", "at", "ash", "the", "and", "of"}
SITE_KINDS = {
    "airport",
    "airbase",
    "military base",
    "dam",
    "border crossing",
    "oil field",
    "gas field",
    "prison",
}
REGION_KINDS = {"district", "subdistrict", "region"}  # part of a region: geo precision 2
SETTLEMENT_RANK = {"city": 0, "town": 1, "village": 2, "neighbourhood": 3, "district": 4, "subdistrict": 5}
_POSSESSIVE = ("'s", "’s")
_WORD = re.compile(r"[^\W\d_]+(?:['’ʿʾ`-][^\W\d_]+)*")
# A lower-case article glued to a capitalised name starts a name too: "al-Raqqah", "el-Bab", "ad-Dana".
_ARTICLE_NAME = re.compile(r"^(?:al|el|ar|as|ad|az|an|at|ash|ath|adh|ed|es|et|er|ez|en)[-'’‘]?(?=[A-Z])")
# Words that name a kind of place: alone, or opening a name the gazetteer lacks ("Tal Hawash"), they are no place.
GENERIC_WORDS = frozenset(
    {
        "tal", "tall", "tel", "tell", "khan", "kafr", "kfar", "kafar", "kefr", "kfr", "deir", "dayr", "jabal", "jebel",
        "ain", "ayn", "ein", "abu", "beit", "bayt", "khirbet", "khirbat", "sheikh", "shaykh", "umm", "maarat",
        "maarrat", "bab", "jisr", "ras", "wadi", "bir", "qalaat", "qasr", "hay", "hayy", "sahl", "marj", "nahr",
        "mazraat", "tallat",
    }
)  # fmt: skip
# Aliases that English-language reports use for something else: "al-Sham" names factions (Tahrir al-Sham,
# Ahrar al-Sham, Faylaq al-Sham) and the Levant far more often than Damascus; "Rashid" (an old name of Raqqa
# governorate) is a given name; "DAM" is an airport code.
NOT_PLACES = frozenset({"sham", "dam", "rashid"})
# Places in the neighbouring countries that reports of the war name, by country ('|'-separated, as the aliases
# of sites.csv). They are never Syrian places; a name Syria shares with one (Sinjar, Rabia) is Syrian unless
# the words around it say otherwise ("Iraq's Sinjar", "Sinjar in Iraq").
FOREIGN_PLACES = {
    "Iraq": "Iraq|Baghdad|Mosul|Nineveh|Anbar|al-Qaim|Qaim|Husaybah|Ramadi|Fallujah|Rawa|Anah|Haditha|Rutba|"
    "Tal Afar|Kirkuk|Erbil|Duhok|Sulaymaniyah|Tikrit|Samarra|Basra|Kurdistan Region|Iraqi Kurdistan",
    "Turkey": "Turkey|Ankara|Istanbul|Ceylanpinar|Ceylanpınar|Akcakale|Akçakale|Kilis|Hatay|Reyhanli|Reyhanlı|"
    "Antakya|Sanliurfa|Şanlıurfa|Urfa|Gaziantep|Nusaybin|Mardin|Suruc|Suruç|Kiziltepe|Cizre|Elbeyli|Karkamis|"
    "Karkamış|Yayladagi|Adana|Incirlik",
    "Lebanon": "Lebanon|Beirut|Arsal|Hermel|Baalbek|Ras Baalbek|Qaa|Bekaa|Sidon|Tyre|Tripoli",
    "Jordan": "Jordan|Amman|Ramtha|Mafraq|Irbid|Zarqa",
    "Israel": "Israel|Tel Aviv|Jerusalem|Haifa|Golan Heights|occupied Golan|Israeli-occupied Golan|Majdal Shams|"
    "Katzrin",
    "Iran": "Iran|Tehran",
    "elsewhere": "Russia|Moscow|Sochi|Astana|Geneva|China|Beijing|United States|America|Washington|New York|"
    "France|Paris|Britain|London|Germany|Berlin|Brussels|Vienna|Munich|Saudi Arabia|Riyadh|Qatar|Doha|Egypt|"
    "Cairo|United Arab Emirates|Abu Dhabi|Kuwait|Afghanistan|Yemen|Libya",
}
_COUNTRIES = "Iraq|Turkey|Lebanon|Jordan|Israel|Iran"
_ABROAD_AFTER = re.compile(rf"^\s+(?:in|inside)\s+(?:the\s+)?(?:neighbou?ring\s+)?(?:{_COUNTRIES})\b")
_ABROAD_BEFORE = re.compile(
    r"\b(?:Iraqi|Turkish|Lebanese|Jordanian|Israeli)\s+(?:border\s+)?(?:town|city|village|province|region|district)"
    r"\s+of\s+$"
)
_POSSESSIVE_BEFORE = re.compile(rf"\b(?:{_COUNTRIES})['’]s\s+$")
# "The capital" of a report about Syria is Damascus ("the Syrian capital", not "the Turkish capital" or "the
# capital of Raqqa province").
_CAPITAL = re.compile(
    r"\b[Tt]he\s+(?:Syrian\s+)?capital\b(?!\s+(?:of|city\s+of)\b)(?![\s,]+(?:Damascus|Dimashq)\b)"
)
CAPITAL_ADMIN1 = "SY-DI"
_DIRECTION = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
_GOVERNORATE_AFTER = re.compile(
    rf"^(?:['’]s)?\W{{0,3}}(?:{_DIRECTION}\s+)?"
    r"(?:provinces?|governorates?|countryside|region|rural areas?|deserts?|badia|mountains|border)\b"
    r"|^(?:\s*(?:,|and|&)\s*[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*)?)+\s+(?:provinces|governorates|countryside)\b",
    re.I,
)
_PART_OF = (
    r"\b(?:northern|southern|eastern|western|north-?western|north-?eastern|south-?western|south-?eastern)\s+$"
)
_GOVERNORATE_BEFORE = re.compile(
    r"\b(?:province|governorate|countryside|rif|rural|desert|badia|mountains)\s+(?:of\s+)?(?:the\s+)?$"
    # "southern Idlib", "northern Hama": that part of the governorate (of the two great cities, the districts)
    rf"|{_PART_OF}"
    r"|محافظة\s*$|ريف\s*$|بادية\s*$",
    re.I,
)
_DIRECTION_BEFORE = re.compile(_PART_OF, re.I)
GREAT_CITY = 1_000_000  # Aleppo and Damascus: "eastern Aleppo" is the city's eastern districts
# "The countryside of Damascus" is Rif Dimashq, the governorate around the city's own.
_COUNTRYSIDE_AFTER = re.compile(
    rf"^(?:['’]s)?\W{{0,3}}(?:{_DIRECTION}\s+)?(?:countryside|suburbs|rural areas?)\b", re.I
)
_COUNTRYSIDE_BEFORE = re.compile(
    r"\b(?:countryside|suburbs|rif|rural|reef)\s+(?:of\s+)?(?:the\s+)?$|ريف\s*$", re.I
)
COUNTRYSIDE_OF = {"SY-DI": "adm1:SY-RD"}
_CITY_BEFORE = re.compile(
    r"\b(?:city|town)\s+of\s+$|\bin\s+(?:the\s+)?(?:city|town)\s+$|(?:مدينة|بلدة|قرية)\s*$", re.I
)
_NEAR_BEFORE = re.compile(
    r"\b(?:near|nearby|outside|around|outskirts\s+of|vicinity\s+of|close\s+to|on\s+the\s+edge\s+of|"
    r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+(?:of|part\s+of)|"
    r"km\s+(?:from|of)|kilometres\s+(?:from|of)|miles\s+(?:from|of))\s+(?:the\s+)?(?:city\s+of\s+|town\s+of\s+)?$"
    # Arabic: "قرب", "بالقرب من", "في محيط", "أطراف", "ضواحي", "مشارف", "شرق"/"شرقي" and the other directions,
    # before the name or before "مدينة"/"بلدة"/"قرية" and the name
    r"|(?:^|[\s،,(])[وفب]?(?:قرب|بالقرب\s+من|محيط|أطراف|اطراف|ضواحي|مشارف|تخوم|(?:شمال|جنوب)(?:\s*[-]?\s*(?:شرق|غرب))?ي?"
    r"|شرقي?|غربي?)\s+(?:مدينة\s+|بلدة\s+|قرية\s+)?$",
    re.I,
)
# One-letter Arabic words glued to the next word: "و" (and), "ف" (then), "ب" (in, by), "ل" (to, for), "ك" (as).
# "وحماة", "بإدلب", "للرقة" (ل + الرقة) name Hama, Idlib and Raqqa.
PROCLITICS = frozenset("وفبلك")


# A village's or town's name before one of these names a landmark, not the settlement: "Karama Square".
_LANDMARK_AFTER = re.compile(
    r"(?:\s*\([^)]{1,30}\))?\s+(?:Square|Street|Roundabout|Bridge|Gate|Park|Brigade|Battalion|Division|Regiment)\b"
)
SMALL_KINDS = frozenset({"village", "town", "locality", "neighbourhood"})
MIN_SKELETON = 4  # consonants a spelling must keep to be matched by them alone
_ARTICLE_LED = re.compile(r"(?:al|el|as|ad|ar|at|an|az|ash)[-‘’']", re.I)
# Capitalised words that may open a sentence or stand before a place without being part of its name.
_OPENERS = frozenset(
    {
        "in", "on", "at", "from", "near", "to", "by", "with", "for", "into", "outside", "inside", "around",
        "across", "toward", "towards", "of", "and", "the", "as", "while", "after", "before", "since", "both",
        "east", "west", "north", "south", "central", "northern", "southern", "eastern", "western", "rural",
        "greater", "downtown", "besieged", "liberated", "occupied", "entire", "all", "but", "or", "if", "when",
        "where", "during", "between", "via", "through", "beyond", "within", "against", "reach", "reached",
    }
)  # fmt: skip
_PERSON_BEFORE = re.compile(
    r"\b(?:President|Bashar|Hafez|Maher|Asma|Rifaat|Mr|Gen|General|Sheikh|Imam|Abu)\s+\S+\s$"
)
# A known name followed by an article-led word is a longer name the gazetteer lacks: "Busra al-Harir".
_NAME_GOES_ON = re.compile(r"[ \t]+(?:al|el|as|ad|ar|at|an|az|ash)-[A-Z][\w'’-]*")
# Organisations named after a place run an area, not a point: "the Raqqa Civil Council" (precision 2).
_ORGANISATION_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:(?:Civil|Military|Local|Provincial|Revolutionary|Security|City)\s+Council|Media\s+Cent(?:er|re)|"
    r"Health\s+Directorate|Governorate\s+Council)\b"
)
# A road named by its two ends ("the Manbij – Aleppo road", "the highway linking Damascus and Aleppo") is
# somewhere along it: the first end, at precision 2; the far end names no place of the event.
_ROUTE_WORD = re.compile(r"\b(?:highway|road|motorway|railway|route)s?\b", re.I)
_ROUTE_PAIR_GAP = re.compile(r"^\s*[–—-]\s*$")
_ROUTE_AFTER = re.compile(r"^(?:\s+international)?\s+(?:highway|road|motorway|railway|route)\b", re.I)
_ROUTE_LINK_BEFORE = re.compile(
    r"\b(?:highway|road|motorway|railway|route)s?\s+(?:[\w-]+\s+){0,2}?(?:linking|connecting|between|from)\s+"
    r"(?:the\s+)?(?:cities\s+of\s+|towns\s+of\s+)?$",
    re.I,
)
_ROUTE_LINK_GAP = re.compile(r"^\s+(?:and|with|to)\s+(?:the\s+)?$", re.I)
# "Damascus" speaking for the state is not a place where something happened: "Damascus and its allies",
# "Damascus said", "talks with Damascus", "forces loyal to Damascus".
_STATE_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:government|regime|authorities|officials|leadership|(?:has|have|had)\s+(?:said|accused|"
    r"denied|blamed|called|rejected|refused|vowed|warned|agreed)|(?:says|said|accuses|accused|denies|denied|blames|"
    r"blamed|announces|announced|insists|insisted|rejects|rejected|refuses|refused|wants|presses|pressed|vows|"
    r"vowed|warns|warned|threatens|seeks|urges|condemns|condemned|welcomes|welcomed|demands|agrees|agreed|backs|"
    r"signs|signed|sends|sent|responds|responded|retaliates)\b|and\s+(?:its\s+allies|Moscow|Tehran)\b)"
    r"|^['’]s\s+(?:allies|ally|forces|army|troops|military|backers|air\s+force|demands?|position|request|refusal|"
    r"approval|decision|stance|envoy|ambassador|delegation|representatives?|officials|ministry|foreign\s+ministry|"
    r"president|regime|government|policy|response|consent|blessing)\b",
    re.I,  # headlines capitalise every word: "Damascus Presses Idlib Offensive"
)
_STATE_BEFORE = re.compile(
    r"\b(?:loyal\s+to|backed\s+by|allied\s+(?:to|with)|talks\s+with|negotiations\s+with|deal\s+with|"
    r"agreement\s+with|pressure\s+on|relations\s+with|(?:Moscow|Tehran|Ankara|Washington)\s+and|"
    r"(?:officials|authorities|government|leadership|regime|rulers|ministers?|diplomats)\s+in)\s+$",
    re.I,
)


def _speaks_for_state(text: str, mention: PlaceMention) -> bool:
    """True when a mention of the capital names the government ("Damascus said"), not the city."""
    after = text[mention.end : mention.end + 40]
    if mention.text.endswith(_POSSESSIVE):  # "Damascus's" is a key of its own
        after = "’s" + after
    return bool(
        _STATE_AFTER.match(after) or _STATE_BEFORE.search(text[max(0, mention.start - 40) : mention.start])
    )


def _along_routes(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """``mentions`` with each road named by its two ends as its first end at precision 2 (see above), or
    without it when the text names another place ("the highway linking Damascus and Aleppo near Saraqib")."""
    kept: list[PlaceMention] = []
    roads: list[PlaceMention] = []
    skip = False
    for near, far in zip(mentions, [*mentions[1:], None], strict=True):
        if skip:
            skip = False
            continue
        if far is not None:
            gap = text[near.end : far.start]
            paired = _ROUTE_PAIR_GAP.match(gap) and _ROUTE_AFTER.match(text[far.end : far.end + 40])
            linked = _ROUTE_LINK_GAP.match(gap) and _ROUTE_LINK_BEFORE.search(
                text[max(0, near.start - 60) : near.start]
            )
            if paired or linked:
                roads.append(replace(near, geo_precision=max(near.geo_precision, 2)))
                kept.append(roads[-1])
                skip = True
                continue
        kept.append(near)
    if len(kept) > len(roads):
        return [m for m in kept if m not in roads]
    return kept


# A settlement the gazetteer lacks, named with what it is: "the village of Zardana", "Jarjanaz town", "Tarhin
# camp". Its event happened there, so a place named beside it ("in Idlib") is where it lies, not where it is.
_SETTLEMENT = r"(?:village|town|city|hamlet|camp|neighbou?rhood|district|farms?|hill)s?"
_SETTLEMENT_WORD = re.compile(
    rf"\b(?:{_SETTLEMENT}|area|crossing|checkpoint)\b|مدينة|بلدة|قرية|قرى|مخيم|حي\s|معبر", re.I
)
# Arabic: the word for what it is comes first ("قرية زردنا", "بلدة كفر جالس", "مخيم الركبان"); a second word
# belongs to the name when the first is generic ("كفر", "تل") or the second carries the article.
_AR_GENERIC = "كفر|تل|دير|عين|خان|أبو|ابو|بيت|جسر|رأس|راس|معرة|مزرعة|خربة|أم|ام|بئر|قصر|وادي|جبل|حوش|سد"
_AR_NOT_NAME = (
    r"(?:في|من|على|إلى|الى|عن|قرب|شمال|جنوب|شرق|غرب|شرقي|غربي|شمالي|جنوبي|ريف|بريف|الواقعة|التابعة|التي|الذي)"
)
_UNKNOWN_AR = re.compile(
    r"(?<![\u0621-\u064A])[وفبل]?(?:مدينة|بلدة|قرية|قريتي|بلدات|قرى|مخيم|حي|معبر)\s+"
    rf"(?P<name>(?!{_AR_NOT_NAME}(?![\u0621-\u064A]))(?:(?:{_AR_GENERIC})\s+[\u0621-\u064A]+|[\u0621-\u064A]+"
    r"(?:\s+ال[\u0621-\u064A]+)?))"
)
_ART = r"(?:(?:al|el|as|ad|ar|at|an|az|ash)[-‘’']\s?)?"
_NAME = rf"{_ART}[A-Z][\w'’‘-]+(?:\s+{_ART}[A-Z][\w'’‘-]+){{0,3}}"
_UNKNOWN_BEFORE = re.compile(rf"\b{_SETTLEMENT}\s+of\s+(?P<name>{_NAME})")
_UNKNOWN_AFTER = re.compile(
    rf"(?P<name>{_NAME})\s+(?:village|town|hamlet|camp|neighbou?rhood|district|quarter|farms|area|"
    r"(?:border\s+)?crossing|checkpoint)s?\b"
)
# capitalised words that open a sentence or qualify a settlement without naming one
_NOT_A_NAME = frozenset(
    {
        "the", "a", "an", "this", "that", "its", "their", "his", "her", "in", "on", "at", "of", "and", "near",
        "turkish", "iraqi", "lebanese", "jordanian", "israeli", "syrian", "kurdish", "arab", "christian",
        "alawite", "druze", "northern", "southern", "eastern", "western", "border", "old", "refugee",
        "displacement", "military", "industrial", "nearby", "neighbouring", "neighboring", "same", "rebel",
        "regime", "government", "opposition", "besieged", "frontline", "main", "key", "strategic", "small",
        "shi'ite", "shiite", "shia", "sunni", "ismaili", "assyrian", "armenian", "turkmen", "yazidi", "circassian",
    }
)  # fmt: skip
# words that never belong to a settlement's name ("Olive Branch area", "the Euphrates Shield area")
_NEVER_IN_NAME = frozenset(
    {
        "operation", "shield", "branch", "spring", "euphrates", "river", "valley", "desert", "badia", "front",
        "axis", "highway", "road", "zone", "coalition", "state", "forces", "army", "de-escalation", "idp", "un",
    }
)  # fmt: skip
_QUALIFYING_ENDS = ("-held", "-controlled", "-run", "-backed", "-led", "-majority", "-populated")
_DISTRICT_OF = re.compile(r"\b(?:neighbou?rhoods?|districts?|quarters?)\s+(?:of|in)\s+(?:the\s+)?$", re.I)
_CITY_AFTER = re.compile(r"\s+city\b", re.I)
# Between a place and the place it is said to lie in: "Hadar (Hader) in northern Quneitra". Not a comma (a list:
# "Khan Shaykhun, Hama countryside") nor a direction ("north of Latakia" may cross a governorate's border).
_STATED_GAP = re.compile(
    r"^\s*(?:\([^)]{1,30}\)\s*)?,?\s*in\s+(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?\s+)?$", re.I
)
_INSIDE_GAP = re.compile(
    r"^\s*(?:,\s*)?(?:in|of|in\s+the\s+province\s+of)?\s*$|^\s*(?:،\s*)?(?:في\s+|ب)?(?:محافظة\s+)?$", re.I
)  # "the village of Zardana in Idlib", "قرية زردنا في إدلب", "قرية زردنا بإدلب"


@dataclass(frozen=True)
class UnknownMention:
    """A settlement named in text that the gazetteer lacks ("the village of Zardana")."""

    start: int
    end: int
    text: str


class Scanned(NamedTuple):
    """What :meth:`PlaceFinder.scan` finds in a text."""

    places: list[PlaceMention]
    abroad: list[ForeignMention]
    unknown: list[UnknownMention]


def _unknown_settlements(text: str, known: list, abroad: list) -> list[UnknownMention]:
    """Named settlements in ``text`` that overlap no gazetteer or foreign place, in order."""
    taken = [(m.start, m.end) for m in (*known, *abroad)]
    found: dict[int, UnknownMention] = {}
    for pattern in (_UNKNOWN_BEFORE, _UNKNOWN_AFTER, _UNKNOWN_AR):
        for match in pattern.finditer(text):
            start, end = match.span("name")
            words = match.group("name").split()
            while words and words[0].lower() in _NOT_A_NAME:  # "The Tarhin camp", "Turkish town"
                start += len(words[0]) + 1
                words = words[1:]
            if (
                not words
                or all(w.isupper() for w in words)  # "an ISIS camp", "the SDF area"
                or any(w.lower() in _NEVER_IN_NAME or w.lower().endswith(_QUALIFYING_ENDS) for w in words)
                or any(s < end and start < e for s, e in taken)
                or start in found
            ):
                continue
            found[start] = UnknownMention(start, end, text[start:end])
    return [found[k] for k in sorted(found)]


def _inside_named(text: str, mention: PlaceMention, unknown: list[UnknownMention]) -> bool:
    """True when ``mention`` directly follows an unknown settlement, as where it lies ("Zardana in Idlib")."""
    return any(
        u.end <= mention.start and _INSIDE_GAP.match(_between(text, u.end, mention.start)) for u in unknown
    )


def _between(text: str, end: int, start: int) -> str:
    """The words between an unknown name (with the settlement word after it, if any) and the next mention."""
    gap = text[end:start]
    return re.sub(rf"^\s+(?:{_SETTLEMENT}|area)\b", "", gap, count=1, flags=re.I)


@dataclass(frozen=True)
class PlaceMention:
    """A place named in text: the chosen gazetteer place, its precision, and the other candidates."""

    start: int
    end: int
    text: str
    place: Place
    geo_precision: int
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class ForeignMention:
    """A place outside Syria named in text, and its country ("elsewhere" beyond the neighbours)."""

    start: int
    end: int
    text: str
    country: str


@lru_cache(maxsize=100_000)
def _first_arabic(word: str) -> str:
    key = normal_key(word)
    return key.split()[0] if key else ""


# What may stand between two words of one name: spaces, or a closing bracket and spaces ("T4 (Tiyas) airbase").
_JOINS = re.compile(r"\)?\s+\Z")


def _title_case(words: list[re.Match[str]]) -> bool:
    """True when most longer words are capitalised: a headline in title case."""
    longer = [w.group(0) for w in words if len(w.group(0)) > 3]
    return bool(longer) and sum(w[0].isupper() for w in longer) > 0.6 * len(longer)


def _in_capitals(words: list[re.Match[str]], i: int) -> bool:
    """True when a word's neighbours are in capitals too: a headline set in capitals ("BOMB BLAST IN AFRIN")."""
    return any(
        0 <= j < len(words) and len(words[j].group(0)) > 1 and words[j].group(0).isupper()
        for j in (i - 1, i + 1)
    )


def _starts_name(word: str) -> bool:
    return word[0].isupper() or is_arabic(word) or bool(_ARTICLE_NAME.match(word))


def _abroad(text: str, start: int, end: int) -> bool:
    """True when the words around a name put it in a neighbouring country ("X in Iraq", "Turkey's X")."""
    return bool(
        _ABROAD_AFTER.match(text[end : end + 30]) or _ABROAD_BEFORE.search(text[max(0, start - 40) : start])
    )


class PlaceFinder:
    """Find gazetteer places in text; the index is built once from the gazetteer passed in."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._index: dict[str, list[int]] = defaultdict(list)
        frame = gazetteer.frame
        for row, (name, name_ar, aliases) in enumerate(
            zip(frame["name"], frame["name_ar"], frame["aliases"], strict=True)
        ):
            for form in (name, name_ar, *aliases):
                if isinstance(form, str) and len(form) > 2:
                    key = normal_key(form)
                    if key and len(key) > 2 and key not in NOT_PLACES and row not in self._index[key]:
                        self._index[key].append(row)
        self._rows = {place_id: row for row, place_id in enumerate(frame["id"])}
        # the first word of every Arabic name: an Arabic word that is none of them starts no name
        self._arabic_first = {key.split()[0] for key in self._index if is_arabic(key)}
        cities = frame[(frame["kind"] == "city") & (frame["admin1"] == CAPITAL_ADMIN1)]
        self._capital = int(cities["population"].fillna(0).idxmax()) if len(cities) else None
        self._foreign = {
            normal_key(n): country for country, names in FOREIGN_PLACES.items() for n in names.split("|")
        }
        self._places: dict[int, Place] = {}
        self._capitals: dict[str, Place | None] = {}
        self._skeletons: dict[str, set[int]] | None = None  # built on first need

    def _place(self, row: int) -> Place:
        if row not in self._places:
            self._places[row] = self.gazetteer.place(row)
        return self._places[row]

    def capital_of(self, admin1: str) -> Place | None:
        """The most populous city of a governorate (its capital), if the gazetteer has one."""
        if admin1 not in self._capitals:
            frame = self.gazetteer.frame
            cities = frame[(frame["kind"] == "city") & (frame["admin1"] == admin1)]
            self._capitals[admin1] = (
                self._place(int(cities["population"].fillna(0).idxmax())) if len(cities) else None
            )
        return self._capitals[admin1]

    def place(self, place_id: str) -> Place:
        """The gazetteer place with id ``place_id`` (KeyError when there is none)."""
        return self._place(self._rows[place_id])

    def _countryside(self, place: Place) -> Place | None:
        """The governorate around a city governorate's own (Rif Dimashq around Damascus), if in the gazetteer."""
        row = self._rows.get(COUNTRYSIDE_OF.get(place.admin1 or "", ""))
        return None if row is None else self._place(row)

    def _arabic_offset(self, word: str) -> int | None:
        """How many proclitic letters to pass over before an Arabic word starts a name (0 when it starts one as
        written); None when it starts none."""
        for offset in range(min(3, len(word) - 3) + 1):
            if offset and word[offset - 1] not in PROCLITICS:
                return None
            if _first_arabic(word[offset:]) in self._arabic_first:
                return offset
        return None

    def find(self, text: str) -> list[PlaceMention]:
        """Every Syrian place ``text`` names, longest match first, in order of appearance."""
        return self.scan(text)[0]

    def scan(self, text: str) -> Scanned:
        """The Syrian places ``text`` names, the places abroad it names, and the settlements it names that the
        gazetteer lacks, each in order."""
        words = list(_WORD.finditer(text))
        arabic = [is_arabic(w.group(0)) for w in words] if is_arabic(text) else [False] * len(words)
        mentions: list[PlaceMention] = []
        abroad: list[ForeignMention] = []
        unknown_prefix: list[UnknownMention] = []
        title_case = _title_case(words)
        i = 0
        while i < len(words):
            first = words[i].group(0)
            offset = 0
            if arabic[i]:
                offset = self._arabic_offset(first)
                if offset is None:
                    i += 1
                    continue
            elif not _starts_name(first):
                i += 1
                continue
            found = None
            run = 1  # the words after this one that could join it in one name: spaces between, one script
            while (
                run < MAX_WORDS
                and i + run < len(words)
                and arabic[i + run] == arabic[i]
                and _JOINS.match(text, words[i + run - 1].end(), words[i + run].start())
            ):
                run += 1
            for n in range(run, 0, -1):
                start, end = words[i].start() + offset, words[i + n - 1].end()
                if n > 1 and words[i + n - 1].group(0).lower() in _ARTICLES:  # never ends on a bare article
                    continue
                key = _key(text[start:end])
                rows = self._index.get(key)
                country = self._foreign.get(key)
                if not (rows or country) and text[end - 2 : end] in _POSSESSIVE:  # "Hama's countryside"
                    end -= 2
                    key = _key(text[start:end])
                    rows, country = self._index.get(key), self._foreign.get(key)
                if rows or country:
                    found = (n, start, end, rows, country)
                    break
            generic = first.lower() in GENERIC_WORDS
            if (
                found is not None
                and found[0] == 1
                and first.removesuffix("'s").removesuffix("’s").isupper()
                and not found[4]
                and not _in_capitals(words, i)
            ):
                found = None  # "SANA reporter": an agency or a faction, never a place's spelling
            if (
                found is not None
                and not found[4]
                and i > 0
                and _ARTICLE_LED.match(first)
                and text[words[i - 1].end() : words[i].start()] == " "
                and words[i - 1].group(0)[:1].isupper()
                and words[i - 1].group(0).lower() not in _OPENERS
                and not title_case  # "Army Retakes al-Qusayr": every word is capitalised
            ):
                # "Ard al-Hamra", "Bashar al-Assad": an article-led name closing a longer one the gazetteer lacks
                if not _PERSON_BEFORE.search(text, max(0, words[i].start() - 40), words[i].start()):
                    longer = text[words[i - 1].start() : found[2]]
                    unknown_prefix.append(UnknownMention(words[i - 1].start(), found[2], longer))
                i += found[0]
                continue
            goes_on = _NAME_GOES_ON.match(text, found[2]) if found is not None and not found[4] else None
            if goes_on and not any(self._place(r).kind == "city" for r in found[3]):
                # "Busra al-Harir": a known name ("Busra") opening a longer one the gazetteer lacks; a city's name
                # so continued is a part of the city ("Daraa al-Balad", precision 2, below)
                unknown_prefix.append(UnknownMention(found[1], goes_on.end(), text[found[1] : goes_on.end()]))
                i += found[0]
                continue
            if found is None or (generic and found[0] == 1):
                # a generic word opening an unknown name takes the name's next word with it
                joins = run > 1 and words[i + 1].group(0).lower() not in _ARTICLES
                i += 2 if generic and joins else 1
                continue
            n, start, end, rows, country = found
            if (
                country
                and (
                    not rows
                    or country == "elsewhere"  # "China" is not the Homs village GeoNames also spells "Chine"
                    or _abroad(text, start, end)
                    or _POSSESSIVE_BEFORE.search(text[max(0, start - 12) : start])
                )
            ):
                abroad.append(ForeignMention(start, end, text[start:end], country))
            elif _abroad(text, start, end):
                abroad.append(ForeignMention(start, end, text[start:end], "abroad"))
            else:
                mention = self._choose(text, start, end, rows)
                if goes_on and mention.place.kind == "city" and mention.geo_precision < 2:
                    mention = replace(mention, geo_precision=2)  # "Daraa al-Balad": the old town of Daraa
                if _LANDMARK_AFTER.match(text, end) and mention.place.kind in SMALL_KINDS:
                    i += n  # "Karama (Dignity) Square" is a square, not the Raqqa village of that name
                    continue
                if _ORGANISATION_AFTER.match(text, end) and mention.geo_precision < 2:
                    mention = replace(mention, geo_precision=2)  # "the Raqqa Civil Council": the area it runs
                mentions.append(mention)
            i += n
        if self._capital is not None and "apital" in text:
            mentions = self._with_capital(text, mentions)
        if len(mentions) > 1 and _ROUTE_WORD.search(text):
            mentions = _along_routes(text, mentions)
        if self._capital is not None:
            capital = self._place(self._capital).id
            mentions = [m for m in mentions if m.place.id != capital or not _speaks_for_state(text, m)]
        if len(mentions) > 1:
            mentions = self._by_stated_governorate(text, mentions, unknown_prefix)
        unknown = _unknown_settlements(text, mentions, abroad) if _SETTLEMENT_WORD.search(text) else []
        if unknown_prefix:
            unknown = sorted(
                {u.start: u for u in [*unknown, *unknown_prefix]}.values(), key=lambda u: u.start
            )
        if unknown:
            mentions, unknown = self._spelt_otherwise(text, mentions, unknown)
        if unknown:
            mentions = [self._where_inside(text, m, unknown) for m in mentions]
        return Scanned(mentions, abroad, unknown)

    def _spelt_otherwise(
        self, text: str, mentions: list[PlaceMention], unknown: list[UnknownMention]
    ) -> tuple[list[PlaceMention], list[UnknownMention]]:
        """Settlements named with what they are ("the village of Kafr Nubudah") whose consonants are those of
        exactly one gazetteer village or town, preferring the governorates the text names: that place, at
        precision 2 (a spelling the gazetteer lacks); the others stay unknown."""
        if self._skeletons is None:
            self._skeletons = defaultdict(set)
            frame = self.gazetteer.frame
            for row, (kind, name, aliases) in enumerate(
                zip(frame["kind"], frame["name"], frame["aliases"], strict=True)
            ):
                if kind in SMALL_KINDS or kind == "city":
                    for form in (name, *aliases):
                        if isinstance(form, str) and not is_arabic(form):
                            key = skeleton_key(form)
                            if len(key.replace(" ", "")) >= MIN_SKELETON:
                                self._skeletons[key].add(row)
        named = {m.place.admin1 for m in mentions}
        still = []
        for u in unknown:
            rows = self._skeletons.get(skeleton_key(u.text), set()) if not is_arabic(u.text) else set()
            inside = {r for r in rows if self._place(r).admin1 in named}
            rows = inside or rows
            if len(rows) == 1:
                mentions.append(PlaceMention(u.start, u.end, u.text, self._place(rows.pop()), 2))
            else:
                still.append(u)
        return sorted(mentions, key=lambda m: m.start), still

    def _by_stated_governorate(
        self, text: str, mentions: list[PlaceMention], unknown: list[UnknownMention]
    ) -> list[PlaceMention]:
        """A town or village followed by where it lies ("Hadar in northern Quneitra") takes its namesake there;
        with none in the gazetteer it is a settlement the gazetteer lacks."""
        kept = []
        for m, after in zip(mentions, [*mentions[1:], None], strict=True):
            stated = after.place.admin1 if after is not None else None
            if (
                after is None
                or m.place.kind not in SMALL_KINDS
                or not stated
                or stated == m.place.admin1
                or not _STATED_GAP.match(text[m.end : after.start])
            ):
                kept.append(m)
                continue
            namesake = next((self.place(i) for i in m.alternatives if self.place(i).admin1 == stated), None)
            if namesake is not None:
                others = tuple(i for i in (m.place.id, *m.alternatives) if i != namesake.id)
                kept.append(replace(m, place=namesake, alternatives=others))
            else:
                unknown.append(UnknownMention(m.start, m.end, m.text))
        return kept

    def _where_inside(self, text: str, mention: PlaceMention, unknown: list[UnknownMention]) -> PlaceMention:
        """A mention read as where an unknown settlement lies: "the village of Zardana in Idlib" is in Idlib
        province; "the al-Waer neighbourhood of Homs city" is part of the city (precision 2)."""
        if not _inside_named(text, mention, unknown):
            return mention
        before = text[max(0, mention.start - 30) : mention.start]
        if _DISTRICT_OF.search(before) or _CITY_AFTER.match(text, mention.end):
            return replace(mention, geo_precision=max(mention.geo_precision, 2))
        return self._as_governorate(mention)

    def _as_governorate(self, mention: PlaceMention) -> PlaceMention:
        """A city mention read as its governorate ("the village of Zardana in Idlib" is in Idlib province)."""
        return self.governorate_of(mention) if mention.place.kind == "city" else mention

    def governorate_of(self, mention: PlaceMention) -> PlaceMention:
        """``mention`` widened to its governorate (precision 3), the place it named kept among the alternatives;
        unchanged when it is a governorate or the gazetteer has none for it."""
        row = self._rows.get(f"adm1:{mention.place.admin1}") if mention.place.kind != "governorate" else None
        if row is None:
            return mention
        governorate = self._place(row)
        others = tuple(i for i in (mention.place.id, *mention.alternatives) if i != governorate.id)
        return replace(mention, place=governorate, geo_precision=3, alternatives=others)

    def _with_capital(self, text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
        """``mentions`` with "the capital" as a mention of Damascus, in order of appearance."""
        added = []
        for match in _CAPITAL.finditer(text):
            if not any(m.start < match.end() and match.start() < m.end for m in mentions):
                precision = 2 if _NEAR_BEFORE.search(text[max(0, match.start() - 40) : match.start()]) else 1
                capital = self._place(self._capital)
                added.append(PlaceMention(match.start(), match.end(), match.group(0), capital, precision))
        return sorted([*mentions, *added], key=lambda m: m.start) if added else mentions

    def _choose(self, text: str, start: int, end: int, rows: list[int]) -> PlaceMention:
        places = [self._place(r) for r in rows]
        before, after = text[max(0, start - 40) : start], text[end : end + 30]
        wants_governorate = bool(_GOVERNORATE_AFTER.search(after) or _GOVERNORATE_BEFORE.search(before))
        if (
            wants_governorate
            and not _GOVERNORATE_AFTER.search(after)
            and _DIRECTION_BEFORE.search(before)
            and any(p.kind == "city" and (p.population or 0) > GREAT_CITY for p in places)
        ):
            wants_governorate = (
                False  # "eastern Aleppo", "southern Damascus": districts of the city (precision 2)
            )
        wants_city = bool(_CITY_BEFORE.search(before))

        def rank(place: Place) -> tuple:
            is_gov = place.kind == "governorate"
            kind_fit = (not is_gov) if not wants_governorate else is_gov
            site = place.kind in SITE_KINDS
            settlement = SETTLEMENT_RANK.get(place.kind, 6)
            return (
                not kind_fit,
                wants_city and site,
                settlement if not site else 3,
                -(place.population or 0),
            )

        ordered = sorted(places, key=rank)
        chosen = ordered[0]
        around = self._countryside(chosen)
        if around and (_COUNTRYSIDE_AFTER.search(after) or _COUNTRYSIDE_BEFORE.search(before)):
            chosen, ordered = around, [around, *ordered]
        if chosen.kind == "governorate":
            precision = 3
        elif (
            _NEAR_BEFORE.search(before)
            or chosen.kind in REGION_KINDS
            or wants_governorate
            or _DIRECTION_BEFORE.search(before)
        ):
            precision = 2  # "the countryside of al-Bab", a town without a governorate of its name: around it
        else:
            precision = 1
        return PlaceMention(start, end, text[start:end], chosen, precision, tuple(p.id for p in ordered[1:]))
