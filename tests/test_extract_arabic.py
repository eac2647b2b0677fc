"""Arabic reports: dates, event types and fatality figures as Syrian news writes them in Modern Standard Arabic,
and a whole Arabic golden report through `python -m events extract`. Every sentence is written for the project."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from events.extract import actors, types
from events.extract.dates import DAY, MONTH, WEEK, find_dates
from events.extract.fatalities import find_fatalities
from events.extract.pipeline import extract_report
from events.extract.places import PlaceFinder
from events.extract.text import fold_arabic, fold_arabic_offsets, original_span
from geodata.gazetteer import load_gazetteer
from geodata.settings import PROJECT_ROOT

SUNDAY = date(2017, 1, 15)
REPORT = Path(__file__).parent / "data" / "reports" / "arabic-report.txt"


@pytest.mark.parametrize(
    ("variants", "folded"),
    [
        (["الأحد", "الاحد", "الأحَد"], "الاحد"),  # hamza on alef, a diacritic
        (["إعدام", "اعدام"], "اعدام"),
        (["آذار", "اذار"], "اذار"),
        (["مجزرة", "مجزره", "مجـزرة"], "مجزره"),  # taa marbuta, tatweel
        (["قتلى", "قتلي"], "قتلي"),  # alef maqsura
        (["١٢", "12", "۱۲"], "12"),  # Arabic-Indic, Persian and Latin digits
    ],
)
def test_arabic_spellings_fold_to_one(variants, folded):
    assert {fold_arabic(v) for v in variants} == {folded}


def test_spans_of_the_folded_text_point_into_the_original():
    text = "قُتِلَ ١٢ مدنيًّا في الـمـدينة"
    folded, shifts = fold_arabic_offsets(text)
    start = folded.index("مدنيا")
    begin, end = original_span(shifts, start, start + len("مدنيا"))
    assert text[begin:end] == "مدنيًّا"


def test_english_text_is_left_as_it_is():
    assert fold_arabic("On Saturday, 16 were killed.") == "On Saturday, 16 were killed."


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("قصفت الطائرات البلدة يوم السبت", date(2017, 1, 14), date(2017, 1, 14), DAY),
        ("اندلعت المعارك مجدداً السبت", date(2017, 1, 14), date(2017, 1, 14), DAY),
        ("هاجم المسلحون الحاجز يوم الاثنين", date(2017, 1, 9), date(2017, 1, 9), DAY),
        ("عادت الغارات يوم الثلاثاء", date(2017, 1, 10), date(2017, 1, 10), DAY),
        ("سقطت القذائف صباح الأربعاء", date(2017, 1, 11), date(2017, 1, 11), DAY),
        ("سقطت القذائف الاربعاء", date(2017, 1, 11), date(2017, 1, 11), DAY),
        ("دارت المعارك يوم الخميس", date(2017, 1, 12), date(2017, 1, 12), DAY),
        ("انفجرت العبوة بعد صلاة الجمعة", date(2017, 1, 13), date(2017, 1, 13), DAY),
        ("قصفت المدفعية الحي الأحد", SUNDAY, SUNDAY, DAY),
        ("قصفت المدفعية الحي يوم الاحد", SUNDAY, SUNDAY, DAY),
        ("قصفت الطائرات الحي الأحد الماضي", date(2017, 1, 8), date(2017, 1, 8), DAY),
        ("قُتل ثلاثة أشخاص أمس", date(2017, 1, 14), date(2017, 1, 14), DAY),
        ("قتل ثلاثة اشخاص امس", date(2017, 1, 14), date(2017, 1, 14), DAY),
        ("وتجددت الاشتباكات مساء أمس", date(2017, 1, 14), date(2017, 1, 14), DAY),
        ("سقطت القذائف أول من أمس", date(2017, 1, 13), date(2017, 1, 13), DAY),
        ("تواصل القصف اليوم", SUNDAY, SUNDAY, DAY),
        ("شنت الطائرات غارات فجر اليوم", SUNDAY, SUNDAY, DAY),
        ("بدأ الهجوم منذ يومين", date(2017, 1, 13), date(2017, 1, 13), DAY),
        ("بدأ الهجوم منذ ثلاثة أيام", date(2017, 1, 12), date(2017, 1, 12), DAY),
        ("بدأ الهجوم منذ ٤ أيام", date(2017, 1, 11), date(2017, 1, 11), DAY),
        ("تقدمت القوات الأسبوع الماضي", date(2017, 1, 2), date(2017, 1, 8), WEEK),
        ("توقفت المساعدات الشهر الماضي", date(2016, 12, 1), date(2016, 12, 31), MONTH),
        # Syria's weekend is Friday and Saturday
        ("اشتدت المعارك خلال نهاية الأسبوع", date(2017, 1, 13), date(2017, 1, 14), WEEK),
        ("بدأ الهجوم في ١٤ كانون الثاني", date(2017, 1, 14), date(2017, 1, 14), DAY),
        ("بدأ الهجوم في 14 يناير", date(2017, 1, 14), date(2017, 1, 14), DAY),
        ("دخلت القوات المدينة في 22 كانون الأول", date(2016, 12, 22), date(2016, 12, 22), DAY),  # last year's
        ("سقطت المدينة في 21 أيار/مايو 2015", date(2015, 5, 21), date(2015, 5, 21), DAY),
        ("سقطت المدينة في ٥ تشرين الثاني ٢٠١٦", date(2016, 11, 5), date(2016, 11, 5), DAY),
        ("سيطر التنظيم على السد في 3 آب من عام 2015", date(2015, 8, 3), date(2015, 8, 3), DAY),
        ("بدأ الهجوم يوم السبت الموافق 5 آذار 2016", date(2016, 3, 5), date(2016, 3, 5), DAY),  # one date
        ("جرى الاتفاق في شهر آذار", date(2016, 3, 1), date(2016, 3, 31), MONTH),
        ("يومَ السـبت", date(2017, 1, 14), date(2017, 1, 14), DAY),  # a diacritic and tatweel
    ],
)
def test_arabic_dates_resolve_against_the_publication_date(text, start, end, precision):
    mentions = find_dates(text, SUNDAY)
    assert [(m.start, m.end, m.precision) for m in mentions] == [(start, end, precision)]


@pytest.mark.parametrize(
    ("levantine", "egyptian", "month"),
    [
        ("كانون الثاني", "يناير", 1), ("شباط", "فبراير", 2), ("آذار", "مارس", 3), ("نيسان", "أبريل", 4),
        ("أيار", "مايو", 5), ("حزيران", "يونيو", 6), ("تموز", "يوليو", 7), ("آب", "أغسطس", 8),
        ("أيلول", "سبتمبر", 9), ("تشرين الأول", "أكتوبر", 10), ("تشرين الثاني", "نوفمبر", 11),
        ("كانون الأول", "ديسمبر", 12),
    ],
)  # fmt: skip
def test_both_series_of_month_names(levantine, egyptian, month):
    for name in (levantine, egyptian):
        [mention] = find_dates(f"وقع الهجوم في 9 {name} 2016", SUNDAY)
        assert mention.start == date(2016, month, 9)


def test_a_date_quotes_the_words_as_written():
    [mention] = find_dates("وقع الهجوم يومَ السـبت الماضي", SUNDAY)
    assert mention.text == "يومَ السـبت الماضي"


@pytest.mark.parametrize(
    "text",
    ["ستستأنف المفاوضات السبت المقبل", "وصلت التعزيزات قبل يومين من الهجوم", "انسحبت القوات في اليوم التالي"],
)
def test_arabic_text_without_a_past_date_gives_none(text):
    assert find_dates(text, SUNDAY) == []


@pytest.mark.parametrize(
    ("sentence", "event_type", "sub_event_type"),
    [
        ("شنت طائرات حربية غارات على البلدة", types.REMOTE, "Air/drone strike"),
        ("استهدفت غارة جوية السوق الشعبي", types.REMOTE, "Air/drone strike"),
        ("تعرضت الأحياء لقصف جوي عنيف", types.REMOTE, "Air/drone strike"),
        ("تعرضت الأحياء لقصف مدفعي عنيف", types.REMOTE, "Shelling/artillery/missile attack"),
        ("سقطت قذائف صاروخية على الحي", types.REMOTE, "Shelling/artillery/missile attack"),
        ("طال قصف صاروخي أطراف المدينة", types.REMOTE, "Shelling/artillery/missile attack"),
        ("اندلعت اشتباكات بين الطرفين", types.BATTLES, "Armed clash"),
        ("تواصلت المعارك على أطراف البلدة", types.BATTLES, "Armed clash"),
        ("انفجرت عبوة ناسفة بدورية عسكرية", types.REMOTE, "Remote explosive/landmine/IED"),
        ("هز انفجار عنيف وسط المدينة", types.REMOTE, "Remote explosive/landmine/IED"),
        ("وقع تفجير قرب المسجد", types.REMOTE, "Remote explosive/landmine/IED"),
        ("انفجرت سيارة مفخخة عند المدخل", types.REMOTE, "Remote explosive/landmine/IED"),
        ("فجر انتحاري سيارة مفخخة عند الحاجز", types.REMOTE, "Suicide bomb"),
        ("نفذ التنظيم هجوماً انتحارياً على الثكنة", types.REMOTE, "Suicide bomb"),
        ("ارتكبت المجموعة مجزرة بحق العائلة", types.CIVILIANS, "Attack"),
        ("أقدم المسلحون على إعدام خمسة رجال", types.CIVILIANS, "Attack"),
        ("سيطرت قوات النظام على القرية", types.BATTLES, "Government regains territory"),
        ("استعادت قوات النظام السيطرة على التلة", types.BATTLES, "Government regains territory"),
        ("تمكن الجيش السوري من استعادة البلدة", types.BATTLES, "Government regains territory"),
        ("سيطر تنظيم داعش على الحقل", types.BATTLES, "Non-state actor overtakes territory"),
        ("استعادت فصائل المعارضة القرية", types.BATTLES, "Non-state actor overtakes territory"),
        ("استعاد الجيش السوري الحر التلة", types.BATTLES, "Non-state actor overtakes territory"),
        ("انسحبت قوات النظام من البلدة", types.STRATEGIC, "Non-violent transfer of territory"),
        ("دخل اتفاق وقف إطلاق النار حيز التنفيذ", types.STRATEGIC, "Agreement"),
        ("خرجت مظاهرة في الساحة", types.PROTESTS, "Peaceful protest"),
        ("أفادت مصادر بهجوم بغاز سام", types.REMOTE, "Chemical weapon"),
        ("اختطف مسلحون ثلاثة مدنيين", types.CIVILIANS, "Abduction/forced disappearance"),
        ("شنّت الطائـرات الحربيـة غاراتٍ", types.REMOTE, "Air/drone strike"),  # tatweel, diacritics
    ],
)
def test_arabic_event_types_follow_acled(sentence, event_type, sub_event_type):
    decided = types.classify(sentence)
    assert (decided.event_type, decided.sub_event_type) == (event_type, sub_event_type)
    assert decided.cue in sentence  # the words that decided it, as written


@pytest.mark.parametrize(
    "sentence",
    [
        "دخل الأطفال المغارة",  # "غارة" (a raid) inside another word
        "لا تزال البلدة تحت سيطرة قوات النظام",  # who holds a place, not a change
        "أصدرت هيئة تحرير الشام بياناً",  # a faction's name
        "افتتحت البلدية مدرسة جديدة",
    ],
)
def test_an_arabic_sentence_without_violence_has_no_type(sentence):
    assert types.classify(sentence) is None


@pytest.mark.parametrize(
    ("text", "low", "best", "high"),
    [
        ("أسفرت الغارات عن مقتل 16 مدنياً", 16, 16, 16),
        ("قُتل ١٦ شخصاً في القصف", 16, 16, 16),
        ("قتل 16 عنصرا في الكمين", 16, 16, 16),
        ("خلف القصف 16 قتيلاً", 16, 16, 16),
        ("أفادت مصادر بسقوط 16 قتيلا", 16, 16, 16),
        ("أسفر الهجوم عن مقتل ما لا يقل عن 16 جندياً", 16, 16, None),
        ("قُتل 16 شخصاً على الأقل", 16, 16, None),
        ("قُتل أكثر من 80 مقاتلاً في المعارك", 80, 80, None),
        ("أسفرت المعارك عن مقتل عشرات المقاتلين", 24, None, None),
        ("أسفرت المعارك عن مقتل العشرات", 24, None, None),
        ("سقط العشرات من القتلى", 24, None, None),
        ("أسفرت الغارة عن مقتل نحو 30 شخصاً", 30, 30, 30),
        ("أسفرت الغارة عن مقتل بين 20 و30 شخصاً", 20, None, 30),
        ("أدى القصف إلى مقتل ثلاثة مدنيين", 3, 3, 3),
        ("أدى القصف إلى مقتل اثنين من المارة", 2, 2, 2),
        ("قُتل عشرة عناصر في الهجوم", 10, 10, 10),
        ("أدى الانفجار إلى مقتل خمسة عشر شخصاً", 15, 15, 15),
        ("ارتفعت حصيلة القتلى إلى ٤٥ قتيلاً", 45, 45, 45),
        ("لقي ٧ أشخاص حتفهم في الانفجار", 7, 7, 7),
        ("أسفر القصف عن سقوط قتيلين", 2, 2, 2),
    ],
)
def test_arabic_fatality_figures_keep_their_uncertainty(text, low, best, high):
    [mention] = find_fatalities(text)
    assert (mention.low, mention.best, mention.high) == (low, best, high)
    assert mention.text in text


@pytest.mark.parametrize(
    "text",
    ["أصيب 16 شخصاً بجروح", "قتل شاب يبلغ من العمر 16 عاماً", "أسفر القصف عن مقتل وإصابة 20 شخصاً"],
)
def test_arabic_text_without_a_fatality_figure_gives_none(text):
    assert find_fatalities(text) == []


@pytest.fixture(scope="module")
def finder():
    return PlaceFinder(load_gazetteer(include_fetched=False))


def test_an_arabic_toll_repeated_counts_once(finder):
    text = (
        "شنت طائرات حربية غارات جوية على مدينة سراقب يوم السبت، ما أسفر عن مقتل 12 مدنياً. "
        "وأكد الدفاع المدني مقتل 12 مدنياً."
    )
    [event] = extract_report(text, SUNDAY, finder).events
    assert (event.place.name, event.date_start, event.sub_event_type) == (
        "Saraqib",
        date(2017, 1, 14),
        "Air/drone strike",
    )
    assert (event.fatalities_low, event.fatalities_best, event.fatalities_high) == (12, 12, 12)


def test_english_with_arabic_names_reads_as_before(finder):
    found = extract_report("Air strikes hit سراقب on Saturday, killing 12 people.", SUNDAY, finder)
    [event] = found.events
    assert (event.place.name, event.date_start, event.fatalities_best) == ("Saraqib", date(2017, 1, 14), 12)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # "و" (and), "ب" (in), "ل" (to), "لل" (to the) glued to the name
        ("قصف على وحماة ولإدلب وبحلب", [("Ḩamāh", "city"), ("Idlib", "city"), ("Aleppo", "city")]),
        ("تعزيزات للرقة", [("Ar Raqqah", "city")]),
        ("انفجار في مدينة القامشلي بمحافظة الحسكة", [("Al Qāmishlī", "city"), ("Al-Hasakah", "governorate")]),
        ("غارات على بلدة كفرنبل بريف إدلب الجنوبي", [("Kafranbel", "town"), ("Idlib", "governorate")]),
        # words that begin with one of those letters are not names cut short
        ("بعد ولكن فيها لها كما", []),
    ],
)
def test_arabic_names_are_found_behind_glued_words(finder, text, found):
    assert [(m.place.name, m.place.kind) for m in finder.find(text)] == found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مواقع تابعة لداعش", ["Islamic State"]),  # "ل" glued: to ISIS
        ("اشتباكات بين قسد وقوات النظام", ["SDF", "Government of Syria"]),  # "و" glued: and
        ("مقتل 5 مدنياً بقصف للطيران الروسي", ["Civilians", "Russia"]),  # "ل" + "ال" written "لل"
        ("هجوم لتنظيم الدولة الإسلامية على مواقع الوحدات الكردية", ["Islamic State", "SDF"]),
        ("قصفت القوات التركية والجيش الوطني السوري", ["Turkish forces", "Turkish-backed SNA"]),
        ("بعد ولكن فيها", []),
    ],
)
def test_arabic_actor_names_are_found_behind_glued_words(text, expected):
    assert [m.actor for m in actors.find_actors(text)] == expected


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("قتل 5 مدنيين في غارة قرب معرة النعمان", 2),  # near
        ("اشتباكات على أطراف مدينة حلب", 2),  # the outskirts of the city of
        ("اشتباكات في محيط مطار دير الزور العسكري", 2),  # around
        ("غارات جوية شرق دير الزور", 2),  # east of
        ("غارات جوية بالقرب من سراقب", 2),  # close to
        ("غارات جوية على مدينة سراقب", 1),
    ],
)
def test_arabic_words_of_nearness_lower_the_precision(finder, text, precision):
    [mention] = finder.find(text)
    assert mention.geo_precision == precision


@pytest.mark.parametrize(
    ("text", "places", "unknown"),
    [
        ("غارات على قرية زردنا في إدلب", [("Idlib", 3)], ["زردنا"]),  # in the province, not the city
        ("انفجار في سوق مدينة سرمدا بريف إدلب الشمالي", [("Idlib", 3)], ["سرمدا"]),
        ("قصف على بلدة كفر جالس", [], ["كفر جالس"]),
        ("قصف على مدينة سراقب", [("Saraqib", 1)], []),  # a settlement the gazetteer has
        ("غارات على قرية في ريف إدلب", [("Idlib", 3)], []),  # "a village in": no name
    ],
)
def test_arabic_settlements_the_gazetteer_lacks_are_kept_as_written(finder, text, places, unknown):
    scanned = finder.scan(text)
    assert [(m.place.name, m.geo_precision) for m in scanned.places] == places
    assert [u.text for u in scanned.unknown] == unknown


# The Arabic golden report, through the command users run.


@pytest.fixture(scope="module")
def records() -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "events", "extract", str(REPORT)], cwd=PROJECT_ROOT,
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    return [json.loads(line) for line in out.splitlines()]


def _kind(records, kind):
    return [r for r in records if r["kind"] == kind]


def test_the_arabic_report_is_about_idlib(records):
    [report] = _kind(records, "report")
    assert (report["place_name"], report["admin1"], report["published"]) == ("Saraqib", "SY-ID", "2016-03-06")


def test_the_arabic_report_events(records):
    events = {
        (e["place_id"], e["admin1"]): (
            e["date_start"], e["date_end"], e["date_precision"], e["event_type"], e["sub_event_type"],
            (e["fatalities_low"], e["fatalities_best"], e["fatalities_high"]),
        )
        for e in _kind(records, "event")
    }  # fmt: skip
    remote, battles, civilians = types.REMOTE, types.BATTLES, types.CIVILIANS
    assert events == {
        # "يوم السبت", published on a Sunday; "مقتل ١٢", then "ارتفعت حصيلة القتلى إلى ١٥": a range
        ("gn:164816", "SY-ID"): ("2016-03-05", "2016-03-05", DAY, remote, "Air/drone strike", (12, None, 15)),
        # "أمس", "ما لا يقل عن ٢٠"
        ("gn:168325", "SY-ID"): ("2016-03-05", "2016-03-05", DAY, battles, "Armed clash", (20, 20, None)),
        # "منذ يومين", "ثلاثة"
        ("gn:167611", "SY-ID"): ("2016-03-04", "2016-03-04", DAY, remote, "Shelling/artillery/missile attack",
                                 (3, 3, 3)),
        # "في ٢ آذار/مارس", "سقوط ٥ قتلى"
        ("gn:172994", "SY-ID"): ("2016-03-02", "2016-03-02", DAY, remote, "Remote explosive/landmine/IED",
                                 (5, 5, 5)),
        # "فجر اليوم", "أكثر من 10"
        ("gn:169023", "SY-ID"): ("2016-03-06", "2016-03-06", DAY, remote, "Suicide bomb", (10, 10, None)),
        # "الأسبوع الماضي"
        ("gn:166640", "SY-HM"): ("2016-02-22", "2016-02-28", WEEK, battles, "Government regains territory",
                                 (None, None, None)),
        # "الشهر الماضي", "نحو ٣٠"
        ("gn:163808", "SY-HI"): ("2016-02-01", "2016-02-29", MONTH, civilians, "Attack", (30, 30, 30)),
    }  # fmt: skip


def test_the_arabic_report_actors_and_quotes(records):
    by_place = {e["place_id"]: e for e in _kind(records, "event")}
    clash = by_place["gn:168325"]
    assert {clash["actor1"], clash["actor2"]} == {"Government of Syria", "HTS"}
    assert by_place["gn:166640"]["actor1"] == "Government of Syria"
    assert by_place["gn:163808"]["actor1"] == "Islamic State"
    assert "ارتفعت إلى ١٥ قتيلاً" in by_place["gn:164816"]["quote"]  # the toll sentence after the strike


def test_the_arabic_report_control_claims(records):
    claims = {(c["place_id"], c["faction"], c["as_of"]) for c in _kind(records, "control_claim")}
    assert claims == {
        ("gn:166640", "Government of Syria", "2016-03-06"),  # "استعادت قوات النظام السيطرة على بلدة مورك"
        ("gn:164816", "Opposition/FSA", "2016-03-06"),  # "لا تزال مدينة سراقب خاضعة لسيطرة فصائل المعارضة"
    }


@pytest.mark.parametrize(
    ("sentence", "place", "faction"),
    [
        ("سقطت مدينة تدمر بيد تنظيم داعش يوم الأربعاء.", "gn:163808", "Islamic State"),
        ("انسحبت قوات النظام من مدينة تدمر أمام هجوم داعش.", "gn:163808", "Islamic State"),
        ("سيطرت قسد على مدينة الرقة بالكامل.", "gn:172955", "SDF"),
        (
            "لا يزال مطار دير الزور العسكري تحت سيطرة قوات النظام.",
            "site:deir-ez-zor-military-airport",
            "Government of Syria",
        ),
    ],
)
def test_arabic_control_statements_become_claims(sentence, place, faction):
    from events.extract.pipeline import extract_report
    from events.extract.places import PlaceFinder
    from geodata.gazetteer import load_gazetteer

    claims = extract_report(sentence, date(2016, 3, 6), PlaceFinder(load_gazetteer())).claims
    assert [(c.faction, c.as_of) for c in claims] == [(faction, date(2016, 3, 6))]
    assert [c.place.id for c in claims] == [place]


def test_an_arabic_dateline_is_not_where_the_event_happened():
    from events.extract.pipeline import extract_report
    from events.extract.places import PlaceFinder
    from geodata.gazetteer import load_gazetteer

    text = "إدلب - قصفت قوات النظام بلدة سراقب يوم السبت، ما أدى إلى مقتل خمسة مدنيين."
    events = extract_report(text, date(2016, 3, 6), PlaceFinder(load_gazetteer())).events
    assert [e.place.id for e in events] == ["gn:164816"]  # Saraqib, not the dateline's Idlib
    assert events[0].fatalities_best == 5
