"""Report text: plain text out of HTML, and sentences with their character offsets.

Sentences keep their offsets into the cleaned text so that every event and claim can quote the exact sentence
it came from.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

# Abbreviations that end in a full stop without ending a sentence.
ABBREVIATIONS = {
    "u.s", "u.n", "u.k", "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "st", "no", "vs",
    "approx", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e",
}  # fmt: skip
_BOUNDARY = re.compile(r"(?<=[.!?؟])[\"'”’)\]]*\s+(?=[\"'“‘(\[]*[A-Z0-9\u0600-\u06FF])|\n\s*\n")
# A first line of up to 200 characters that ends without punctuation, followed by a single line break.
_TITLE_LINE = re.compile(r"^\s*([^\n]{1,200}?[^\s.!?؟,;:\-–—])[ \t]*\n(?=[ \t]*\S)")
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "blockquote",
}
_SKIP_TAGS = {"script", "style", "noscript", "nav", "footer", "header", "aside", "form", "svg"}


@dataclass(frozen=True)
class Sentence:
    """A sentence and its character offsets in the report text."""

    text: str
    start: int
    end: int


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag == "title":
            self._in_title = True
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self.skipping:
            self.skipping -= 1
        elif tag == "title":
            self._in_title = False
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self.skipping:
            self.parts.append(data)


def looks_like_html(raw: str) -> bool:
    """True when ``raw`` is an HTML document or fragment rather than plain text."""
    head = raw.lstrip()[:2000].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(p|div|body|article)\b", head))


def html_to_text(raw: str) -> tuple[str, str]:
    """Return ``(title, text)`` of an HTML page: paragraphs kept, scripts, navigation and footers dropped."""
    parser = _TextParser()
    parser.feed(raw)
    parser.close()
    text = html.unescape("".join(parser.parts))
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r"\s*\n\s*\n\s*", "\n\n", text).strip()
    return parser.title.strip(), text


def normalise_text(raw: str) -> str:
    """Plain text with typographic quotes and spaces unified, so that rules see one form."""
    text = raw.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# Arabic spelling variants folded to one form, as news sites write the same word several ways: hamza on alef
# (أ إ آ ٱ -> ا), taa marbuta (ة -> ه), alef maqsura (ى -> ي), hamza on waw and yaa, Persian kaf and yaa,
# and Arabic-Indic digits (٠-٩, ۰-۹) as Latin ones. Tatweel and diacritics (tashkeel) are dropped. The same
# folding as the gazetteer's keys (geodata.names), so that rules and place names see one spelling.
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
_ARABIC_DROPPED = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans(
    "أإآٱةىؤئیک٬" + "٠١٢٣٤٥٦٧٨٩" + "۰۱۲۳۴۵۶۷۸۹",
    "ااااهيوييك," + "0123456789" + "0123456789",
)
_OTHER_LETTER = re.compile("[^\\W\\d_\u0600-\u06ff]")  # a letter of another script than Arabic


def has_arabic(text: str) -> bool:
    """True when ``text`` contains Arabic script."""
    return _ARABIC_SCRIPT.search(text) is not None


def arabic_only(text: str) -> bool:
    """True when every letter of ``text`` is Arabic: rules written for English words cannot match it."""
    return has_arabic(text) and _OTHER_LETTER.search(text) is None


def fold_arabic(text: str) -> str:
    """``text`` with Arabic spelling variants folded to one form (Latin text is left as it is).

    >>> fold_arabic("مجزرةٌ في الأحدِ ١٤")
    'مجزره في الاحد 14'
    """
    return _ARABIC_DROPPED.sub("", text).translate(_ARABIC_FOLD)


@lru_cache(maxsize=64)  # dates, types and fatality figures fold the same sentence in turn
def fold_arabic_offsets(text: str) -> tuple[str, tuple[int, ...] | None]:
    """:func:`fold_arabic` of ``text``, and what :func:`original_span` needs to find a span of the folded text
    in ``text`` (None when no character was dropped, so that offsets are the same)."""
    folded = fold_arabic(text)
    if len(folded) == len(text):
        return folded, None
    # for each dropped character, how many characters the folded text holds before it
    return folded, tuple(m.start() - n for n, m in enumerate(_ARABIC_DROPPED.finditer(text)))


def original_span(shifts: tuple[int, ...] | None, start: int, end: int) -> tuple[int, int]:
    """The span in the original text of the span ``start:end`` of its folded form (see
    :func:`fold_arabic_offsets`)."""
    if shifts is None or start == end:
        return start, end
    return start + bisect_right(shifts, start), end - 1 + bisect_right(shifts, end - 1) + 1


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with their offsets; titles and paragraphs end a sentence too."""
    sentences = []
    start = 0
    title = _TITLE_LINE.match(text)
    if title:  # a title line without a full stop, then the text on the next line
        _append(sentences, text, 0, title.end(1))
        start = title.end()
    for match in _BOUNDARY.finditer(text, start):
        candidate = text[start : match.start()]
        last_word = re.search(
            r"([\w.]+)[.]$", candidate[-40:]
        )  # the word before the stop, if an abbreviation
        if (
            last_word
            and last_word.group(1).lower().rstrip(".") in ABBREVIATIONS
            and "\n\n" not in match.group(0)
        ):
            continue
        _append(sentences, text, start, match.start())
        start = match.end()
    _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        offset = start + (len(chunk) - len(chunk.lstrip()))
        sentences.append(Sentence(stripped, offset, offset + len(stripped)))
