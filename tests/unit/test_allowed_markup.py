"""One allow-list of HTML: stories keep a subset of what articles may write, and a subset cannot add to it."""

from __future__ import annotations

import pytest

from tekan.markup import allowed


def test_the_story_lists_are_subsets_of_the_one_list():
    assert allowed.STORY_TAGS < allowed.ALLOWED_TAGS
    assert allowed.STORY_URL_SCHEMES < allowed.URL_SCHEMES
    assert {"a": {"href", "title"}} == allowed.STORY_ATTRIBUTES
    assert allowed.STORY_ATTRIBUTES["a"] <= allowed.ALLOWED_ATTRIBUTES["*"] | allowed.ALLOWED_ATTRIBUTES["a"]


def test_a_subset_naming_anything_off_the_list_is_refused():
    with pytest.raises(ValueError, match=r"\['iframe', 'script'\]"):
        allowed.allowed_subset({"p", "script", "iframe"}, allowed.ALLOWED_TAGS)
    with pytest.raises(ValueError, match=r"\['onclick'\]"):
        allowed.allowed_attributes_subset({"a": {"href", "onclick"}})
    with pytest.raises(ValueError, match=r"\['javascript'\]"):
        allowed.allowed_subset({"https", "javascript"}, allowed.URL_SCHEMES)
