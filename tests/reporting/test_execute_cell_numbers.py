"""Build errors name the cell as the researcher sees it, not as in papermill's copy with its injected cell."""

import nbformat
import papermill
import pytest

from build_support import FIXTURES
from scr_workbench.reporting.execute import _execution_error


def _failure(tmp_path, parameters):
    with pytest.raises(papermill.PapermillExecutionError) as err:
        papermill.execute_notebook(
            str(FIXTURES / "broken.ipynb"),
            str(tmp_path / "out.ipynb"),
            parameters=parameters,
            kernel_name="python3",
            progress_bar=False,
        )
    return err.value


def _position_of_the_raising_cell() -> int:
    """Counted from 1 in the fixture itself, found by its source (independent of papermill)."""
    cells = nbformat.read(FIXTURES / "broken.ipynb", as_version=4).cells
    return next(i for i, c in enumerate(cells, start=1) if "raise ValueError" in c.source)


def test_the_failing_cell_is_numbered_as_in_the_researchers_notebook(tmp_path):
    err = _failure(tmp_path, {"fail": True})  # papermill injects a cell, shifting the copy by one
    assert err.cell_index == _position_of_the_raising_cell()  # 0-based in the copy: one too many when shown
    code_cells_before = sum(
        1
        for c in nbformat.read(FIXTURES / "broken.ipynb", as_version=4).cells[: _position_of_the_raising_cell()]
        if c.cell_type == "code"
    )
    message = _execution_error(err, str(FIXTURES / "broken.ipynb"), injected=True)
    assert message.startswith(
        f"cell {_position_of_the_raising_cell()} (execution count {code_cells_before}) raised ValueError"
    )


def test_without_injected_parameters_nothing_is_shifted(tmp_path):
    err = _failure(tmp_path, {})  # the fixture's default fails too
    message = _execution_error(err, str(FIXTURES / "broken.ipynb"), injected=False)
    assert message.startswith(f"cell {_position_of_the_raising_cell()} ")
