"""Whether text typed at a wizard step reads as a question to the assistant: a question mark, an opener such as
"cho em hỏi", a closing particle such as "… không", the name of a menu item or command, a topic of the plan at its
start, or a question word with a topic of the plan or of the form. The signs are data (question_signs.yaml); menu
labels and commands come from the core, topics from the assistant's own question cues."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from knowledge.answer import Answerer
from knowledge.lexicon import LEXICON_FILE, LexiconFile
from knowledge.loader import load_model
from knowledge.normalize import clean, expand, fold, lower_nfc, raw_tokens, tone_key
from knowledge.query import SMALL_TALK

SIGNS_FILE = Path(__file__).resolve().parent / "question_signs.yaml"
Words = tuple[str, ...]
Same = Callable[[str, str], bool]
_PUNCTUATION = ".,;:!?()[]{}\"'“”…-–/"


class QuestionSigns(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    short_words: int
    openers: list[str]
    endings: list[str]
    interrogatives: list[str]
    indefinites: list[str]
    negations: list[str]
    clause_breaks: list[str]
    trailing: list[str]
    topic_intents: list[str]
    form_topics: list[str]
    asking_anywhere: list[str]
    chat_endings: list[str]


def _words(text: str) -> Words:
    """Lower-case words with their diacritics (tone placement normalised), punctuation dropped."""
    return tuple(w for w in (tone_key(t.strip(_PUNCTUATION)) for t in lower_nfc(clean(text)).split()) if w)


def _loose(typed: str, word: str) -> bool:
    """A word typed without diacritics matches any accented form; one typed with them must agree."""
    return typed == word or (fold(typed) == typed and fold(word) == typed)


def _exact(typed: str, word: str) -> bool:
    return typed == word


def _at(words: Words, phrase: Words, i: int, same: Same = _loose) -> bool:
    return 0 <= i and len(words) - i >= len(phrase) and all(same(words[i + k], p) for k, p in enumerate(phrase))


def _ends(words: Words, phrase: Words) -> bool:
    return _at(words, phrase, len(words) - len(phrase), _exact if len(phrase) == 1 else _loose)


class Asking:
    def __init__(self, answerer: Answerer, names: Iterable[str], labels: Iterable[str],
                 path: Path = SIGNS_FILE) -> None:
        """`names`: the menu's labels and the commands, which typed alone (or one letter off) are requests;
        `labels`: the form's field labels, topics of questions about the form."""
        signs = load_model(path, QuestionSigns)
        intents = load_model(LEXICON_FILE, LexiconFile).intents
        self.answerer, self.short_words = answerer, signs.short_words
        self.shorthand = answerer.lexicon.shorthand
        self.openers, self.endings = [_words(p) for p in signs.openers], [_words(p) for p in signs.endings]
        self.interrogatives = [_words(p) for p in signs.interrogatives]
        self.indefinites = [_words(p) for p in signs.indefinites]
        self.negations = [_words(p) for p in signs.negations]
        self.breaks = {w for p in signs.clause_breaks for w in _words(p)}
        self.trailing = [w for p in signs.trailing for w in _words(p)]
        self.strong = [_words(p) for p in signs.asking_anywhere]
        self.any_length = [p for p in self.endings if len(p) > 1] + [_words(p) for p in signs.chat_endings]
        self.form_topics = [_words(p) for p in [*signs.form_topics, *labels]]
        self.topic_cues = [_words(c) for i in signs.topic_intents for c in intents[i]]
        self.names = {self._folded(n) for n in names} | {self._folded(n).replace(" ", "") for n in names}

    def reads_as_question(self, text: str) -> bool:
        as_typed = _words(text)
        typed = self._untrailed(as_typed)
        words = tuple(expand(list(typed), self.shorthand))  # only words typed without diacritics can match
        if not words:
            return False
        short = len(typed) <= self.short_words
        if clean(text).rstrip(" .!)…").endswith("?") or (short and "?" in text):
            return True
        endings = self.endings if short else self.any_length
        opens = any(_at(w, p, 0) for w in (words, as_typed) for p in self.openers)
        if opens or any(_ends(typed, p) or _ends(words, p) for p in endings):
            return True
        if any(_ends(self._untrailed(_words(c)), p) for c in _clauses(text)[:-1] for p in self.any_length):
            return True
        if not short:
            return False
        if self._names_an_item(text) or any(_at(words, p, i) for p in self.strong for i in range(len(words))):
            return True
        if any(_starts_with(typed, c) or _starts_with(words, c) for c in self.topic_cues):
            return True
        last = as_typed[-1:]
        asks = self._asks(words) or any(_at(w, p, len(w) - 1) for w in (typed, last) for p in self.endings
                                        if len(p) == 1)
        return asks and self._names_a_topic(text)

    def about_form(self, text: str) -> bool:
        """The text names the form's own fields or how to fill them in ("chức vụ ghi thế nào")."""
        words = tuple(expand(list(_words(text)), self.shorthand))
        return any(_at(words, t, i) for t in self.form_topics for i in range(len(words)))

    def plain_words(self, text: str) -> list[str]:
        """Folded words, shorthand read and the polite words at the end dropped: how a typed choice is compared
        with the labels ("ca nhan a" is "Cá nhân", "ko" is "Không")."""
        return [fold(w) for w in expand([fold(w) for w in self._untrailed(_words(text))], self.shorthand)]

    def _untrailed(self, words: Words) -> Words:
        """Without the polite words at the end ("ạ", "ad", "nhé"); the text itself if that is all it has."""
        end = len(words)
        while end > 1 and any(_loose(words[end - 1], t) for t in self.trailing):
            end -= 1
        return words[:end]

    def _folded(self, text: str) -> str:
        return " ".join(expand(raw_tokens(text), self.shorthand))

    def _asks(self, words: Words) -> bool:
        """A question word somewhere, other than "nào", "gì"… after a negation ("không có hồ sơ nào")."""
        for i in range(len(words)):
            for p in self.interrogatives:
                if not _at(words, p, i):
                    continue
                clause = max((j for j in range(i) if any(_loose(words[j], b) for b in self.breaks)), default=-1)
                negated = any(_at(words, n, j) for n in self.negations for j in range(clause + 1, i))
                if not (negated and p in self.indefinites):
                    return True
        return False

    def _names_an_item(self, text: str) -> bool:
        typed = self._folded(text)
        if typed in self.names or typed.replace(" ", "") in self.names:
            return True
        return len(typed) >= 6 and any(_one_edit(typed, n) for n in self.names)

    def _names_a_topic(self, text: str) -> bool:
        q = self.answerer.analyzer.analyze(text)
        return bool(q.intents - SMALL_TALK or q.movement or q.documents or q.notes or q.section
                    or self.about_form(text))


def _clauses(text: str) -> list[str]:
    return [c for c in re.split(r"[,;.!…]+", text) if c.strip()]


def _starts_with(words: Words, cue: Words) -> bool:
    """A one-word cue as written; a longer one loosely, or with one letter off in one word when it is long."""
    if len(cue) == 1:
        return _at(words, cue, 0, _exact)
    if _at(words, cue, 0) or len(words) < len(cue) or len("".join(cue)) < 6:
        return _at(words, cue, 0)
    head = [fold(w) for w in words[:len(cue)]]
    return sum(h != fold(c) for h, c in zip(head, cue)) == 1 and all(
        h == fold(c) or _one_edit(h, fold(c)) for h, c in zip(head, cue))


def _one_edit(a: str, b: str) -> bool:
    """One letter inserted, removed or changed."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    return a[i + (len(a) == len(b)):] == b[i + 1:]
