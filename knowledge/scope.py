"""Whether a question lies outside the plan: it pins a year, anniversary, place, award, amount or name the plan lacks.

Every check reads the plan's own data and text, and the lexicon's lists; nothing here names a particular plan.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from knowledge.counting import HOW_MANY, SUM
from knowledge.lexicon import GAP, Lexicon, cue_pattern, phrase
from knowledge.normalize import EDGES, has_diacritics, marked_words
from knowledge.query import Query

_YEAR = re.compile(r"(?<![\d/])(1[89]\d\d|20\d\d)(?![\d/])")
_OTHER_ROUND = re.compile(r" (?:ke hoach|thi dua|dot|khen thuong|phong trao)(?: [a-z]+){0,3} nam (\d{4}) ")
_RANGE = re.compile(r" (?:1[89]|20)\d\d (?:1[89]|20)\d\d ")
_ORDINAL = re.compile(r" (lan thu|khoa) ([ivxlc]+|\d+) ")
_YEAR_SAID = re.compile(r" ((?:[a-z_]+ ){1,3})nam (\d{4}) ")  # the words before: what the year is said of
_COMPARING = re.compile(r"(?: so voi| so sanh| hon| voi)(?: [a-z_]+)* $")  # 'so với (cuối) năm 2023', 'hơn năm 2023'
_NUMBERED = re.compile(r" ([a-z]+) so (\d+) (?!phan tram )| (dieu) (\d+) ")  # 'ký số 100%' numbers nothing
_SECTION_WORDS = frozenset({"muc", "diem", "khoan", "tiet", "phan", "noi", "dung", "trao", "phong"})
_YEARS_OLD = re.compile(r" (\d{1,3}) nam ")
_HOW_MUCH = f"(?:{'|'.join(HOW_MANY)})"
_WORD = re.compile(r"\S+")


@cache
def _pattern(term: str) -> re.Pattern[str]:
    return cue_pattern([term])


@cache
def _marked_pattern(term: str) -> re.Pattern[str]:
    """A marked term as a pattern over a question's tone keys; a word typed without marks matches any marks."""
    def word(w: str) -> str:
        return w if w == "…" else f"(?:{re.escape(w)}|{re.escape(phrase(w))})"
    parts = [" ".join(word(w) for w in part.split()) for part in term.split(" … ")]
    return re.compile(f" (?:{GAP.join(parts)}) ")


def _loose(term: str) -> str:
    """A term of three words or more as the plan may write it, a few words after its first ('bị … kỷ luật': 'bị xử
    lý kỷ luật'); a shorter one only as it is."""
    first, _, rest = term.partition(" ")
    return f"{first} … {rest}" if len(rest.split()) >= 2 and "…" not in term else term


