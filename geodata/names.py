"""Place-name normalisation: the rules that make transliteration variants of one Arabic name meet.

Three keys of decreasing strictness are derived from any spelling:

* :func:`exact_key` - case and surrounding space only ("Deir ez-Zor" == "deir ez-zor").
* :func:`normal_key` - diacritics, apostrophes/ayn/hamza marks, hyphens, the Arabic article (al-/el-/ar-/az-/...,
  also assimilated as in "Ezzor"), compounds written apart ("air base"/"airbase"), doubled letters, ou/oo/ee,
  common generic words (Deir/Dayr/Dair/Der, Kafr/Kfar, Tall/Tell/Tal, ...) and, for Arabic script, tashkeel,
  alef forms, taa marbuta, alef maqsura and the leading ال. "Deir ez-Zor", "Deir Ezzor", "Deir al-Zour",
  "Dayr az Zawr", "Deir el-Zor" all give "dayr zor".
* :func:`skeleton_key` - the consonants of :func:`normal_key` (q/c -> k, h and vowels dropped), which joins
  spellings that differ only in vowels ("Hims"/"Homs", "Idlib"/"Idleb").

:func:`split_descriptor` separates a trailing or leading descriptor ("... military airport", "... Governorate",
"Rif ...", "محافظة ...") from the name and says which kinds of place it points to.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Apostrophes, ayn and hamza marks of the common romanisations (ASCII, typographic, modifier letters, okina).
_MARKS = "'`’‘ʻʼʾʿ´′ˈ"
_ARTICLES = frozenset("al el il ul ar er as es ad ed az ez an en at et ash esh ath eth adh edh l".split())  # noqa: SIM905
# An article written together with an assimilated ("sun") letter: Ezzor, Arraqqa, Assafira.
_JOINED_ARTICLE = re.compile(r"^[ae]l?(?=(t|d|r|z|s|n|l)\1[a-z]{2,})")
_ARTICLE_GLUED = re.compile(r"^(al|el)(?=[a-z]{4,}$)")
# Generic words spelled many ways: every variant -> one spelling.
_SYNONYMS = {
    **dict.fromkeys(["deir", "dayr", "dair", "der", "dier", "deyr"], "dayr"),
    **dict.fromkeys(["kafr", "kfar", "kefr", "kufr", "kafar", "kfr"], "kafr"),
    **dict.fromkeys(["tall", "tell", "tal", "tel", "til"], "tal"),
    **dict.fromkeys(["jabal", "jebel", "jabel", "jbel", "jebal", "djebel", "jabl"], "jabal"),
    **dict.fromkeys(["ain", "ayn", "ein", "ayin", "eyn", "aïn"], "ayn"),
    **dict.fromkeys(["abu", "abou", "abo", "abi"], "abu"),
    **dict.fromkeys(["beit", "bayt", "bait", "bet", "bayet"], "bayt"),
    **dict.fromkeys(["khirbet", "khirbat", "kherbet", "khurbet", "khirba", "khirbit"], "khirbat"),
    **dict.fromkeys(["sheikh", "shaykh", "shaikh", "shekh", "sheik", "shaikh"], "shaykh"),
    **dict.fromkeys(["zor", "zour", "zawr", "zur", "zaur", "zoor"], "zor"),
    **dict.fromkeys(["umm", "um", "om", "oum"], "um"),
    **dict.fromkeys(["maarat", "maarrat", "marat", "maarrah", "maarra"], "maarat"),
    **dict.fromkeys(["mazraat", "mazraa", "mazrat", "mazraet", "mazra"], "mazraa"),
}
# Compound words written apart or together: "air base"/"airbase", "oil field"/"oilfield".
_COMPOUNDS = {("air", "base"): "airbase", ("air", "port"): "airport", ("air", "field"): "airfield",
              ("oil", "field"): "oilfield", ("gas", "field"): "gasfield"}  # fmt: skip
_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
_ARABIC = re.compile("[\u0600-\u06ff]")


def is_arabic(text: str) -> bool:
    """True when ``text`` contains Arabic script."""
    return bool(_ARABIC.search(text))


def exact_key(text: str) -> str:
    """Case-folded, whitespace-collapsed spelling: the key for exact matches."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _fold_latin(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    for mark in _MARKS:
        text = text.replace(mark, "")
    return text.casefold()


