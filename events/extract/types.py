"""Event types from ACLED's taxonomy, decided by the words a sentence uses.

The rules are ordered: the first that matches wins, so the specific ("suicide car bomb", "chemical attack")
come before the general. Each rule gives ACLED's ``event_type`` and ``sub_event_type``. A killing alone
("gunmen shot dead", "assassinations") is an attack on civilians, but "killed in the fighting" and "killing one
soldier" are clashes. Taking a place ("captured", "took control of", "entered") is the government regaining
territory when the government takes it ("army units entered", "regime forces had captured"), else a non-state
actor overtaking it. Generic words ("attack", "offensive", "battle", "fighting", "explosion", "agreement",
"operation") decide only when no specific word does, and the type is then marked generic: commentary uses them
as much as reports of an event.

Arabic sentences are read by :data:`ARABIC_RULES`, the same types in the same order, on their folded spelling
(:func:`events.extract.text.fold_arabic`): "غارات جوية" an air strike, "قصف مدفعي" shelling, "سيارة مفخخة" a
remote explosive, "هجوم انتحاري" a suicide bomb, "مجزرة" an attack on civilians, "اشتباكات" an armed clash,
"استعادت قوات النظام السيطرة على" the government regaining territory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from events.extract import actors as act
from events.extract.text import arabic_only, fold_arabic, fold_arabic_offsets, has_arabic, original_span

BATTLES = "Battles"
REMOTE = "Explosions/Remote violence"
CIVILIANS = "Violence against civilians"
STRATEGIC = "Strategic developments"
PROTESTS = "Protests"
GOVERNMENT_REGAINS = "Government regains territory"
NON_STATE_TAKES = "Non-state actor overtakes territory"
KILLING = "Attack"  # the sub-event type of a killing no more specific word explains

# Taking a place, not planning to: "vowed to retake", "will seize", "until the Badia is liberated" are no event
# (but "IS seized", in capitals, is the Islamic State).
_NOT_PLANNED = (
    r"(?<!\bto )(?<!\bwill )(?<!\bwould )(?<!\bcould )(?<!\bmay )(?<!\bmight )(?<!\b(?-i:is) )(?<!\bbe )"
)
_PLACE_NOUN = (
    r"(?:city|town|village|district|neighbou?rhood|area|base|airport|camp|quarter|centre|center|outskirts|"
    r"province|region|enclave|countryside|hill|citadel)s?"
)
# "entered the city", "entered Saraqib"; not "entered its fifth day" or refugees entering a neighbouring country
_ENTERED = (
    rf"entered\s+(?:the\s+(?:[\w'’-]+\s+){{0,2}}?{_PLACE_NOUN}"
    r"|(?!(?:Turkey|Lebanon|Jordan|Iraq|Israel)\b)(?-i:[A-Z])[\w'’-]*)"
)
TAKES = (
    rf"{_NOT_PLANNED}\b(?:(?:took|taken|takes|taking)\s+(?:full\s+|complete\s+|total\s+)?control\s+(?:of|over)"
    r"|seiz(?:e|es|ed|ing)|(?:re)?captur(?:ed|es|ing)|(?<!\bthe )(?<!\bits )(?:re)?capture|retook|retakes?|retaking"
    r"|regain(?:ed|s)|liberat(?:ed|es|ing)|overr[au]n|overruns|fell\s+to|stormed"
    r"|restor(?:ed|es?|ing)\s+security\s+and\s+stability[\"'”’]*\s+(?:to|in)"
    rf"|{_ENTERED}|took\s+(?-i:[A-Z])[\w'’-]*)\b"
)

# A killing, told by its verb or by who does it ("gunmen").
KILLED = (
    r"\bkill(?:s|ed|ing|ings)\b|\bshot dead\b|\bgunned down\b|\bgunm[ae]n\b|\bopened fire\b|\bfound dead\b|"
    r"\bassassinat(?:ions?|ed|es|e)\b|\bexecuted\b|\bslain\b"
)

# Specific words, in order: the first rule that matches wins. A killing alone is an attack on civilians, but it
# gives way to a generic word of fighting it comes with ("killed in the fighting", see classify).
RULES: list[tuple[str, str, str]] = [
    # (event_type, sub_event_type, pattern)
    (REMOTE, "Chemical weapon", r"chemical (?:weapons?|attack|agent)|sarin|chlorine|nerve agent|toxic gas"),
    (REMOTE, "Suicide bomb", r"\bsuicide\b|\bsvbieds?\b"),
    (REMOTE, "Air/drone strike", r"air ?strikes?|air raids?|airstrikes?|warplanes?|jets? (?:struck|bombed|hit)|"
     r"drone strikes?|barrel bombs?|helicopters? dropped|bombing raids?|aerial (?:bombardment|bombing|attacks?)|"
     r"\b(?:jets?|(?<!anti-)aircraft|planes|helicopters?|drones?)\s+(?:\w+\s+){0,3}?(?:fired|launched|dropped)\s+"
     r"(?:\w+\s+){0,2}?(?:missiles?|rockets?|bombs?)\b|"
     r"\b(?:missiles?|rockets?)\s+fired\s+(?:by|from)\s+(?:\w+\s+){0,2}?(?:jets?|warplanes?|aircraft|drones?)\b|"
     r"\b(?:israeli|russian|coalition|turkish|american|regime|government|syrian|us|u\.s\.)\s+(?:raids?|bombing|strikes?)\b|"
     r"\braids?\s+(?:hit|struck|targeted|pounded)\b|"
     # "strikes hit the nearby towns", "aircraft struck positions", "TB2 drones struck"
     r"\b(?:strikes?|(?<!anti-)aircraft|drones?|planes)\s+(?:\w+\s+){0,2}?(?:hit|struck|targeted|pounded|bombed)\b"),
    (REMOTE, "Shelling/artillery/missile attack", r"shell(?:ing|ed|s)|artillery|mortars?|rockets?|missiles?|"
     r"bombard(?:ment|ed)"),
    (REMOTE, "Remote explosive/landmine/IED", r"car bombs?|truck bombs?|roadside bombs?|\bbombings?\b|\bblasts?\b|"
     r"\bv?ieds?\b|landmines?|explosive device|booby[- ]trap|bomb (?:blast|attack|exploded|went off)"),
    (CIVILIANS, "Attack", r"massacre[sd]?|execut(?:ed|ion|ions)|civilians? (?:were |was )?(?:killed|shot)"),
    (CIVILIANS, "Abduction/forced disappearance", r"abduct(?:ed|ion)|kidnapp(?:ed|ing)|forcibly disappeared"),
    (BATTLES, NON_STATE_TAKES, TAKES),  # or GOVERNMENT_REGAINS, by who takes the place (see classify)
    (STRATEGIC, "Non-violent transfer of territory", r"withdr(?:ew|awn|awal) from|handed over|evacuat(?:ed|ion) "
     r"(?:deal|agreement)|took over .* without a fight"),
    (BATTLES, "Armed clash", r"clash(?:es|ed)?|skirmish|ambush(?:es|ed)?|gun ?fights?|fire ?fights?|"
     r"exchanges? of fire|counter-?attack|\bpush(?:ed|ing)?\s+(?:into|toward|towards|on|from|by)\b|"
     r"\b(?:major|new|fresh|renewed|latest|military|ground)\s+push\b|advance[sd]?|\bfall\s+back\b|\bfell\s+back\b|"
     r"\bsuffered\s+(?:\w+\s+){0,2}?(?:losses|casualties)\b|"
     r"\b(?:under|laid|lay|tightened|broke|break)\s+(?:the\s+)?siege\b|"
     # a ground raid; an air raid is an air strike above
     r"\braid(?:ed|ing)\b|\b(?:ground|commando|security|dawn|special[- ]forces)\s+raids?\b|"
     r"\braids?\s+(?:on|against)\s+(?:an?|the|their|his)\s+(?:\w+\s+)?(?:house|home|hideout|checkpoint)s?\b"),
    (CIVILIANS, KILLING, KILLED),
    # an agreement only when nothing violent happened: "despite the ceasefire", "in the de-escalation zone" and
    # "ceasefire violations" come with strikes and killings, which decide the type above
    (STRATEGIC, "Agreement", r"(?<!despite the )(?<!despite a )\b(?:ceasefire|cease-fire|truce)\b(?!\s+violations?)|"
     r"\bde-escalation\s+(?:deal|agreement|memorandum)|\bdeal\b"),
    (PROTESTS, "Peaceful protest", r"protest(?:s|ers|ed)?|demonstrat(?:ion|ions|ors|ed)|rall(?:y|ies)"),
]  # fmt: skip

# Generic words: commentary uses them as much as reports of an event, so a type they alone decide is marked
# generic (EventType.generic). Tried in this order, after every specific rule.
GENERIC_RULES: list[tuple[str, str, str]] = [
    (REMOTE, "Remote explosive/landmine/IED", r"\bexplosions?\b"),
    # "a hospital was reportedly hit": struck by something the sentence does not name
    (REMOTE, "Shelling/artillery/missile attack",
     r"\b(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+\s+)?(?:hit|struck|bombed)\b"),
    (STRATEGIC, "Agreement", r"\bagreements?\b"),
    (BATTLES, "Armed clash", r"\battack(?:s|ed|ing)?\b|\bassaults?\b|\boffensives?\b|\bbattles?\b|\bfighting\b|"
     r"\boperations?\b|\braids?\b"),
]  # fmt: skip

_COMPILED = [(etype, sub, re.compile(pattern, re.I)) for etype, sub, pattern in RULES]

# Arabic words take "و" (and), "ف", "ب" (with, by), "ل", "ك" and the article "ال" in front: a rule's word may
# follow them, but not other letters ("غارة", a raid, is not the end of "مغارة", a cave).
_AR = r"(?<!\w)(?:[وف])?(?:[بلك])?(?:ال|ل)?"
# The government as the side taking ground; not the Free Syrian Army, the (Turkish-backed) National Army, the
# Turkish or the Israeli army.
_AR_GOVERNMENT = (
    r"(?:قوات\s+(?:النظام|الحكومة)|القوات\s+(?:الحكومية|السورية)|قوات\s+الجيش|جيش\s+النظام|النظام|"
    r"وحدات\s+من\s+الجيش|الجيش)(?:\s+العربي)?(?:\s+السوري)?"
    r"(?!\s+(?:السوري\s+)?(?:الحر|الوطني|التركي|الإسرائيلي))(?!\w)"
)
# Taking a place: "سيطرت على", "السيطرة على", "استعادت", "حررت", "سقطت ... بيد"; not "تحت سيطرة" (held).
_AR_TAKES = (
    r"(?<!\w)[وف]?(?:سيطرت?|سيطروا)\s+(?:\S+\s+){0,4}?على(?!\w)"
    r"|(?<!\w)[وفب]?(?:ال)?(?:سيطرة|سيطرتها|سيطرته|سيطرتهم|تحرير)\s+(?:(?:الكاملة|التامة)\s+)?على(?!\w)"
    r"|(?<!\w)[وفب]?(?:استعاد|استعادت|استعادوا|حرر|حررت|حرروا|انتزع|انتزعت|انتزعوا|(?:ال)?استعادة)(?!\w)"
    r"|(?<!\w)[وف]?سقطت?\s+(?:\S+\s+){0,3}?(?:بيد|بأيدي|في\s+يد)(?!\w)"
    r"|(?<!\w)(?<!هيئة\s)(?<!حركة\s)[وفب]?(?:ال)?تحرير(?!\s+الشام)(?!\w)"  # not Hayat Tahrir al-Sham
)
_AR_TAKES_CUE = "سيطر|استعاد|حرر|تحرير|انتزع|سقط"


def _words(alternation: str, whole: bool = True) -> tuple[str, str]:
    """``(cue, pattern)`` of a rule that is a list of words (or, with ``whole`` false, of stems)."""
    return alternation, rf"{_AR}(?:{alternation})" + (r"(?!\w)" if whole else "")


# (event_type, sub_event_type, cue, pattern), in the order of RULES. The cue is a plain alternation of words
# every match contains: searched first, it is several times faster than the pattern.
ARABIC_RULES: list[tuple[str, str, str, str]] = [
    (REMOTE, "Chemical weapon", *_words(r"كيميائي|كيماوي|سارين|كلور|غاز\s+سام|غازات\s+سامة", whole=False)),
    (REMOTE, "Suicide bomb", *_words("انتحاري|انتحارية|انتحاريين|انتحاريون|انغماسي", whole=False)),
    (REMOTE, "Air/drone strike", *_words(r"غارة|غارات|قصف\s+جوي|طيران|مروحية|مروحيات|براميل\s+متفجرة|"
     r"برميل\s+متفجر|(?:طائرة|طائرات|مقاتلات)\s+(?:ال)?(?:حربية|مسيرة|روسية|سورية|تركية|إسرائيلية)")),
    (REMOTE, "Shelling/artillery/missile attack", *_words("قصف|قصفت|قصفوا|قذائف|قذيفة|صواريخ|صاروخ|صاروخي|"
     "مدفعي|مدفعية|هاون|راجمات|راجمة")),
    (REMOTE, "Remote explosive/landmine/IED", *_words("مفخخة|مفخخات|عبوة|عبوات|ناسفة|لغم|ألغام|تفجير|تفجيرات|"
     "فجرت")),
    (CIVILIANS, "Attack", *_words("مجزرة|مجازر|إعدام|إعدامات|أعدم|أعدمت|أعدموا")),
    (CIVILIANS, "Abduction/forced disappearance", *_words(r"اختطاف|خطف|اختطفت?|خطفت?|اختطفوا|إخفاء\s+قسري")),
    (BATTLES, GOVERNMENT_REGAINS, _AR_TAKES_CUE,
     rf"(?<!\w)[وفب]?{_AR_GOVERNMENT}\s+(?:\S+\s+){{0,4}}?(?:{_AR_TAKES})"
     rf"|(?:{_AR_TAKES})\s+(?:\S+\s+){{0,2}}?{_AR_GOVERNMENT}"
     rf"|(?<!\w)[وف]?(?:سيطرت?|سيطروا)\s+(?:\S+\s+)?{_AR_GOVERNMENT}\s+(?:\S+\s+){{0,3}}?على(?!\w)"),
    (BATTLES, NON_STATE_TAKES, _AR_TAKES_CUE, _AR_TAKES),
    (STRATEGIC, "Non-violent transfer of territory", "انسحب|انسحاب|تسليم",
     rf"{_AR}(?:انسحب|انسحبت|انسحبوا|انسحاب)\s+(?:\S+\s+){{0,3}}?من(?!\w)|تسليم\s+(?:\S+\s+){{0,2}}?دون\s+قتال"),
    (STRATEGIC, "Agreement", *_words(r"وقف\s+إطلاق\s+النار|هدنة|تسوية|مصالحة|خفض\s+التصعيد")),
    (BATTLES, "Armed clash", *_words("اشتباكات|اشتباك|اشتبكت?|اشتبكوا|مواجهات|اقتحام|اقتحمت|حصار|كمين|تسلل")),
    (PROTESTS, "Peaceful protest", *_words("مظاهرة|مظاهرات|تظاهرة|تظاهرات|تظاهر|احتجاج|احتجاجات|احتجاجية|"
     "اعتصام")),
]  # fmt: skip

# The generic words of GENERIC_RULES in Arabic: "انفجار" (an explosion), "اتفاق" (an agreement), "هجوم" (an
# attack), "معارك" (battles).
ARABIC_GENERIC_RULES: list[tuple[str, str, str, str]] = [
    (REMOTE, "Remote explosive/landmine/IED", *_words("انفجار|انفجارات|انفجرت|انفجر")),
    (STRATEGIC, "Agreement", *_words("اتفاق|اتفاقية")),
    (BATTLES, "Armed clash", *_words("معارك|معركة|هجوم|هجمات|هجوما|هاجم|هاجمت|هاجموا")),
]  # fmt: skip


@dataclass(frozen=True)
class EventType:
    """ACLED's event type and sub-event type, and the words that decided them."""

    event_type: str
    sub_event_type: str
    cue: str
    # True when only a generic word decided it ("attack", "offensive", "battle", "fighting", "explosion",
    # "agreement", "operation"): commentary uses those words too, so the sentence must also give its own place,
    # date or toll
    generic: bool = False


