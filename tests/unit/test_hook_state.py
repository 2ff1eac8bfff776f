"""The hook's build state is reached through one property that says which event should have made it."""

from __future__ import annotations

import pytest

from tekan.render.build_state import BuildState
from tekan_hooks import TekanHooks

BEFORE_ON_CONFIG = "on_config has not run: the build state is made there, before any other build event"


def test_an_event_before_on_config_names_on_config():
    hooks = TekanHooks()
    with pytest.raises(RuntimeError) as raised:
        hooks.on_page_markdown("", page=None, config=None, files=None)
    assert str(raised.value) == BEFORE_ON_CONFIG
    with pytest.raises(RuntimeError) as raised:
        hooks.on_post_build(config=None)
    assert str(raised.value) == BEFORE_ON_CONFIG


def test_page_shells_before_on_env_name_on_env():
    # Only the field under test matters here: the rest of a build's state is never read.
    state = BuildState(settings=None, prepared=None, shortcodes=None)  # type: ignore[arg-type]
    with pytest.raises(RuntimeError) as raised:
        _ = state.shells
    assert str(raised.value) == "on_env has not run: the page shells are made there, once the theme's templates exist"
