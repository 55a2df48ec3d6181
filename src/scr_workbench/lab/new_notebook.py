"""``python -m scr_workbench new-notebook NAME "Question"``: a new research notebook that already follows
every house rule, its parameter declaration and its schedule entry.

The notebook has a cell tagged "parameters" (written from the declaration), the validation cell right after
it, the Question / Method / Caveats / What this means sections, a figure shown with ``show_figure`` and alt
text computed from the data, a ``# NBVAL_CHECK_OUTPUT`` cell with the key result, and the project kernel.
It is executed once, so it is committed executed as nbval needs. Nothing existing is overwritten. The
schedule entry names its ``question:`` and its ``set:`` (the annex, until the board decides otherwise), and
README.md's parameter tables are rewritten to include the new declaration. The starter's instructions to
the researcher (:data:`PLACEHOLDERS`) must go before the report is published: :func:`placeholders_in`
finds any left, and a test refuses a committed notebook that still holds one.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import yaml

from scr_workbench import paths
from scr_workbench.lab.parameter_docs import START, update_readme
from scr_workbench.lab.project_kernel import encrypted_kernel_manager_class
from scr_workbench.parameters import (
    DECLARATIONS_FILE,
    NotebookParameters,
    load_declarations,
    parameters_cell_source,
)

#: Text of the starter that only instructs the researcher; a published report must not hold any of it.
PLACEHOLDERS = (
    "Say in a sentence or two which curated tables",
    "(replace these with yours)",
)
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
KERNELSPEC = {"name": "scr-workbench", "display_name": "Python (scr-workbench)", "language": "python"}


class NewNotebookError(ValueError):
    """The name is not usable or something of that name exists already; nothing was written."""


def starter_declaration(question: str) -> dict:
    """The declaration a new notebook starts with: one choice, to show how parameters work."""
    return {
        "question": question,
        "parameters": {
            "review_type": {
                "kind": "choice",
                "values": ["scr", "lr", "all"],
                "default": "all",
                "meaning": '"scr" (serious case reviews), "lr" (learning reviews) or "all" (both)',
            }
        },
    }


def starter_cells(name: str, question: str, declaration: NotebookParameters) -> list:
    """The cells of a new notebook: every house rule in place, with a small working analysis to replace."""
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    parameters = code(parameters_cell_source(declaration), metadata={"tags": ["parameters"]})
    return [
        md(f"# {question}"),
        parameters,
        code(
            "from scr_workbench.parameters import validate_parameters\n\n"
            f'params = validate_parameters(globals(), "{name}")\n\n'
            "import matplotlib.pyplot as plt\n"
            "from IPython.display import HTML, Markdown, display\n\n"
            "from scr_workbench.analyses import reader_text as RT\n"
            "from scr_workbench.api import load_table\n"
            "from scr_workbench.viz.display import show_figure\n\n"
            'reviews = load_table("reviews")\n'
            'chosen = reviews if review_type == "all" else reviews[reviews["review_type"] == review_type]\n'
            'by_category = chosen["abuse_category"].value_counts().sort_index()\n'
            "by_category.index = [RT.humanise(c) for c in by_category.index]  # readers see words, not codes\n"
            "top = by_category.idxmax()"
        ),
        code(
            "# NBVAL_CHECK_OUTPUT\n"
            "# Main points first: 3-6 complete sentences, every number computed (replace these with yours).\n"
            "RT.show_main_points([\n"
            '    f"{len(chosen)} reviews are counted here.",\n'
            '    f"The most frequent category of abuse is {top}, in {by_category[top]} of them.",\n'
            '    f"{len(by_category)} categories of abuse appear in these reviews.",\n'
            "])"
        ),
        md(
            f"**Question.** {question}\n\n"
            "Say in a sentence or two which curated tables (`describe_table(name)` tells what they hold) and "
            "which statistics answer it; the detail goes into the technical notes at the end."
        ),
        code('# NBVAL_CHECK_OUTPUT\ndisplay(Markdown(f"**This run:** {len(chosen)} reviews, by category of abuse."))'),
        md("## Results"),
        code('# NBVAL_CHECK_OUTPUT\nRT.reader_table(by_category.rename("reviews").to_frame())'),
        code(
            "fig, ax = plt.subplots(figsize=(6, 3))\n"
            'ax.barh(by_category.index, by_category.values, color="#1f4e79")\n'
            'ax.set_xlabel("reviews")\n'
            'ax.set_title(f"{top.capitalize()} is the most frequent category of abuse")\n'
            'alt = (f"Bar chart of {len(chosen)} reviews by category of abuse; the most frequent is {top} "\n'
            '       f"({by_category[top]} reviews).")\n'
            'show_figure(fig, alt, caption=f"Reviews by category of abuse ({len(chosen)} reviews)")'
        ),
        md("## What this means"),
        code(
            "# NBVAL_CHECK_OUTPUT\n"
            "# Conclusions computed from the results above: never type a number the data determine.\n"
            "display(HTML(RT.meaning_html([\n"
            '    f"{top.capitalize()} is the category most often reviewed here "\n'
            '    f"({by_category[top]} of {len(chosen)}).",\n'
            "])))"
        ),
        code(
            "# The technical notes close the report (method, caveats, this run's settings).\n"
            "display(HTML(RT.technical_notes_html(\n"
            '    method=["Counts of the curated reviews table by category of abuse; no test is made."],\n'
            '    caveats=["Small numbers: a category with few reviews says little about how common it is."],\n'
            "    parameters=params,\n"
            "    rules=False,\n"
            ")))"
        ),
    ]


def schedule_entry(name: str, question: str) -> str:
    """The text appended to ``reports/schedule.yml`` for the new notebook's report at its defaults.

    A new question goes to the annex (the research variants), not the board pack, until someone decides.
    """
    entry = {"name": name.replace("_", "-"), "notebook": f"{name}.ipynb", "set": "annex", "question": question}
    text = yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, width=1000)
    return "\n" + "".join(f"  {line}\n" for line in text.splitlines())


def placeholders_in(nb: nbformat.NotebookNode) -> list[str]:
    """The starter's placeholder texts still in the notebook's cells or outputs (empty when it is finished)."""
    text = nbformat.writes(nb)
    return [p for p in PLACEHOLDERS if p in text]


def create(name: str, question: str, *, root: Path | None = None, execute: bool = True) -> Path:
    """Write ``notebooks/<name>.ipynb``, its declaration and its schedule entry; return the notebook's path.

    Raises NewNotebookError (nothing written) for a bad name or one already used.
    """
    root = Path(root or paths.PROJ_ROOT)
    notebooks, schedule = root / "notebooks", root / "reports" / "schedule.yml"
    target, declarations_path = notebooks / f"{name}.ipynb", notebooks / DECLARATIONS_FILE
    if not NAME_RE.match(name):
        raise NewNotebookError(
            f"notebook name {name!r}: use lower-case letters, digits and '_', starting with a letter (e.g. my_question)"
        )
    if not question.strip():
        raise NewNotebookError("the question is empty: say what the notebook asks, in quotes")
    if target.exists():
        raise NewNotebookError(f"{target.relative_to(root)} exists already; choose another name (nothing was written)")
    if name in load_declarations(declarations_path):
        raise NewNotebookError(f"{DECLARATIONS_FILE} declares {name!r} already (nothing was written)")
    entry = name.replace("_", "-")
    scheduled = yaml.safe_load(schedule.read_text(encoding="utf-8")) or {}
    if any(e.get("name") == entry for e in scheduled.get("reports") or []):
        raise NewNotebookError(f"reports/schedule.yml has an entry {entry!r} already (nothing was written)")

    block = yaml.safe_dump({name: starter_declaration(question.strip())}, sort_keys=False, allow_unicode=True)
    declarations_text = declarations_path.read_text(encoding="utf-8")
    declarations_path.write_text(declarations_text.rstrip("\n") + "\n\n" + block, encoding="utf-8")
    declaration = load_declarations(declarations_path)[name]
    nb = nbformat.v4.new_notebook(
        cells=starter_cells(name, question.strip(), declaration),
        metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}},
    )
    nbformat.write(nb, target)
    with schedule.open("a", encoding="utf-8") as handle:
        handle.write(schedule_entry(name, question.strip()))
    readme = root / "README.md"
    if readme.is_file() and START in readme.read_text(encoding="utf-8"):
        update_readme(readme, declarations=load_declarations(declarations_path))
    if execute:
        execute_in_place(target)
    return target


def execute_in_place(path: Path) -> None:
    """Run the notebook once in the project kernel and save it with its outputs (nbval compares them)."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb,
        kernel_name=KERNELSPEC["name"],
        kernel_manager_class=encrypted_kernel_manager_class(),  # no "running over TCP without encryption"
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    nbformat.write(nb, path)