_COMPILED_GENERIC = [(etype, sub, re.compile(pattern, re.I)) for etype, sub, pattern in GENERIC_RULES]


def _arabic_compiled(rules: list[tuple[str, str, str, str]]) -> list[tuple[str, str, re.Pattern, re.Pattern]]:
    return [
        (etype, sub, re.compile(fold_arabic(cue)), re.compile(fold_arabic(p))) for etype, sub, cue, p in rules
    ]


_ARABIC_COMPILED = _arabic_compiled(ARABIC_RULES)
_ARABIC_GENERIC_COMPILED = _arabic_compiled(ARABIC_GENERIC_RULES)

# The government as the side taking a place, besides the names events.extract.actors knows: "army units",
# "units of the army", "the army", "troops", "regime"; not another country's army or troops.
_GOVERNMENT_WORDS = re.compile(
    r"\b(?:army\s+units|units\s+of\s+the\s+(?:syrian\s+)?army|army|troops|regime|assad['’]s\s+forces)\b", re.I
)
_FOREIGN_BEFORE = re.compile(
    r"\b(?:turkish|turkey['’]s|u\.s\.|us|american|iraqi|russian|israeli|iranian|lebanese|jordanian|french|british|"
    r"kurdish|coalition|rebel|opposition|free|national|israel['’]s|iraq['’]s)[\s-]*$",
    re.I,
)
# Where the clause of the taking verb begins: "the Observatory said regime forces had captured", "after ISIS
# fled, the army entered".
_CLAUSE_START = re.compile(
    r"[;:]|\b(?:after|as|when|while|since|but|whereas|because|although|where|said|says|reported|added)\b",
    re.I,
)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+\s+)?$", re.I)
_BY = re.compile(r"^\W*(?:\w+\W+){0,6}?by\s+", re.I)
_FELL_TO = re.compile(r"fell\s+to$", re.I)
# Fighters killed ("killing one soldier", "killed a number of terrorists") make a clash, not an attack on
# civilians, when nothing else says the killing was targeted ("shot dead", "assassinated", "gunmen").
_COMBATANT_VICTIMS = re.compile(
    r"\b(?:soldiers?|servicem[ae]n|fighters?|militants?|terrorists?|troops|rebels?|jihadists?|insurgents?|"
    r"militiam[ae]n|members\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:forces|army|militias?|brigades?|division))\b",
    re.I,
)
_PLAIN_KILLING = re.compile(r"kill(?:s|ed|ing)|slain", re.I)
_TARGETED = re.compile(
    r"\bshot dead\b|\bgunned down\b|\bgunm[ae]n\b|\bassassinat|\bexecuted\b|\bfound dead\b", re.I
)
# Victims that make an attack with a killing one on civilians rather than a clash.
_CIVILIAN_VICTIMS = re.compile(
    r"\b(?:civilians?|residents|villagers|children|women|famil(?:y|ies)|worshippers|shepherds?|passers-by)\b",
    re.I,
)


