"""Shared fixtures: the curated tables and the comparison registry, built once per session."""

import shutil

import pytest

from scr_workbench import paths
from scr_workbench.comparisons.registry import build_registry
from scr_workbench.data.tables import load_all


@pytest.fixture(scope="session")
def tables():
    return load_all()


@pytest.fixture(scope="session")
def registry():
    """The registry at its defaults (95% intervals), as every report builds it."""
    return build_registry(confidence_level=0.95)


@pytest.fixture
def curated_copy(tmp_path):
    """A copy of data/curated for a test to break."""
    target = tmp_path / "curated"
    shutil.copytree(paths.CURATED_DIR, target)
    return target
