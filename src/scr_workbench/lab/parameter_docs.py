"""The README's tables of notebooks and their parameters, generated from ``notebooks/parameters.yml``.

``python -m scr_workbench parameter-table`` rewrites the part of README.md between the markers;
a test fails when the README differs from what the declarations say.
"""

from __future__ import annotations

from pathlib import Path

from scr_workbench import paths
from scr_workbench.parameters import NotebookParameters, Number, Parameter, load_declarations, python_literal

START = (
    "<!-- parameter tables: generated from notebooks/parameters.yml by `python -m scr_workbench parameter-table` -->"
)
END = "<!-- end of parameter tables -->"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def allowed(parameter: Parameter) -> str:
    """The allowed values in words: the choices, "True | False", or "(whole) number in [low, high]"."""
    rule = parameter.rule
    if isinstance(rule, Number):
        return f"{'whole number' if rule.integer else 'number'} in {rule.describe()}"
    return rule.describe()


def render_tables(declarations: dict[str, NotebookParameters]) -> str:
    """Two Markdown tables: each notebook's question, then every parameter with its allowed values."""
    lines = ["| notebook | question | parameters |", "|---|---|---|"]
    for name, d in declarations.items():
        lines.append(f"| `{name}` | {_cell(d.question)} | {', '.join(f'`{p}`' for p in d.parameters)} |")
    lines += ["", "| notebook | parameter | allowed | default | meaning |", "|---|---|---|---|---|"]
    for name, d in declarations.items():
        for p in d.parameters.values():
            lines.append(
                f"| `{name}` | `{p.name}` | {_cell(allowed(p))} | `{python_literal(p.default)}` | {_cell(p.meaning)} |"
            )
    return "\n".join(lines)


def with_tables(readme: str, tables: str) -> str:
    """``readme`` with the text between the markers replaced by ``tables``."""
    if START not in readme or END not in readme:
        raise ValueError(f"README.md lacks the markers {START!r} … {END!r}")
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{tables}\n{END}{tail}"


def update_readme(
    path: Path | None = None, check: bool = False, declarations: dict[str, NotebookParameters] | None = None
) -> bool:
    """Write the tables into README.md (or with ``check``, only compare); True when it was up to date.

    ``declarations`` defaults to ``notebooks/parameters.yml``'s.
    """
    path = Path(path or paths.PROJ_ROOT / "README.md")
    current = path.read_text(encoding="utf-8")
    wanted = with_tables(current, render_tables(load_declarations() if declarations is None else declarations))
    if not check and wanted != current:
        path.write_text(wanted, encoding="utf-8")
    return wanted == current