def _normal_token(token: str) -> str:
    token = _SYNONYMS.get(token, token)
    if token in _SYNONYMS.values():
        return token
    token = _JOINED_ARTICLE.sub("", token)
    token = re.sub(r"(.)\1+", r"\1", token)  # doubled letters: Raqqa/Raqa, Hassakeh/Hasakeh
    token = token.replace("ou", "u").replace("oo", "u").replace("ee", "i")
    token = re.sub(r"(ei|ai|ey)", "ay", token)
    token = re.sub(r"(?<=[a-z]{3})(ah|eh|a|e|h)$", "a", token)  # Raqqah/Raqqa, Hasakeh/Hasakah
    token = re.sub(r"(.)\1+", r"\1", token)  # "izah" -> "izaa" above: Izzah/Izza
    return _SYNONYMS.get(token, token)


def _normal_arabic(text: str) -> str:
    text = _ARABIC_DIACRITICS.sub("", unicodedata.normalize("NFC", text)).translate(_ARABIC_FOLD)
    tokens = re.split(r"[^\u0600-\u06ff0-9]+", text)
    tokens = [t[2:] if t.startswith("ال") and len(t) > 3 else t for t in tokens if t]
    return " ".join(tokens)


def normal_key(text: str) -> str:
    """Normalised spelling: the key that joins transliteration variants (see the module docstring)."""
    if is_arabic(text):
        return _normal_arabic(text)
    tokens = [t for t in re.split(r"[^0-9a-z]+", _fold_latin(text)) if t]
    if len(tokens) > 1:
        kept = [t for t in tokens if t not in _ARTICLES]
        tokens = kept or tokens
    if len(tokens) == 1:
        tokens = [_ARTICLE_GLUED.sub("", tokens[0])]
    return " ".join(_normal_token(t) for t in _join_compounds(tokens))


