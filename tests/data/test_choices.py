"""One choice check: the value back when allowed, else a message naming the parameter and the choices."""

import pytest

from scr_workbench.data.choices import check_choice


def test_an_allowed_value_comes_back():
    assert check_choice("lr", "review_type", ("scr", "lr")) == "lr"


@pytest.mark.parametrize("value", ["both", 1, None, "SCR"])
def test_anything_else_is_refused_naming_parameter_and_choices(value):
    with pytest.raises(ValueError) as err:
        check_choice(value, "review_type", iter(["scr", "lr"]))  # any iterable, read once
    assert str(err.value) == f"review_type must be one of ['scr', 'lr'], got {value!r}"
