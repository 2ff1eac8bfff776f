"""Chinese words for the search index: jieba with a user dictionary made from the data.

Pagefind's extended build segments Chinese itself, with charabia: jieba's default
dictionary (no HMM), after which every word longer than two characters is cut again
into dictionary bigrams and trigrams. Names, units, awards and terms therefore never
reach its index whole (天河示例路工会爱心驿站 -> 天河/示例/路/工会/爱心/驿站,
全国五一劳动奖章 -> 全国/五一/劳动/奖章), and it takes no user dictionary. Every
common query then matches thousands of pages through short pieces such as 劳动 or
爱心, which is what made common-word queries slow at 10,000 entries.

So Tekan segments the text itself, with jieba-rs (the same segmenter and dictionary
Pagefind uses, through `rjieba`) plus a user dictionary of the data's own names,
units, awards, site names and article terms, and hands Pagefind words it only needs
to split at spaces. Each word longer than two characters also gets its tails from
the places where a shorter dictionary word starts inside it, so that 模范 finds
劳动模范 and 驿站 finds 工会爱心驿站: Pagefind matches a query from the start of a word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# The one definition of a word, for the index and for the browser's query splitting alike:
# search-worker.js reads these patterns from search/settings.json (`query_rules`). They use only
# syntax that Python's `re` and JavaScript's RegExp read the same way.
HAN_PATTERN = r"[\u3400-\u9fff]"
# A run of Chinese, a decimal number (3.996, 75.5), or Latin and digits; text is NFKC-normalised and
# lower-cased first, so full-width ３.９９６ and ＬＩ count as 3.996 and li.
TOKEN_PATTERN = HAN_PATTERN + r"+|[0-9]+(?:\.[0-9]+)+|[0-9a-z]+"
HAN_RUN = re.compile(HAN_PATTERN + "+")
TOKEN = re.compile(TOKEN_PATTERN)
# Long enough to be worth a dictionary entry, short enough to be a term rather than a sentence.
TERM_LENGTH = (2, 24)
# Running text also gets its short phrases of two or three words (劳动光荣, 司机之家): a query is looked up
# whole, and a phrase that is no index word would only be matched by its first word.
PHRASE_WORDS = (2, 3)
PHRASE_LENGTH = 6


def normalise(text: str) -> str:
    """What both the index and a query see: NFKC (full-width letters, digits and spaces as ASCII), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def tokens(text: str) -> list[str]:
    """The runs of Chinese, decimal numbers and Latin-or-digit words of a text, normalised."""
    return TOKEN.findall(normalise(text))


def query_rules(terms: list[str]) -> dict[str, object]:
    """What search-worker.js needs to split a query as `query_words` does: the patterns and the shared terms."""
    return {"token": TOKEN_PATTERN, "han": HAN_PATTERN, "terms": terms}


def query_words(query: str, terms: Iterable[str], traditional: dict[str, str] | None = None) -> list[str]:
    """A reader's query as the words to look up, the way the browser splits it (search-worker.js).

    Runs of Chinese are split only around the shared terms (深圳焊工 -> 深圳 焊工), longest term
    first; a single character left beside a term is a particle (广州的爱心驿站) and is dropped.
    Everything else is a token as the index has it (3.996亿 -> 3.996 亿).
    """
    table = traditional or {}
    text = "".join(table.get(char, char) for char in normalise(query))
    by_first: dict[str, list[str]] = {}
    for term in sorted(terms, key=len, reverse=True):
        by_first.setdefault(term[0], []).append(term)
    words: list[str] = []
    for token in TOKEN.findall(text):
        words.extend(_split_at_terms(token, by_first) if HAN_RUN.match(token) else [token])
    return words


def _split_at_terms(run: str, by_first: dict[str, list[str]]) -> list[str]:
    parts: list[str] = []
    rest, matched, i = "", False, 0
    while i < len(run):
        term = next((t for t in by_first.get(run[i], ()) if run.startswith(t, i)), None)
        if term:
            if rest:
                parts.append(rest)
            parts.append(term)
            rest, matched, i = "", True, i + len(term)
        else:
            rest, i = rest + run[i], i + 1
    if rest:
        parts.append(rest)
    return [part for part in parts if len(part) > 1] if matched else parts


def dictionary_terms(phrases: Iterable[str]) -> list[str]:
    """The Chinese runs of the phrases that can be user-dictionary words, each once, in order."""
    seen: dict[str, None] = {}
    for phrase in phrases:
        for run in HAN_RUN.findall(phrase or ""):
            if TERM_LENGTH[0] <= len(run) <= TERM_LENGTH[1]:
                seen.setdefault(run, None)
    return list(seen)


def user_dictionary(terms: Iterable[str]) -> str:
    """jieba's user-dictionary format, one `word` a line (jieba works out a frequency that keeps it whole)."""
    return "".join(f"{term}\n" for term in dictionary_terms(terms))


class Segmenter:
    """jieba-rs with the data's user dictionary loaded."""

    def __init__(self, dictionary: str = ""):
        import rjieba  # ~0.1 s and ~25 MB for the default dictionary: only when indexing

        self._jieba = rjieba.Jieba()
        # Units, trades, honours and tags repeat across thousands of entries: each is segmented once.
        self._known: dict[tuple[str, bool, bool], list[str]] = {}
        for line in dictionary.splitlines():
            word = line.split(" ")[0]
            if word:
                self._jieba.add_word(word, None, None)

    def cut(self, text: str) -> list[str]:
        """Plain segmentation, as jieba gives it (no HMM, like Pagefind's own)."""
        return self._jieba.cut(text, hmm=False)

    def tails(self, word: str) -> list[str]:
        """The word's tails that start where a shorter dictionary word starts: 劳动模范 -> 模范."""
        starts = sorted(
            {start for _, start, _ in self._jieba.tokenize(word, mode="search", hmm=False) if 0 < start < len(word) - 1}
        )
        return [word[start:] for start in starts]

    def words(self, text: str, keep_single: bool = False, phrases: bool = False) -> list[str]:
        """The index words of a text: whole words and their tails; Latin and digits as they are.

        Single Chinese characters (的, 在, 号) are left out unless `keep_single`: alone they
        would match a large share of all pages. `phrases` adds the short phrases of running text.
        """
        key = (text, keep_single, phrases)
        if key not in self._known:
            self._known[key] = self._words(text or "", keep_single, phrases)
        return list(self._known[key])

    def _words(self, text: str, keep_single: bool, phrases: bool) -> list[str]:
        found: list[str] = []
        for token in tokens(text):
            if not HAN_RUN.fullmatch(token):
                found.append(token)
                continue
            cut = self.cut(token)
            for word in cut:
                if len(word) == 1 and not keep_single:
                    continue
                found.append(word)
                if len(word) > 2:
                    found.extend(self.tails(word))
            if phrases:
                found.extend(_phrases(cut))
        return found


def _phrases(cut: list[str]) -> list[str]:
    spans = ("".join(cut[start : start + size]) for size in PHRASE_WORDS for start in range(len(cut) - size + 1))
    return [span for span in spans if len(span) <= PHRASE_LENGTH]
