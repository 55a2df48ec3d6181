"""The codebook, coding and items, loaded once for the coding tests."""

import pytest

from scr_workbench.coding import themes as T


@pytest.fixture(scope="session")
def coding():
    themes, codes = T.load_coding()
    return themes, codes, T.load_items()
