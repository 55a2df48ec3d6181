"""The build's stand-in for jsonschema's IRI grammar: not compiled at start-up, the same verdicts when used."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytest.importorskip("rfc3987_syntax")

CHECK = """
import json, sys
{setup}
import nbformat  # imports jsonschema and its format checkers
loaded = "rfc3987_syntax.syntax_helpers" in sys.modules
from jsonschema import FormatChecker
checker = FormatChecker()
samples = ["https://example.org/r\\u00e9sum\\u00e9?q=1#top", "not an iri", "http://[::1]:80/", "//x/y", "a:b"]
verdicts = {{fmt: [checker.conforms(s, fmt) for s in samples] for fmt in ("iri", "iri-reference")}}
print(json.dumps({{"loaded_at_import": loaded, "verdicts": verdicts}}))
"""


def _run(setup: str) -> dict:
    done = subprocess.run([sys.executable, "-c", CHECK.format(setup=setup)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_nbformat_imports_without_compiling_the_grammar_and_iri_checks_agree_with_the_real_module():
    deferred = _run("from scr_workbench.reporting.deferred import defer_iri_grammar; assert defer_iri_grammar()")
    real = _run("")
    assert real["loaded_at_import"] is True  # without the stand-in, importing nbformat compiles it
    assert deferred["loaded_at_import"] is False
    assert deferred["verdicts"] == real["verdicts"]
    assert real["verdicts"]["iri"][0] is True and real["verdicts"]["iri"][1] is False  # the checks did check


def test_no_stand_in_once_the_real_module_is_imported():
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import rfc3987_syntax, sys; from scr_workbench.reporting.deferred import defer_iri_grammar;"
            "print(defer_iri_grammar(), hasattr(sys.modules['rfc3987_syntax'], 'syntax_parser'))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["False", "True"]
