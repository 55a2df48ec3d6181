"""A parameter form for researchers who do not edit code: ipywidgets controls generated from a notebook's
declared parameters (``notebooks/parameters.yml``) that re-run the notebook's analysis with the values chosen.

``parameter_form("demographics")`` in a lab notebook shows a dropdown per choice, a number box per number
and a checkbox per flag, and a "Run" button. By default a run executes the notebook with papermill into
``scratch/`` and shows its outputs below the form; ``run=`` takes any other callable of the values.
Lab only: the HTML reports stay static.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from scr_workbench import paths
from scr_workbench.parameters import Choice, Flag, NotebookParameters, Number, Parameter, declared


def control(parameter: Parameter):
    """The widget for one declared parameter, set to its default, described by its name and meaning."""
    import ipywidgets as w

    rule = parameter.rule
    common = {"description": parameter.name, "tooltip": parameter.meaning, "value": parameter.default}
    common["style"] = {"description_width": "initial"}
    if isinstance(rule, Choice):
        return w.Dropdown(options=list(rule.values), **common)
    if isinstance(rule, Flag):
        return w.Checkbox(indent=False, **common)
    if isinstance(rule, Number):
        if rule.integer:
            if math.isinf(rule.high):
                return w.IntText(**common)
            return w.BoundedIntText(min=int(rule.low), max=int(rule.high), step=1, **common)
        return w.BoundedFloatText(min=rule.low, max=rule.high, step=0.01, **common)
    raise TypeError(f"no widget for {parameter.name}'s rule {rule!r}")


def run_notebook(notebook: str) -> Callable[..., None]:
    """A ``run(**values)`` that executes ``notebooks/<notebook>.ipynb`` with the values and shows its outputs."""

    def run(**values: Any) -> None:
        import nbformat
        import papermill
        from IPython.display import display

        from scr_workbench.lab.project_kernel import encrypted_kernel_manager_class

        paths.SCRATCH_DIR.mkdir(exist_ok=True)
        output = paths.SCRATCH_DIR / f"{notebook}-form-run.ipynb"
        papermill.execute_notebook(
            str(paths.NOTEBOOKS_DIR / f"{notebook}.ipynb"),
            str(output),
            parameters=values,
            kernel_name="scr-workbench",
            kernel_manager_class=encrypted_kernel_manager_class(),  # no "running over TCP without encryption"
            cwd=str(paths.PROJ_ROOT),
            progress_bar=False,
        )
        for cell in nbformat.read(output, as_version=4).cells:
            if cell.cell_type == "markdown" and cell.source.startswith("#"):
                display({"text/markdown": cell.source.splitlines()[0]}, raw=True)
            for out in cell.get("outputs", []):
                if out.get("output_type") in ("display_data", "execute_result"):
                    display(dict(out["data"]), raw=True, metadata=dict(out.get("metadata", {})))

    return run


class ParameterForm:
    """The controls of one notebook's declared parameters, a Run button and the output of the last run."""

    def __init__(self, declaration: NotebookParameters, run: Callable[..., None]):
        import ipywidgets as w

        self.declaration = declaration
        self.run = run
        self.controls = {name: control(p) for name, p in declaration.parameters.items()}
        self.button = w.Button(description="Run", button_style="primary", tooltip="re-run with these values")
        self.output = w.Output()
        self.button.on_click(lambda _button: self.submit())
        header = w.HTML(f"<b>{declaration.notebook}</b>: {_escape(declaration.question)}")
        self.widget = w.VBox([header, *self.controls.values(), self.button, self.output])

    def values(self) -> dict[str, Any]:
        return {name: c.value for name, c in self.controls.items()}

    def submit(self) -> None:
        """Check the values against the declaration, then run the analysis with them (its output below)."""
        values = self.values()
        self.output.outputs = ()
        problems = self.declaration.problems(values)
        if problems:
            self.output.append_stdout("\n".join(problems) + "\n")
            return
        with self.output:
            self.run(**values)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def parameter_form(notebook: str, run: Callable[..., None] | None = None) -> ParameterForm:
    """A form for ``notebook``'s declared parameters; Run calls ``run(**values)`` (default: re-run the notebook)."""
    return ParameterForm(declared(notebook), run or run_notebook(notebook))