def _takers(text: str, offset: int = 0) -> list[tuple[int, str]]:
    """The actors ``text`` names, and the government words it uses, as ``(start, actor)`` in order."""
    named = [
        (m.span[0] + offset, m.span[1] + offset, m.actor)
        for m in act.find_actors(text)
        if m.actor != act.CIVILIANS
    ]
    found = [(start, actor) for start, _, actor in named]
    for m in _GOVERNMENT_WORDS.finditer(text):
        start = m.start() + offset
        inside = any(s <= start < e for s, e, _ in named)
        if not inside and not _FOREIGN_BEFORE.search(text[: m.start()]):
            found.append((start, act.GOVERNMENT))
    return sorted(found)


def _taker(sentence: str, match: re.Match[str]) -> str | None:
    """Who takes the place in ``sentence``: the first actor of the taking verb's clause ("regime forces had
    captured"), the agent of a passive ("was captured by ISIS") or who a place fell to."""
    before, after = sentence[: match.start()], sentence[match.end() :]
    if _FELL_TO.search(match.group(0)):
        return next((actor for _, actor in _takers(after[:60])), None)
    if _PASSIVE.search(before):
        by = _BY.search(after[:80])
        return next((actor for _, actor in _takers(after[by.end() : by.end() + 60])), None) if by else None
    starts = [m.end() for m in _CLAUSE_START.finditer(before)]
    clause = _takers(before[starts[-1] :], starts[-1]) if starts else []
    first = clause or _takers(before)
    return first[0][1] if first else None


