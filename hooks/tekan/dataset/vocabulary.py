"""Words that several parts of Tekan read: the collections' names and how a year is written.

One definition each, so that `tekan new`, `tekan import --collection`, the `tk:entries`
shortcode and the loader cannot drift apart.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

# Folder names under data/<year>/, in the order the site lists them.
COLLECTIONS = ("workers", "craftsmen", "sites")
COLLECTION_TITLES = {"workers": "劳动模范", "craftsmen": "南粤工匠", "sites": "职工服务阵地"}
# Everything an editor may write for a collection: its folder name, its title and short forms.
COLLECTION_ALIASES: dict[str, str] = {
    **{c: c for c in COLLECTIONS},
    **{title: c for c, title in COLLECTION_TITLES.items()},
    "劳模": "workers",
    "工匠": "craftsmen",
    "阵地": "sites",
    "服务阵地": "sites",
}
# 「workers（劳动模范）、craftsmen（南粤工匠）、sites（职工服务阵地）」 for messages and --help.
COLLECTION_CHOICES = "、".join(f"{c}（{COLLECTION_TITLES[c]}）" for c in COLLECTIONS)

# A person entry's `kind` (and an award's `recipient`): one person or a collective. Sites have
# site kinds instead (data/site_kinds.yml), and generated pages have page kinds (pages/contexts.py).
PersonKind = Literal["个人", "集体"]
PERSON_KINDS: tuple[str, ...] = get_args(PersonKind)

# 2023, 2023年, 2023年度; ASCII digits only, so that a full-width ２０２３ is reported, not guessed.
_YEAR_TEXT = re.compile(r"([0-9]{4})\s*(?:年度?)?")


def resolve_collection(name: str) -> str | None:
    """The folder name for what an editor wrote (workers, 劳模, 服务阵地, ` Sites `), or None."""
    text = name.strip()
    return COLLECTION_ALIASES.get(text) or COLLECTION_ALIASES.get(text.lower())


def parse_year(text: str) -> int | None:
    """2023 for「2023」「2023年」「 2023 年度」, None for anything else."""
    match = _YEAR_TEXT.fullmatch(text.strip())
    return int(match.group(1)) if match else None
