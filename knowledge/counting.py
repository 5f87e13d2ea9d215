"""A question that asks how many of something ('bao nhiêu trang', 'mấy thành viên') is answered only by a number of
that thing, and one that asks how much money ('tiền thưởng là bao nhiêu') only by a sum: an answer about something
else, however close, says the plan does not give the count."""
from __future__ import annotations

import re

from knowledge.lexicon import Lexicon

HOW_MANY = ("bao nhieu", "may")  # folded
_HOW_MANY = tuple(tuple(cue.split()) for cue in HOW_MANY)
HOW_LONG = ("bao", "lau")  # folded 'bao lâu': a length of time, whatever its unit
# 'từ 01/2027 đến hết 11/2027', folded
_SPAN = re.compile(r" tu (?:ngay |thang )?\d[\d/]* (?:[^ ]+ ){0,3}?(?:den|toi) (?:[^ ]+ ){0,2}?\d[\d/]*")
SUM = re.compile(r" \d[\d.,]* (?:dong|trieu|ty|nghin) ")  # a sum of money as a plan writes it, folded
_MONEY = ("<money>",)  # what a count of money is checked as
_WHICH = "<which>"  # 'hạng mấy': which one of a kind of thing, checked as that kind named in the answer
_DAY = re.compile(r" \d{1,2}/\d{1,4}")  # '01/9', '9/2024': a date answers 'tháng mấy', 'ngày mấy'
_DAY_LEVEL = re.compile(r"\b\d{1,2}/\d{1,2}(?!\d)|ngay \d")  # '01/3', '1/9/2024', 'ngày 15': a day, not a month
_YEAR = re.compile(r" nam \d{4} ")  # 'trong năm 2024': how long, as a plan says it
_NO_DATE = r"(?!\d)"  # a unit of time a date follows ('2024 trước ngày 1/9') counts nothing
_ORDINAL = "thu"  # 'tập thứ mấy': an ordinal, answered by the number alone ('tập XXX')


class CountCheck:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.length = tuple(sorted(lexicon.time_units))  # what 'bao lâu' counts
        units = "|".join(map(re.escape, lexicon.time_units))
        self._between = rf"(?: (?!(?:{units}) )[^ ]+){{0,2}}"  # '50 năm Ngày …' counts years, not days
        words = sorted(set(lexicon.number_words) - lexicon.time_units)  # 'năm' is a year before it is a five
        self._number = rf"(?:\d[\d.,/]*|{'|'.join(map(re.escape, words))})"

    def counted(self, tokens: list[str]) -> list[tuple[str, ...]]:
        """What each 'bao nhiêu' or 'mấy' counts ('bao nhiêu trang' -> 'trang'), or which kind of thing it asks one of
        ('hạng mấy' -> 'hạng'; 'tháng mấy', which a date answers)."""
        out = []
        for i in range(len(tokens)):
            if tuple(tokens[i:i + 2]) == HOW_LONG:
                out.append(self.length)
            for cue in _HOW_MANY:
                end = i + len(cue)
                if tuple(tokens[i:end]) != cue:
                    continue
                nouns = self._noun(tokens[end:end + 2]) if end < len(tokens) else ()
                before = tokens[i - 1] if i else ""
                if before in self.lexicon.which_words:
                    out += [(_WHICH, before)] if before != _ORDINAL else []
                elif nouns:
                    out.append(nouns)
                elif self._money_before(tokens[:i]):
                    out.append(_MONEY)
        return out

    def _money_before(self, before: list[str]) -> bool:
        """'tổng kinh phí thực hiện … là bao nhiêu': money named before a 'bao nhiêu' that counts nothing after it."""
        text = f" {' '.join(before)} "
        return any(f" {m} " in text for m in self.lexicon.money)

    def _noun(self, after: list[str]) -> tuple[str, ...]:
        """What is counted: 'trang'; a word that alone carries no topic, with the next ('thành viên'), and also alone
        when it is a thing counted ('năm', 'người'); nothing for 'mấy ạ'."""
        first, stop, lex = after[0], self.lexicon.stopwords, self.lexicon
        if first in lex.particles:
            return ()
        if first in stop and len(after) == 2 and after[1] not in stop:
            alone = first in lex.time_units or first in lex.counted_as
            return (first, " ".join(after)) if alone else (" ".join(after),)
        return (first,)

    def holds(self, counted: list[tuple[str, ...]], answer: list[str]) -> bool:
        """Every count asked (`counted`) is a number the answer writes before that thing (or what it is counted as),
        or, for a unit of time, the dates it runs between."""
        text = f" {' '.join(answer)} "
        for nouns in counted:
            if nouns == _MONEY:
                if not SUM.search(text):
                    return False
                continue
            if nouns[0] == _WHICH:
                if f" {nouns[1]} " not in text and not (nouns[1] in self.lexicon.time_units and _DAY.search(text)):
                    return False
                continue
            times = self.lexicon.time_units
            options = [o for noun in nouns for o in (noun, *self.lexicon.counted_as.get(noun, ()))]
            if any(re.search(rf" {self._number}{self._between} {re.escape(o)} {_NO_DATE * (o in times)}", text)
                   for o in options):
                continue
            if not self._spanned(nouns, text) and not (nouns == self.length and _YEAR.search(text)):
                return False
        return True

    def _spanned(self, nouns: tuple[str, ...], text: str) -> bool:
        """A unit of time counted by the dates the answer runs between: days only by days ('từ 01/3 đến 15/3')."""
        spans = [m.group() for m in _SPAN.finditer(text)] if set(nouns) & self.lexicon.time_units else []
        by_days = set(nouns) <= self.lexicon.day_units
        return any(not by_days or len(_DAY_LEVEL.findall(s)) == 2 for s in spans)