def _territory(sentence: str, match: re.Match[str]) -> EventType:
    """Taking a place: the government regaining it when the government takes it, else a non-state actor."""
    sub = GOVERNMENT_REGAINS if _taker(sentence, match) == act.GOVERNMENT else NON_STATE_TAKES
    return EventType(BATTLES, sub, match.group(0))


def _killing(sentence: str, match: re.Match[str]) -> EventType:
    """A killing: in the fighting or the explosion a generic word names; a clash when only fighters are killed
    ("killing one soldier") and nothing says they were targeted; else an attack on civilians."""
    for event_type, sub_event_type, pattern in _COMPILED_GENERIC:
        generic = next(
            (g for g in pattern.finditer(sentence) if not _prospect_or_reference(sentence, g)), None
        )
        if generic and event_type != STRATEGIC:  # an agreement is no violence: the killing decides
            on_civilians = re.match(r"attack|assault|raid", generic.group(0), re.I)
            if on_civilians and _CIVILIAN_VICTIMS.search(sentence):
                break  # "an attack killed five civilians": an attack on civilians, not a clash
            return EventType(event_type, sub_event_type, generic.group(0))
    plain = _PLAIN_KILLING.fullmatch(match.group(0)) and not _TARGETED.search(sentence)
    others = _CIVILIAN_VICTIMS.search(sentence) or re.search(r"\b(?:people|persons)\b", sentence, re.I)
    if plain and _COMBATANT_VICTIMS.search(sentence) and not others:
        return EventType(BATTLES, "Armed clash", match.group(0))
    return EventType(CIVILIANS, KILLING, match.group(0))


