"""Spelling tolerance: a word one edit away from the plan's vocabulary is read as that word when a neighbour agrees.

Two kinds of slip are read back, both only when the corrected word and one of its neighbours form a pair that the
plan or the lexicon writes ('thời gain' -> 'gian', because 'thời gian' is written; 'tập thẻ' -> 'thể'):
- a folded word nobody writes ('gain', 'nhiu', 'caa'), one edit (transpositions included) from a known word;
- an accented word whose marks nobody writes ('thẻ', 'đôt', 'rỏ'), one mark away from a written word of the same
  letters. 'tiền thưởng' stays unknown: 'tiến' is written, but never before 'thưởng'.
Four slips are read back with no neighbour, as each has only one reading:
- a mark dropped from the one written word of those letters ('đươc' -> 'được'; 'tiên' stays, as 'tiến' and 'tiền'
  are both written, and 'tiền' stays, as no mark is missing);
- two letters swapped into a word nobody writes, when one written word has those letters ('nhugn' -> 'nhung');
- a first syllable cut to its first letters ('mdich' -> 'mục đích', 'dtuong' -> 'đối tượng'), when the plan writes
  that second syllable after words that start so, one of them at least twice as often as any other;
- an acronym of words in a name the plan uses ('chqs' -> 'chỉ huy quân sự'), when one phrase of those initials
  dominates.
A word spelt as no Vietnamese syllable can be ('ngy', 'hpải', 'trưc', `knowledge/syllable.py`) is a slip, never a
word the plan does not know: it is read as the written word one edit away that its neighbours confirm most, else the
one the plan writes most ('ngày'); in capitals, as the one written abbreviation one edit away ('LĐBXH' -> 'ldtbxh').
Cut syllables and acronyms are read only from such words: 'canh' is a word, not 'cả' cut short.
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

from knowledge.normalize import EDGES, fold, has_diacritics, marked_words, raw_tokens, tone_key
from knowledge.syllable import is_syllable

_WORD = re.compile(r"\S+")
MIN_LENGTH = 3  # shorter words have too many neighbours one edit away to be read back safely
_MAX_ACRONYM = 6  # the longest acronym read back, in letters
_CUT = re.compile(r"^(ngh|ch|gh|gi|kh|ng|nh|ph|qu|th|tr|[bcdghklmnpqrstvx])([a-z]{3,})$")  # 'mdich': 'm' + 'dich'


class Speller:
    def __init__(self, texts: Iterable[str], known: frozenset[str], accented: frozenset[str],
                 names: Iterable[str] = ()) -> None:
        """`names`: the names an acronym may stand for (units', sections' titles)."""
        self.known = known
        self.accented = accented
        self.pairs: Counter[tuple[str, str]] = Counter()
        self.written: Counter[str] = Counter()  # each folded word, with how often it is written
        self.written_marked: Counter[str] = Counter()  # each word with its marks (its tone key)
        # each folded pair, with the marked forms the plan writes of its second word (`_right`) and its first (`_left`)
        self._right: dict[tuple[str, str], set[str]] = {}
        self._left: dict[tuple[str, str], set[str]] = {}
        for text in texts:
            toks = raw_tokens(text)
            self.pairs.update(pairwise(toks))
            self.written.update(toks)
            keys = marked_words(text.replace("%", " phần trăm "))  # 'sạch - đẹp' is a pair
            self.written_marked.update(keys)
            plain = [fold(k) for k in keys]
            for i in range(len(keys) - 1):
                pair = (plain[i], plain[i + 1])
                self._right.setdefault(pair, set()).add(keys[i + 1])
                self._left.setdefault(pair, set()).add(keys[i])
        self._words = sorted(w for w in known if w.isalpha() and len(w) >= MIN_LENGTH - 1)
        self._marked = sorted(w for w in accented if len(w) >= MIN_LENGTH)
        self._accented_by_fold: dict[str, list[str]] = {}
        for key in accented:
            self._accented_by_fold.setdefault(fold(key), []).append(key)
        self._phrases: dict[str, Counter[str]] = {}  # the phrases of 3 to 6 words of the names, by their initials
        for name in names:
            toks = raw_tokens(name)
            for n in range(MIN_LENGTH, _MAX_ACRONYM + 1):
                for i in range(len(toks) - n + 1):
                    words = toks[i:i + n]
                    if all(w.isalpha() for w in words):
                        self._phrases.setdefault("".join(w[0] for w in words), Counter())[" ".join(words)] += 1
        self._before: dict[str, set[str]] = {}  # each written word, with the words written before it
        for first, second in self.pairs:
            self._before.setdefault(second, set()).add(first)

    def correct(self, text: str) -> str:
        """The text with each confirmed slip replaced by the folded word it stands for."""
        spans = [(m.start(), m.end(), m.group().strip(EDGES)) for m in _WORD.finditer(text)]
        folded = [raw_tokens(w) for _, _, w in spans]
        out, last = [], 0
        shouting = text.isupper()
        for i, (start, end, word) in enumerate(spans):
            if len(folded[i]) != 1:
                continue
            before = folded[i - 1][-1] if i and folded[i - 1] else None
            after = folded[i + 1][0] if i + 1 < len(spans) and folded[i + 1] else None
            named = i and word[:1].isupper() and word[1:].islower() and is_syllable(word)  # 'Dịch Vọng'; 'Bnh' slips
            caps = word.isupper() and not shouting  # 'LĐBXH' is an abbreviation, 'NGY' in a shouted text a word
            fixed = self._fix(word, folded[i][0], before, after, both=named, caps=caps)
            if fixed:
                lead = text.index(word, start, end)
                out += [text[last:lead], fixed]
                last = lead + len(word)
        return "".join(out) + text[last:]

    def _fix(self, word: str, token: str, before: str | None, after: str | None, both: bool = False,
             caps: bool = False) -> str | None:
        """`both`: a capitalised word inside the text may be a name; it is read back only when the corrected word
        forms a written pair with both of its neighbours. `caps`: the word is an abbreviation."""
        if both:
            fixed = self._fix(word, token, before, after)
            return fixed if fixed and self.pairs[(before, fixed)] and self.pairs[(fixed, after)] else None
        if token not in self.known:  # 'gain'; an accented word is compared with its marks ('cứu' is not 'của')
            slip = not is_syllable(word)  # 'ngy', 'hpải', 'LĐBXH'
            if slip and caps:  # 'CATP' stands for a name's words; 'LĐBXH' is a written abbreviation's slip
                return self._acronym(token) or self._abbreviation(token)
            if has_diacritics(word):
                return self._nearby_marked(tone_key(word), before, after) or (
                    self._likeliest(word, token, before, after) if slip else None)
            if not slip:  # a word spelt as a syllable is a word: 'canh' is not 'cả' cut short, nor an acronym
                near = self._one_edit(token, self._words)
                return self._swapped(token, near) or self._confirmed(near, before, after)
            near = self._folded_near(word, token)
            return (self._confirmed(near, before, after) or self._cut(token) or self._swapped(token, near)
                    or self._acronym(token) or self._likeliest(word, token, before, after, near))
        if word.lower() == token or tone_key(word) in self.accented:
            return None  # typed without marks, or with marks the plan writes
        key = tone_key(word)
        close = [c for c in self._accented_by_fold.get(token, []) if OSA.distance(key, c) <= 1]
        if close and self._confirmed([token], before, after):
            return token
        # 'thi đau': two letters swapped, or one changed, marks and all; else a mark dropped ('kế hoạc' is 'hoạch')
        return self._nearby_marked(key, before, after) or (token if self._dropped_mark(key, token) else None)

    @staticmethod
    def _one_edit(token: str, words: list[str]) -> list[str]:
        """The words one edit away from a word nobody writes."""
        if len(token) < MIN_LENGTH or not token.isalpha():
            return []
        found = process.extract(token, words, scorer=OSA.distance, score_cutoff=1, limit=None)
        return [c for c, d, _ in found if d]

    def _folded_near(self, word: str, token: str) -> list[str]:
        """The written words one edit away from the word as typed and as read ('ngy' is 'ngay' short, not 'ngi')."""
        near = self._one_edit(token, self._words)
        typed = fold(word)
        return sorted({*near, *self._one_edit(typed, self._words)}) if typed != token else near

    def _likeliest(self, word: str, token: str, before: str | None, after: str | None,
                   near: list[str] | None = None) -> str | None:
        """'ngy', 'hpải': a word no Vietnamese syllable is spelt like is a slip; read as the written word one edit
        away, with its marks when it has some, that its neighbours confirm most, else that the plan writes most.
        `near`: the folded words one edit away, when found already."""
        typed_marked = has_diacritics(word)
        marked = [c for c in self._one_edit(tone_key(word), self._marked) if is_syllable(c)] if typed_marked else []
        if marked:
            candidates, counts = marked, self.written_marked
        else:
            folded = near if near is not None else self._folded_near(word, token)
            candidates, counts = [c for c in folded if is_syllable(c)], self.written
        score = {c: (self.pairs[(before, fold(c))] + self.pairs[(fold(c), after)], counts[c]) for c in candidates}
        best = max(score, key=lambda c: (score[c], c), default=None)
        return fold(best) if best else self._abbreviation(token)

    def _dropped_mark(self, key: str, token: str) -> bool:
        """'đươc': the one written word of those letters, with one mark more than typed (a tone, or a vowel's)."""
        def one_more(written: str) -> bool:
            if len(written) == len(key) + 1:
                return written.startswith(key)  # the tone is the key's last character
            diff = [(a, b) for a, b in zip(key, written) if a != b]
            return len(written) == len(key) and len(diff) == 1 and fold(diff[0][1]) == diff[0][0]
        written = [w for w in self._accented_by_fold.get(token, []) if w != token]
        return len(written) == 1 and one_more(written[0])

    def _abbreviation(self, token: str) -> str | None:
        """'LĐBXH': the one written abbreviation (a word no syllable is spelt like) one edit away ('ldtbxh')."""
        near = [w for w in self._one_edit(token, self._words) if not is_syllable(w)]
        return near[0] if len(near) == 1 else None

    def _swapped(self, token: str, near: list[str]) -> str | None:
        """'nhugn': the one word of `near` (one edit away) with these letters, two of them side by side swapped."""
        if len(token) < MIN_LENGTH + 1:
            return None
        swaps = [c for c in near if sorted(c) == sorted(token)]
        return swaps[0] if len(swaps) == 1 else None

    def _acronym(self, token: str) -> str | None:
        """'chqs': the phrase of a name whose words start with these letters ('chi huy quan su'), when the names
        say it at least twice as often as any other; a word with two vowels is a word, not an acronym."""
        if not MIN_LENGTH <= len(token) <= _MAX_ACRONYM or sum(c in "aeiouy" for c in token) > 1:
            return None
        found = self._phrases.get(token, Counter()).most_common(2)
        if not found or len(found) > 1 and found[0][1] < 2 * found[1][1]:
            return None
        return found[0][0]

    def _cut(self, token: str) -> str | None:
        """'mdich': a first syllable cut to its first letters, before a written word ('dich'), read as the one
        written pair of that kind that the plan writes most, by far ('muc dich')."""
        m = _CUT.match(token)
        if not m or m.group(2) not in self.known:
            return None
        head, second = m.groups()
        firsts = sorted((self.pairs[(w, second)], w) for w in self._before.get(second, ())
                        if w.startswith(head) and len(w) > len(head) and w.isalpha())
        if not firsts or len(firsts) > 1 and firsts[-1][0] < 2 * firsts[-2][0]:
            return None
        return f"{firsts[-1][1]} {second}"

    def _nearby_marked(self, key: str, before: str | None, after: str | None) -> str | None:
        """'kế hoạc': a letter dropped from a written word, marks and all ('hoạch'), read back when a neighbour
        confirms it, written beside that word with its marks; compared with its marks, so 'hoặc' (written, one mark
        away) is not taken for it, and 'trú' is not 'trúc' because 'thường' stands before 'trực' only."""
        if len(key) < MIN_LENGTH:
            return None
        found = process.extract(key, self._marked, scorer=OSA.distance, score_cutoff=1, limit=None)
        candidates = [c for c, d, _ in found if d and self._written_beside(c, before, after)]
        return self._confirmed(sorted({fold(c) for c in candidates}), before, after)

    def _written_beside(self, marked: str, before: str | None, after: str | None) -> bool:
        """Whether a neighbour's pair with the word is written with the word's marks, or with none at all (a folded
        text's, or '%' read as 'phần trăm'): 'thường' stands before 'trực', so 'trú' is not 'trúc'."""
        plain = fold(marked)
        said = [self._right.get((before, plain)), self._left.get((plain, after))]
        return any(forms and (marked in forms or forms <= {plain}) for forms in said)

    def _confirmed(self, candidates: list[str], before: str | None, after: str | None) -> str | None:
        """The candidate that forms the most written pairs with its neighbours; None when no pair is written."""
        score = {c: self.pairs[(before, c)] + self.pairs[(c, after)] for c in candidates}
        best = max(score, key=lambda c: (score[c], c), default=None)
        return best if best and score[best] else None
