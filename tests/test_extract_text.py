"""Report text: HTML to text, and sentences whose offsets point back into the text."""

from __future__ import annotations

import pytest

from events.extract.text import html_to_text, looks_like_html, normalise_text, split_sentences

REPORT = (
    "Shelling Hits Eastern Aleppo\n\n"
    "Government forces shelled the eastern districts on Monday. Gen. Ali said U.S. officials were told.\n"
    "Rescuers said at least 12 people were killed! Was the market hit? Residents said it was."
)


def test_sentences_keep_offsets_into_the_text():
    sentences = split_sentences(REPORT)
    assert [s.text for s in sentences] == [
        "Shelling Hits Eastern Aleppo",
        "Government forces shelled the eastern districts on Monday.",
        "Gen. Ali said U.S. officials were told.",
        "Rescuers said at least 12 people were killed!",
        "Was the market hit?",
        "Residents said it was.",
    ]
    assert all(REPORT[s.start : s.end] == s.text for s in sentences)


def test_arabic_sentences_split_on_the_arabic_question_mark():
    sentences = split_sentences("هل سقطت المدينة؟ قالت المصادر إنها صامدة.")
    assert len(sentences) == 2


def test_html_keeps_paragraphs_and_drops_scripts_and_navigation():
    page = (
        "<!doctype html><html><head><title>Raqqa falls</title><script>var x = 1;</script></head>"
        "<body><nav>Home | World</nav><article><p>The SDF took Raqqa.</p><p>Fighting ended &amp; "
        "mines remain.</p></article><footer>Copyright</footer></body></html>"
    )
    assert looks_like_html(page)
    title, text = html_to_text(page)
    assert title == "Raqqa falls"
    assert text == "The SDF took Raqqa.\n\nFighting ended & mines remain."


@pytest.mark.parametrize("raw", ["Plain text with <3 hearts", "A report.\nSecond line."])
def test_plain_text_is_not_html(raw):
    assert not looks_like_html(raw)


def test_normalise_text_unifies_quotes_and_line_ends():
    assert normalise_text("Syria\u2019s east\r\nnext\u00a0line") == "Syria's east\nnext line"