# A generic word that names what may come ("will extend its operation", "warned that an attack could") or what
# people flee or date things by ("fleeing the fighting", "since the operation began") names no event.
_PROSPECT_BEFORE = re.compile(
    r"\b(?:will|would|could|might|warn(?:s|ed|ing)?|vow(?:s|ed)?|threaten(?:s|ed)?|plan(?:s|ned)?|"
    r"prepar(?:e|es|ed|ing|ation)|if)\b[^.;]{0,40}$",
    re.I,
)
_PROSPECT_AFTER = re.compile(r"^[^.;,]{0,25}?\b(?:will|would|could|might)\b", re.I)
_REFERENCE_BEFORE = re.compile(r"\b(?:since\s+(?:the|its|their)|fle(?:e|es|eing|d)\s+(?:the)?)\s*$", re.I)


def _prospect_or_reference(sentence: str, match: re.Match[str]) -> bool:
    before, after = sentence[: match.start()], sentence[match.end() :]
    return bool(
        _PROSPECT_BEFORE.search(before) or _PROSPECT_AFTER.match(after) or _REFERENCE_BEFORE.search(before)
    )


def _classify_english(sentence: str) -> EventType | None:
    for event_type, sub_event_type, pattern in _COMPILED:
        match = pattern.search(sentence)
        if match:
            if sub_event_type == NON_STATE_TAKES:
                return _territory(sentence, match)
            if pattern.pattern == KILLED:
                return _killing(sentence, match)
            return EventType(event_type, sub_event_type, match.group(0))
    return None


