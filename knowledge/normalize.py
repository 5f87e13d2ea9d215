"""Vietnamese text normalisation: Unicode forms, tone placement, accents, case, punctuation, shorthand."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache

EDGES = ".,;:!?()[]{}\"'“”…-–/"  # punctuation around a word
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_TOKEN = re.compile(r"[a-z0-9]+(?:/[0-9]+)*")
_LEADING_ZERO = re.compile(r"(?<![0-9])0+(?=[0-9])")
_Y_ALONE = re.compile(r"^((?:[bcdghklmnprstvx]|ch|gh|kh|ng|nh|ph|qu|th|tr)?)y$")  # 'ty', 'ky', 'quy', 'y
_Y_ALONE_IN_TEXT = re.compile(r"(?<![a-z0-9])((?:[bcdghklmnprstvx]|ch|gh|kh|ng|nh|ph|qu|th|tr)?)y(?![a-z0-9])")


def _unmarked(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", char) if unicodedata.category(c) != "Mn")


# each accented Latin letter to its letter, each combining mark to nothing: folding in one pass of C
_FOLD = {c: _unmarked(chr(c)) for r in [range(0xC0, 0x250), range(0x300, 0x370), range(0x1E00, 0x1F00)] for c in r
         if _unmarked(chr(c)) != chr(c)} | {ord("đ"): "d", ord("Đ"): "d"}


def clean(text: str) -> str:
    """NFC, control characters and zero-width marks removed, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case without diacritics: 'Hoà' and 'Hòa' and 'HOÀ' all become 'hoa'; 'đ' becomes 'd'."""
    return text.lower().translate(_FOLD)


def lower_nfc(text: str) -> str:
    """Lower case keeping diacritics, in one canonical tone placement (NFC of the decomposed form)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text.lower()))


def raw_tokens(text: str) -> list[str]:
    """Folded word tokens; numbers lose leading zeros ('01/9/2024' -> '1/9/2024', '02' -> '2'); a syllable whose
    only vowel is 'y' is written with 'i', as both spellings are current ('tỷ lệ', 'tỉ lệ'; 'kỹ', 'kĩ')."""
    return list(_tokens(text))


@lru_cache(maxsize=1 << 14)  # the plan's names and phrases are read again for each question
def _tokens(text: str) -> tuple[str, ...]:
    folded = _LEADING_ZERO.sub("", fold(text.replace("%", " phần trăm ")))
    return tuple(_TOKEN.findall(_Y_ALONE_IN_TEXT.sub(r"\1i", folded)))


def expand(tokens: Sequence[str], phrases: Mapping[tuple[str, ...], tuple[str, ...]]) -> list[str]:
    """Replace chat shorthand by its words, longest phrase first ('bao h' -> 'bao gio', 'hs' -> 'ho so')."""
    firsts, longest = _starts(phrases)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1) if tokens[i] in firsts else ():
            key = tuple(tokens[i:i + n])
            if key in phrases:
                out.extend(phrases[key])
                i += n
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


_STARTS: dict[int, tuple[Mapping[tuple[str, ...], tuple[str, ...]], frozenset[str], int]] = {}


def _starts(phrases: Mapping[tuple[str, ...], tuple[str, ...]]) -> tuple[frozenset[str], int]:
    """The words a shorthand phrase starts with, and the longest phrase's length: read once per table (the table is
    kept beside them, so that its id stays its own)."""
    kept = _STARTS.get(id(phrases))
    if kept is None or kept[0] is not phrases:
        if len(_STARTS) >= 64:
            _STARTS.clear()
        kept = _STARTS[id(phrases)] = (phrases, frozenset(k[0] for k in phrases if k),
                                       max((len(k) for k in phrases), default=1))
    return kept[1], kept[2]


def has_diacritics(text: str) -> bool:
    return fold(text) != text.lower()


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


@lru_cache(maxsize=1 << 16)
def tone_key(word: str) -> str:
    """A word keeping its tone and vowel marks but not where the tone sits: 'hoà' and 'hòa' give one key."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = "".join(c for c in decomposed if c in _TONES)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return _Y_ALONE.sub(r"\1i", base) + tones  # 'tỷ' and 'tỉ' give one key


def marked_words(text: str) -> list[str]:
    """Each word of the text as its tone key, the punctuation around it dropped ('Cờ?' -> 'cờ'); a dash alone is no
    word."""
    return [tone_key(w) for w in (w.strip(EDGES) for w in text.split()) if w]


def upper_first(text: str) -> str:
    """'quận, huyện' -> 'Quận, huyện' (str.capitalize would lower the rest: 'Ủy ban' -> 'ủy ban')."""
    return text[:1].upper() + text[1:]
