"""A question that asks how many of something ('bao nhiêu trang', 'mấy thành viên') is answered only by a number of
that thing, and one that asks how much money ('tiền thưởng là bao nhiêu') only by a sum: an answer about something
else, however close, says the plan does not give the count."""
from __future__ import annotations

import re

from knowledge.lexicon import Lexicon

HOW_MANY = ("bao nhieu", "may")  # folded
_HOW_MANY = tuple(tuple(cue.split()) for cue in HOW_MANY)
# 'từ 01/2027 đến hết 11/2027', folded
_SPAN = re.compile(r" tu (?:ngay |thang )?\d[\d/]* (?:[^ ]+ ){0,3}?(?:den|toi) (?:[^ ]+ ){0,2}?\d")
SUM = re.compile(r" \d[\d.,]* (?:dong|trieu|ty|nghin) ")  # a sum of money as a plan writes it, folded
_MONEY = ("<money>",)  # what a count of money is checked as
_WHICH = "<which>"  # 'hạng mấy': which one of a kind of thing, checked as that kind named in the answer
_DAY = re.compile(r" \d{1,2}/\d{1,4}")  # '01/9', '9/2024': a date answers 'tháng mấy', 'ngày mấy'
_ORDINAL = "thu"  # 'tập thứ mấy': an ordinal, answered by the number alone ('tập XXX')


class CountCheck:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._number = rf"(?:\d[\d.,/]*|{'|'.join(map(re.escape, lexicon.number_words))})"

    def counted(self, tokens: list[str]) -> list[tuple[str, ...]]:
        """What each 'bao nhiêu' or 'mấy' counts ('bao nhiêu trang' -> 'trang'), or which kind of thing it asks one of
        ('hạng mấy' -> 'hạng'; 'tháng mấy', which a date answers)."""
        out = []
        for i in range(len(tokens)):
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
            options = [o for noun in nouns for o in (noun, *self.lexicon.counted_as.get(noun, ()))]
            if any(re.search(rf" {self._number}(?: [^ ]+){{0,2}} {re.escape(o)} ", text) for o in options):
                continue
            if not (nouns[0] in self.lexicon.time_units and _SPAN.search(text)):
                return False
        return True
