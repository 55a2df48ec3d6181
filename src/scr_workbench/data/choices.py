"""One check for a value that must be one of a few choices, with the same message everywhere."""

from __future__ import annotations

from collections.abc import Iterable


def check_choice(value, name: str, allowed: Iterable[str]) -> str:
    """``value`` if it is one of ``allowed``; otherwise a ValueError naming the parameter and the choices."""
    allowed = list(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, got {value!r}")
    return value
