"""Shared fixtures: the curated tables, loaded once per session."""

import pytest

from scr_workbench.tables import load_all


@pytest.fixture(scope="session")
def tables():
    return load_all()
