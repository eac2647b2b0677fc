"""Event types from ACLED's taxonomy, decided by the words a sentence uses.

The rules are ordered: the first that matches wins, so the specific ("suicide car bomb", "chemical attack")
come before the general ("attack", "fighting"). Each rule gives ACLED's ``event_type`` and ``sub_event_type``.

Arabic sentences are read by :data:`ARABIC_RULES`, the same types in the same order, on their folded spelling
(:func:`events.extract.text.fold_arabic`): "غارات جوية" an air strike, "قصف مدفعي" shelling, "سيارة مفخخة" a
remote explosive, "هجوم انتحاري" a suicide bomb, "مجزرة" an attack on civilians, "اشتباكات" an armed clash,
"استعادت قوات النظام السيطرة على" the government regaining territory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from events.extract.text import arabic_only, fold_arabic, fold_arabic_offsets, has_arabic, original_span

BATTLES = "Battles"
REMOTE = "Explosions/Remote violence"
CIVILIANS = "Violence against civilians"
STRATEGIC = "Strategic developments"
PROTESTS = "Protests"

RULES: list[tuple[str, str, str]] = [
    # (event_type, sub_event_type, pattern)
    (REMOTE, "Chemical weapon", r"chemical (?:weapons?|attack|agent)|sarin|chlorine|nerve agent|toxic gas"),
    (REMOTE, "Suicide bomb", r"suicide (?:car )?(?:bomb(?:er|ing|s)?|attacks?|vehicle|blasts?)|\bsvbied|"
     r"suicide bombers?"),
    (REMOTE, "Air/drone strike", r"air ?strikes?|air raids?|airstrikes?|warplanes?|jets? (?:struck|bombed|hit)|"
     r"drone strikes?|barrel bombs?|helicopters? dropped|bombing raids?|aerial bombardment"),
    (REMOTE, "Shelling/artillery/missile attack", r"shell(?:ing|ed|s)|artillery|mortars?|rockets?|missiles?|"
     r"bombard(?:ment|ed)"),
    (REMOTE, "Remote explosive/landmine/IED", r"car bombs?|roadside bombs?|\bied\b|landmines?|explosive device|"
     r"booby[- ]trap|bomb (?:blast|attack|exploded)|explosion"),
    (CIVILIANS, "Attack", r"massacre[sd]?|execut(?:ed|ion|ions)|civilians? (?:were |was )?(?:killed|shot)"),
    (CIVILIANS, "Abduction/forced disappearance", r"abduct(?:ed|ion)|kidnapp(?:ed|ing)|forcibly disappeared"),
    (BATTLES, "Government regains territory", r"(?:government|army|regime|syrian) (?:forces |troops )?"
     r"(?:recaptured|retook|regained|recapture|retake)"),
    (BATTLES, "Non-state actor overtakes territory", r"\b(?:captured|seized|overran|took control of|fell to|"
     r"stormed|recaptured|retook)\b"),
    (STRATEGIC, "Non-violent transfer of territory", r"withdr(?:ew|awn|awal) from|handed over|evacuat(?:ed|ion) "
     r"(?:deal|agreement)|took over .* without a fight"),
    (STRATEGIC, "Agreement", r"ceasefire|truce|de-escalation|agreement|deal\b"),
    (BATTLES, "Armed clash", r"clash(?:es|ed)?|fighting|battles?|offensive|assaults?|attack(?:s|ed)?|"
     r"counter-?attack|push|advance[sd]?|siege|skirmish"),
    (PROTESTS, "Peaceful protest", r"protest(?:s|ers|ed)?|demonstrat(?:ion|ions|ors|ed)|rall(?:y|ies)"),
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
     "انفجار|انفجارات|انفجرت|انفجر|فجرت")),
    (CIVILIANS, "Attack", *_words("مجزرة|مجازر|إعدام|إعدامات|أعدم|أعدمت|أعدموا")),
    (CIVILIANS, "Abduction/forced disappearance", *_words(r"اختطاف|خطف|اختطفت?|خطفت?|اختطفوا|إخفاء\s+قسري")),
    (BATTLES, "Government regains territory", _AR_TAKES_CUE,
     rf"(?<!\w)[وفب]?{_AR_GOVERNMENT}\s+(?:\S+\s+){{0,4}}?(?:{_AR_TAKES})"
     rf"|(?:{_AR_TAKES})\s+(?:\S+\s+){{0,2}}?{_AR_GOVERNMENT}"
     rf"|(?<!\w)[وف]?(?:سيطرت?|سيطروا)\s+(?:\S+\s+)?{_AR_GOVERNMENT}\s+(?:\S+\s+){{0,3}}?على(?!\w)"),
    (BATTLES, "Non-state actor overtakes territory", _AR_TAKES_CUE, _AR_TAKES),
    (STRATEGIC, "Non-violent transfer of territory", "انسحب|انسحاب|تسليم",
     rf"{_AR}(?:انسحب|انسحبت|انسحبوا|انسحاب)\s+(?:\S+\s+){{0,3}}?من(?!\w)|تسليم\s+(?:\S+\s+){{0,2}}?دون\s+قتال"),
    (STRATEGIC, "Agreement", *_words(r"وقف\s+إطلاق\s+النار|هدنة|اتفاق|اتفاقية|تسوية|مصالحة|خفض\s+التصعيد")),
    (BATTLES, "Armed clash", *_words("اشتباكات|اشتباك|اشتبكت?|اشتبكوا|معارك|معركة|مواجهات|هجوم|هجمات|هجوما|"
     "هاجم|هاجمت|هاجموا|اقتحام|اقتحمت|حصار|كمين|تسلل")),
    (PROTESTS, "Peaceful protest", *_words("مظاهرة|مظاهرات|تظاهرة|تظاهرات|تظاهر|احتجاج|احتجاجات|احتجاجية|"
     "اعتصام")),
]  # fmt: skip

_ARABIC_COMPILED = [
    (etype, sub, re.compile(fold_arabic(cue)), re.compile(fold_arabic(pattern)))
    for etype, sub, cue, pattern in ARABIC_RULES
]


@dataclass(frozen=True)
class EventType:
    """ACLED's event type and sub-event type, and the words that decided them."""

    event_type: str
    sub_event_type: str
    cue: str
    # True when only a generic word decided it ("attack", "offensive", "battle", "fighting", "explosion",
    # "agreement"): commentary uses those words too, so the sentence must also give its own place, date or toll
    generic: bool = False


def classify(sentence: str) -> EventType | None:
    """The first matching ACLED event type for ``sentence``, or None when no rule matches."""
    english = not arabic_only(sentence)  # a sentence written in Arabic alone holds none of the English words
    for event_type, sub_event_type, pattern in _COMPILED if english else ():
        match = pattern.search(sentence)
        if match:
            return EventType(event_type, sub_event_type, match.group(0))
    if has_arabic(sentence):
        folded, shifts = fold_arabic_offsets(sentence)
        for event_type, sub_event_type, cue, pattern in _ARABIC_COMPILED:
            match = pattern.search(folded) if cue.search(folded) else None
            if match:
                start, end = original_span(shifts, *match.span())
                return EventType(event_type, sub_event_type, sentence[start:end])
    return None