def _join_compounds(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        if out and (out[-1], token) in _COMPOUNDS:
            out[-1] = _COMPOUNDS[(out[-1], token)]
        else:
            out.append(token)
    return out


def skeleton_key(text: str) -> str:
    """Consonant skeleton of :func:`normal_key` ("homs" and "hims" -> "hms"); Arabic keeps its normal key."""
    key = normal_key(text)
    if is_arabic(key):
        return key
    out = []
    for token in key.split():
        if not token.isalpha():
            out.append(token)
            continue
        token = (
            token.replace("sh", "$")
            .replace("kh", "x")
            .replace("gh", "g")
            .replace("th", "t")
            .replace("dh", "d")
        )
        head, tail = token[0], token[1:]
        tail = re.sub(r"[aeiouyhw]", "", tail.replace("q", "k").replace("c", "k"))
        head = head.replace("q", "k").replace("c", "k")
        out.append(re.sub(r"(.)\1+", r"\1", head + tail))
    return " ".join(out)


# Descriptor words -> the group of place kinds they point to. Order matters: longer phrases first.
GOVERNORATE = "governorate"
DISTRICT = "district"
SUBDISTRICT = "subdistrict"
SETTLEMENT = "settlement"
AIRFIELD = "airfield"
DAM = "dam"
CROSSING = "crossing"
FIELD = "field"
BASE = "base"
MOUNTAIN = "mountain"

KIND_GROUPS: dict[str, frozenset[str]] = {
    GOVERNORATE: frozenset({"governorate"}),
    DISTRICT: frozenset({"district"}),
    SUBDISTRICT: frozenset({"subdistrict"}),
    SETTLEMENT: frozenset({"city", "town", "village", "neighbourhood", "camp"}),
    AIRFIELD: frozenset({"airport", "airbase"}),
    DAM: frozenset({"dam"}),
    CROSSING: frozenset({"border crossing"}),
    FIELD: frozenset({"oil field", "gas field"}),
    BASE: frozenset({"military base", "airbase"}),
    MOUNTAIN: frozenset({"mountain"}),
}

_SUFFIXES: list[tuple[str, str]] = [
    (
        r"military air ?base|military air ?port|military airfield|air ?base|air ?port|airfield|air field"
        r"|helicopter base",
        AIRFIELD,
    ),
    (r"governorate|governate|province|muhafazah?|muhafaza|countryside|region", GOVERNORATE),
    (r"sub-? ?district|nahiy[ae]h?|nahia", SUBDISTRICT),
    (r"district|mantiqah?|mintaqah?|area", DISTRICT),
    (r"city|town|village|suburb|neighbou?rhood|quarter|camp|hamlet|farms?", SETTLEMENT),
    (r"dam", DAM),
    (r"border crossing|border post|border gate|crossing", CROSSING),
    (r"oil ?field|gas ?field|oil and gas field|field|gas plant|oil wells?", FIELD),
    (r"military base|brigade base|army base|base", BASE),
    (r"mountains?|hills?|mount", MOUNTAIN),
]
_PREFIXES: list[tuple[str, str]] = [
    (r"rif|reef|rural|countryside of|outskirts of", GOVERNORATE),
    (r"city of|town of|village of|the village of|the town of|the city of", SETTLEMENT),
    (r"mount", MOUNTAIN),
]
_ARABIC_PREFIXES: list[tuple[str, str]] = [
    ("محافظة", GOVERNORATE),
    ("ريف", GOVERNORATE),
    ("منطقة", DISTRICT),
    ("ناحية", SUBDISTRICT),
    ("مدينة", SETTLEMENT),
    ("بلدة", SETTLEMENT),
    ("قرية", SETTLEMENT),
    ("مطار", AIRFIELD),
    ("قاعدة", BASE),
    ("سد", DAM),
    ("معبر", CROSSING),
    ("حقل", FIELD),
    ("جبل", MOUNTAIN),
]
_SUFFIX_RE = [(re.compile(rf"^(?P<core>.+?)[\s,-]+(?:{p})$", re.IGNORECASE), g) for p, g in _SUFFIXES]
_PREFIX_RE = [(re.compile(rf"^(?:{p})\s+(?P<core>.+)$", re.IGNORECASE), g) for p, g in _PREFIXES]


@dataclass(frozen=True)
class Descriptor:
    """A name split into its core and the descriptor word(s) around it."""

    core: str
    group: str | None  # a key of KIND_GROUPS, or None when the name carries no descriptor
    word: str = ""


def split_descriptor(name: str) -> Descriptor:
    """Split "Deir Ezzor military airport" into core "Deir Ezzor" and group ``airfield``.

    Only one descriptor is removed; a name with none comes back whole with ``group`` None.
    """
    text = " ".join(name.split()).strip(" ,.;")
    if is_arabic(text):
        for word, group in _ARABIC_PREFIXES:
            if text.startswith(word + " ") and len(text) > len(word) + 2:
                core = text[len(word) + 1 :].strip()
                core = core.removesuffix(" العسكري").removesuffix(" الجوية").removesuffix(" الحدودي")
                return Descriptor(core, group, word)
        return Descriptor(text, None)
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    for pattern, group in _SUFFIX_RE:
        match = pattern.match(text)
        if match:
            return Descriptor(match["core"].strip(), group, text[match.end("core") :].strip())
    for pattern, group in _PREFIX_RE:
        match = pattern.match(text)
        if match:
            return Descriptor(match["core"].strip(), group, text[: match.start("core")].strip())
    return Descriptor(text, None)
