"""Run All twice in one kernel, the way a researcher works: run, edit the parameters cell, run again.

The second run must not fail (before issue 12 it stopped with "unknown parameter(s) ['alt', 'fig', …]"
because the validation saw the notebook's own variables), and it must use the edited values.
"""

import nbformat
import pytest
from nbclient import NotebookClient

from parameter_samples import other_values
from scr_workbench import paths
from scr_workbench.parameters import load_declarations, parameters_cell_source

DECLARATIONS = load_declarations()


def edited(declaration):
    """The declaration with its first parameter set to another value, as a researcher edits one line."""
    from dataclasses import replace

    name, first = next(iter(declaration.parameters.items()))
    changed = {**declaration.parameters, name: replace(first, default=other_values(first.rule, first.default)[0])}
    return replace(declaration, parameters=changed)


def errors(nb) -> list[str]:
    return [f"{o.ename}: {o.evalue}" for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]


@pytest.mark.parametrize("notebook", sorted(DECLARATIONS))
def test_run_all_edit_parameters_run_all_again_in_the_same_kernel(notebook):
    nb = nbformat.read(paths.NOTEBOOKS_DIR / f"{notebook}.ipynb", as_version=4)
    client = NotebookClient(nb, kernel_name="python3", resources={"metadata": {"path": str(paths.NOTEBOOKS_DIR)}})
    new = edited(DECLARATIONS[notebook])
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        assert not errors(nb)
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        cell.source = parameters_cell_source(new)  # the researcher edits the parameters cell
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)  # raises CellExecutionError on the first failing cell
        assert not errors(nb)
        probe = nbformat.v4.new_code_cell("print(repr(params))")
        nb.cells.append(probe)
        client.execute_cell(probe, len(nb.cells) - 1)
    assert probe.outputs[0].text.strip() == repr(new.defaults())
