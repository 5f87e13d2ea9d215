"""Vietnamese syllables: whether a folded word could be one, by the language's spelling rules.

A syllable is an initial consonant (or none), then a rhyme: vowels, with a final consonant or none. 'ngy', 'pải',
'đhng', 'kểim' and 'trno' are no syllable, so a word typed so is a slip, never a word the plan does not know.
The rules are generous: a rare or odd but possible spelling passes, so that only clear slips are caught.
"""
from __future__ import annotations

import re
import unicodedata

from knowledge.normalize import fold, has_diacritics

_INITIAL = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnrstvx])?"  # 'p' alone starts only loanwords
_OPEN = "a|ai|ao|au|ay|e|eo|eu|i|ia|iu|o|oa|oai|oao|oay|oe|oeo|oi|u|ua|uay|ue|ui|uy|uya|uyu|uu|uoi|uou|ieu|yeu|y"
_CLOSED = "(?:a|e|i|o|u|ie|ye|ua|uo|oa|oe|ue|uy|uye|oo)(?:ch|nh|ng|c|m|n|p|t)"
_SYLLABLE = re.compile(f"^{_INITIAL}(?:{_OPEN}|{_CLOSED})$")
_MISSPELT = re.compile(r"^(?:c[eiy]|k[aou]|ng[eiy]|n?gh[aou]|ge)")  # 'ke' not 'ce', 'nghe' not 'nge', 'ghe' not 'ge'
_STOP = re.compile(r"(?:c|ch|p|t)$")
_STOP_TONES = {"\u0301", "\u0323"}  # a syllable ending in a stop takes the rising or the heavy tone: 'được', 'tốt'


def is_syllable(word: str) -> bool:
    """Whether a word is spelt as a Vietnamese syllable can be: 'ngày', 'nguyen', 'khuya' are; 'ngy', 'thng', 'ubnd'
    are not, nor is 'trưc', marked but without the tone a syllable ending so must have."""
    folded = fold(word)
    if not _SYLLABLE.match(folded) or _MISSPELT.match(folded):
        return False
    return not (has_diacritics(word) and _STOP.search(folded)  # 'trưc' is typed with marks, but no tone
                and not _STOP_TONES & set(unicodedata.normalize("NFD", word)))