def _classify_generic(sentence: str, english: bool) -> EventType | None:
    for event_type, sub_event_type, pattern in _COMPILED_GENERIC if english else ():
        for match in pattern.finditer(sentence):
            if not _prospect_or_reference(sentence, match):
                return EventType(event_type, sub_event_type, match.group(0), generic=True)
    return _classify_arabic(sentence, _ARABIC_GENERIC_COMPILED, generic=True)


def _classify_arabic(sentence: str, rules: list, generic: bool = False) -> EventType | None:
    if not has_arabic(sentence):
        return None
    folded, shifts = fold_arabic_offsets(sentence)
    for event_type, sub_event_type, cue, pattern in rules:
        match = pattern.search(folded) if cue.search(folded) else None
        if match:
            start, end = original_span(shifts, *match.span())
            return EventType(event_type, sub_event_type, sentence[start:end], generic)
    return None


def classify(sentence: str) -> EventType | None:
    """The ACLED event type of ``sentence``, or None when no rule matches.

    The first specific rule that matches decides (:data:`RULES`, :data:`ARABIC_RULES`); without one, the first
    generic word (:data:`GENERIC_RULES`), and the type is then marked ``generic``.
    """
    english = not arabic_only(sentence)  # a sentence written in Arabic alone holds none of the English words
    return (
        (_classify_english(sentence) if english else None)
        or _classify_arabic(sentence, _ARABIC_COMPILED)
        or _classify_generic(sentence, english)
    )