class Scope:
    def __init__(self, plan_year: int, plan_text: str, known_names: Iterable[str], lexicon: Lexicon,
                 unit_words: Iterable[str] = ()) -> None:
        """`plan_text`: the plan's folded tokens, space-padded; `known_names`: folded phrases the plan may be asked
        about by name (its text, its units, the lexicon's phrases); `unit_words`: the folded words that name a
        unit's kind ('phuong'), after which a name is a unit the directory may not list."""
        self.unit_words = frozenset(unit_words)
        self.year = plan_year
        self.text = plan_text
        self.lexicon = lexicon
        self.years = frozenset(int(y) for y in _YEAR.findall(plan_text))
        self.ages = frozenset(int(n) for n in _YEARS_OLD.findall(plan_text))
        self.names = " | ".join(known_names)
        self.places = tuple(p for p in lexicon.places if f" {p} " not in plan_text)
        terms = [(t, m) for t, m in zip(lexicon.off_plan_terms, lexicon.off_plan_marked)
                 if not cue_pattern([_loose(t)]).search(plan_text)]
        self.off_plan = cue_pattern(t for t, _ in terms)
        self._off_plan_terms = terms  # each read alone only when the pattern of all matched
        own = f" {' | '.join(a for aliases in lexicon.award_kinds.values() for a in aliases)} "
        self.titles = tuple(t for t in lexicon.award_types if f" {t} " not in own)  # the plan awards none of them
        kinds, granters = ("|".join(map(re.escape, words)) for words in (lexicon.award_types, lexicon.granters))
        self.granted = re.compile(f" ({kinds}) (?:cua )?({granters}) ") if kinds and granters else None
        forms = "|".join(map(re.escape, lexicon.form_words))
        self.form_named = re.compile(rf" (?:{forms}) \d+ ") if forms else None
        money = "|".join(map(re.escape, lexicon.money))
        self.sum_asked = None if SUM.search(plan_text) else re.compile(
            f" (?:{money})(?: [^ ,]+){{0,10}} {_HOW_MUCH} | {_HOW_MUCH}(?: [^ ,]+){{0,3}} (?:{money}) ")

    def outside(self, q: Query) -> bool:
        checks = (self._off_plan_term, self._sum, self._so_far, self._contents_elsewhere, self._other_granter,
                  self._other_title, self._undated, self._other_year, self._other_anniversary, self._other_ordinal,
                  self._other_numbered, self._other_place, self._unknown_name, self._unrouted)
        return any(check(q) for check in checks)

    def _other_place(self, q: Query) -> bool:
        return q.has(*self.places)

    def _unrouted(self, q: Query) -> bool:
        """'lễ diễu binh tổ chức ở đâu': a 'where' of something the plan does not route."""
        return "where" in q.intents and not q.has(*self.lexicon.routed)

    def _sum(self, q: Query) -> bool:
        """'kinh phí xuất bản sách … là bao nhiêu': a sum of money, asked of a plan that writes none."""
        return bool(self.sum_asked and self.sum_asked.search(q.padded))

    def _so_far(self, q: Query) -> bool:
        """'đến nay đã được tặng bao nhiêu Bằng khen': a count of what has been done, which no plan holds."""
        return q.has(*HOW_MANY) and q.has(*self.lexicon.so_far)

    def _contents_elsewhere(self, q: Query) -> bool:
        """'Kế hoạch 282/KH-UBND có những nội dung chính gì', 'Mẫu số 01 gồm những mục nào': what a document the plan
        cites, or a form of its appendix, contains; the plan holds neither's text."""
        named = q.documents or (self.form_named and self.form_named.search(q.padded))
        return bool(named) and q.has(*self.lexicon.contents)

    def _other_granter(self, q: Query) -> bool:
        """'Cờ thi đua của Chính phủ', 'bằng khen Thủ tướng': an award granted by someone the plan never names so."""
        found = self.granted.findall(q.padded) if self.granted else []
        return any(f" {kind} {who} " not in self.text and f" {kind} cua {who} " not in self.text for kind, who in found)

    def _other_title(self, q: Query) -> bool:
        """'tiêu chuẩn danh hiệu Công dân Thủ đô ưu tú', 'mỗi quận giới thiệu bao nhiêu người xét danh hiệu …': the
        criteria or the quota of a title that is none of the plan's awards."""
        return bool(q.intents & {"criteria", "quota"}) and not q.award_kind and q.has(*self.titles)

    @staticmethod
    def _undated(q: Query) -> bool:
        """'Luật Thủ đô được thông qua ngày nào': the date of a document the plan cites without one."""
        dated = q.intents & {"deadline", "issued_on"}
        return bool(dated) and bool(q.documents) and all(d.date is None for d in q.documents)

    def _off_plan_term(self, q: Query) -> bool:
        """A term the plan never writes; typed with marks, with the term's marks ('sở đó' is not 'sổ đỏ'), unless
        the question says it only once shorthand is read ('sđt': 'số điện thoại')."""
        if not self.off_plan.search(q.padded):
            return False
        if not has_diacritics(q.text):
            return True
        typed = f" {phrase(q.text)} "
        marked = f" {' '.join(marked_words(q.text))} "
        for term, marks in self._off_plan_terms:
            folded = _pattern(term)
            if folded.search(q.padded) and (not folded.search(typed) or _marked_pattern(marks).search(marked)):
                return True
        return False

    def _other_year(self, q: Query) -> bool:
        """'năm 2025', '2004', '2029': a year that is not the plan's, unless the plan cites it ('2021 - 2025')."""
        if any(int(m.group(1)) != self.year and m.group() not in self.text  # 'kế hoạch thi đua năm 2023'
               for m in _OTHER_ROUND.finditer(q.padded)):
            return True
        ranges = " ".join(_RANGE.findall(q.padded))  # '2021 - 2025', as the plan cites it
        if any(int(y) != self.year and not _COMPARING.search(f" {w}") and y not in ranges
               and f" {w}nam {y} " not in self.text  # 'Luật Thi đua, khen thưởng năm 2022', as the plan cites it
               for w, y in _YEAR_SAID.findall(f" _ _ _{q.padded}")):
            return True  # 'năm 2023 quận X được bao nhiêu' is out; 'so với năm 2023' compares with it
        return any(int(y) != self.year and int(y) not in self.years for y in _YEAR.findall(q.padded))

    def _other_ordinal(self, q: Query) -> bool:
        """'Đại hội lần thứ VI', 'khóa XV': an ordinal the plan never writes."""
        return any(f" {kind} {n} " not in self.text for kind, n in _ORDINAL.findall(q.padded))

    def _other_numbered(self, q: Query) -> bool:
        """'Cụm thi đua số 5', 'Quyết định số 123', 'Điều 84': a numbered thing the plan never writes (a section of
        the plan is not one)."""
        found = [(f" {w} so {n} ", w) if w else (f" {a} {m} ", a) for w, n, a, m in _NUMBERED.findall(q.padded)]
        return any(w not in _SECTION_WORDS and said not in self.text and f"{said.rstrip()}/" not in self.text
                   for said, w in found)  # 'Nghị định số 152' is the plan's '… số 152/2025/NĐ-CP'


    def _other_anniversary(self, q: Query) -> bool:
        """'75 năm', '50 năm ngày giải phóng': a count of years the plan never writes."""
        return any(int(n) not in self.ages for n in _YEARS_OLD.findall(q.padded))

    def _unknown_name(self, q: Query) -> bool:
        """Two or more capitalised words inside the question ('Nguyễn Văn Hùng', 'Điện Biên Phủ') that the plan,
        its units and the lexicon never write: a person, place or event the plan does not cover."""
        words = [w.strip(EDGES) for w in _WORD.findall(q.text)]
        run: list[str] = []
        for i, w in enumerate([*words, ""]):
            if i and w[:1].isupper() and w[1:2].islower():
                run.append(w)
                continue
            kind_before = i > len(run) and phrase(words[i - len(run) - 1]) in self.unit_words  # 'phường Yên Sơn'
            if len(run) >= 2 and phrase(" ".join(run)) not in self.names and not kind_before:
                return True
            run = []
        return False
