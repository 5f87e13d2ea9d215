"""Spelling tolerance: a word one edit away from the plan's vocabulary is read as that word when a neighbour agrees.

Two kinds of slip are read back, both only when the corrected word and one of its neighbours form a pair that the
plan or the lexicon writes ('thời gain' -> 'gian', because 'thời gian' is written; 'tập thẻ' -> 'thể'):
- a folded word nobody writes ('gain', 'nhiu', 'caa'), one edit (transpositions included) from a known word;
- an accented word whose marks nobody writes ('thẻ', 'đôt', 'rỏ'), one mark away from a written word of the same
  letters. 'tiền thưởng' stays unknown: 'tiến' is written, but never before 'thưởng'.
A word far from every known word, with no neighbour to confirm it, or capitalised inside the text (a name), is left
as typed and still counts as unknown.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise

from rapidfuzz import process
from rapidfuzz.distance import OSA

from knowledge.normalize import fold, raw_tokens, tone_key

_WORD = re.compile(r"\S+")
_EDGES = ".,;:!?()[]{}\"'“”…-–/"
MIN_LENGTH = 3  # shorter words have too many neighbours one edit away to be read back safely


class Speller:
    def __init__(self, texts: Iterable[str], known: frozenset[str], accented: frozenset[str]) -> None:
        self.known = known
        self.accented = accented
        self.pairs: Counter[tuple[str, str]] = Counter()
        for text in texts:
            toks = raw_tokens(text)
            self.pairs.update(pairwise(toks))
        self._words = sorted(w for w in known if w.isalpha() and len(w) >= MIN_LENGTH - 1)
        self._marked = sorted(w for w in accented if len(w) >= MIN_LENGTH)
        self._accented_by_fold: dict[str, list[str]] = {}
        for key in accented:
            self._accented_by_fold.setdefault(fold(key), []).append(key)

    def correct(self, text: str) -> str:
        """The text with each confirmed slip replaced by the folded word it stands for."""
        spans = [(m.start(), m.end(), m.group().strip(_EDGES)) for m in _WORD.finditer(text)]
        folded = [raw_tokens(w) for _, _, w in spans]
        out, last = [], 0
        for i, (start, end, word) in enumerate(spans):
            if len(folded[i]) != 1:
                continue
            before = folded[i - 1][-1] if i and folded[i - 1] else None
            after = folded[i + 1][0] if i + 1 < len(spans) and folded[i + 1] else None
            named = i and word[:1].isupper() and word[1:].islower()  # 'Dịch Vọng', or 'Ban Tunên giáo'
            fixed = self._fix(word, folded[i][0], before, after, both=named)
            if fixed:
                lead = text.index(word, start, end)
                out += [text[last:lead], fixed]
                last = lead + len(word)
        return "".join(out) + text[last:]

    def _fix(self, word: str, token: str, before: str | None, after: str | None, both: bool = False) -> str | None:
        """`both`: a capitalised word inside the text may be a name; it is read back only when the corrected word
        forms a written pair with both of its neighbours."""
        if both:
            fixed = self._fix(word, token, before, after)
            return fixed if fixed and self.pairs[(before, fixed)] and self.pairs[(fixed, after)] else None
        if token not in self.known:  # 'gain'; an accented word is compared with its marks ('cứu' is not 'của')
            marked = word.lower() != token
            return self._nearby_marked(tone_key(word), before, after) if marked else self._nearby(token, before, after)
        if word.lower() == token or tone_key(word) in self.accented:
            return None  # typed without marks, or with marks the plan writes
        key = tone_key(word)
        close = [c for c in self._accented_by_fold.get(token, []) if OSA.distance(key, c) <= 1]
        if close and self._confirmed([token], before, after):
            return token
        return self._nearby_marked(key, before, after)  # 'thi đau': two letters swapped, or one changed, marks and all

    def _nearby(self, token: str, before: str | None, after: str | None) -> str | None:
        """A known word one edit away from a folded word nobody writes, that a neighbour confirms."""
        if len(token) < MIN_LENGTH or not token.isalpha():
            return None
        found = process.extract(token, self._words, scorer=OSA.distance, score_cutoff=1, limit=None)
        return self._confirmed([c for c, d, _ in found if d], before, after)

    def _nearby_marked(self, key: str, before: str | None, after: str | None) -> str | None:
        """'kế hoạc': a letter dropped from a written word, marks and all ('hoạch'), read back when a neighbour
        confirms it; compared with its marks, so 'hoặc' (written, one mark away) is not taken for it."""
        if len(key) < MIN_LENGTH:
            return None
        found = process.extract(key, self._marked, scorer=OSA.distance, score_cutoff=1, limit=None)
        return self._confirmed(sorted({fold(c) for c, d, _ in found if d}), before, after)

    def _confirmed(self, candidates: list[str], before: str | None, after: str | None) -> str | None:
        """The candidate that forms the most written pairs with its neighbours; None when no pair is written."""
        score = {c: self.pairs[(before, c)] + self.pairs[(c, after)] for c in candidates}
        best = max(score, key=lambda c: (score[c], c), default=None)
        return best if best and score[best] else None
