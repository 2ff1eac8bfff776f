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
from collections.abc import Iterable

HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
# What a reader can type as one word: a run of Chinese, a decimal number (3.996, 75.5), or Latin and digits.
TOKEN = re.compile(r"[\u3400-\u9fff]+|[0-9]+(?:\.[0-9]+)+|[0-9A-Za-z]+")
# Long enough to be worth a dictionary entry, short enough to be a term rather than a sentence.
TERM_LENGTH = (2, 24)
# Running text also gets its short phrases of two or three words (劳动光荣, 司机之家): a query is looked up
# whole, and a phrase that is no index word would only be matched by its first word.
PHRASE_WORDS = (2, 3)
PHRASE_LENGTH = 6


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
        for token in TOKEN.findall(text):
            if not HAN_RUN.fullmatch(token):
                found.append(token.lower())
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
