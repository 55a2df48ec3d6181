"""Imports the build puts off until they are used: jsonschema's IRI grammar.

nbformat imports jsonschema, whose format checkers import ``rfc3987_syntax`` when it is
installed, and that compiles an Earley grammar at import: 0.7 s of the build's start-up,
on the path every report waits for. No notebook schema checks an IRI format, so the build
puts a stand-in in its place that loads the real module the first time it is asked to check.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

IRI_MODULE = "rfc3987_syntax"
IRI_GRAMMAR = f"{IRI_MODULE}.syntax_helpers"


def _grammar(name: str):
    return getattr(importlib.import_module(IRI_GRAMMAR), name)


def defer_iri_grammar() -> bool:
    """Put the stand-in for ``rfc3987_syntax`` in place; False when it is imported already or not installed."""
    if IRI_MODULE in sys.modules:
        return False
    spec = importlib.util.find_spec(IRI_MODULE)
    if spec is None or spec.submodule_search_locations is None:
        return False
    stand_in = types.ModuleType(IRI_MODULE, "Stand-in for rfc3987_syntax: its grammar is compiled on first use.")
    stand_in.__path__ = list(spec.submodule_search_locations)  # its submodules import as usual

    def is_valid_syntax(term: str, value: str) -> bool:
        return _grammar("is_valid_syntax")(term, value)

    stand_in.is_valid_syntax = is_valid_syntax  # what jsonschema imports from it
    stand_in.__getattr__ = _grammar  # anything else comes from the real module
    sys.modules[IRI_MODULE] = stand_in
    return True
