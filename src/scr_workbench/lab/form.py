"""A parameter form for researchers who do not edit code: ipywidgets controls generated from a notebook's
declared parameters (``notebooks/parameters.yml``) that re-run the notebook's analysis with the values chosen.

``parameter_form("demographics")`` in a lab notebook shows a dropdown per choice, a number box per number
and a checkbox per flag, and a "Run" button. By default a run executes the notebook's cells in the open
kernel, in a namespace of their own, and shows its outputs below the form (about the time of Run All);
``fresh_kernel=True`` runs it with papermill in a new kernel into ``scratch/`` instead (about 20 seconds);
``run=`` takes any other callable of the values.
Lab only: the HTML reports stay static.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
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


def execute_here(path: Path, values: dict[str, Any], show: Callable[..., None] | None = None) -> dict[str, Any]:
    """Run the notebook's code cells in this kernel, in a namespace of their own, with ``values`` set after
    its parameters cell (as papermill injects them); return the namespace.

    Outputs show where the caller is (the form's output area): ``display()`` as in the notebook, and
    each section heading and cell's last expression passed to ``show`` (default IPython's ``display``).
    Nothing of the researcher's own namespace is read or changed, and no kernel starts: a run takes
    about what Run All takes.
    """
    import ast

    import nbformat
    from IPython.display import Markdown, display

    show = show or display
    namespace: dict[str, Any] = {"__name__": "__main__"}
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown" and cell.source.startswith("#"):
            show(Markdown(cell.source.splitlines()[0]))
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source, filename=f"{path.name}, a code cell")
        if "parameters" in cell.metadata.get("tags", []):
            tree.body += ast.parse("\n".join(f"{name} = {value!r}" for name, value in values.items())).body
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, f"<{path.name}>", "exec"), namespace)  # noqa: S102 - the project's own notebook
        if last is not None:
            result = eval(compile(ast.Expression(last.value), f"<{path.name}>", "eval"), namespace)  # noqa: S307
            if result is not None:
                show(result)
    return namespace


def run_here(notebook: str) -> Callable[..., None]:
    """A ``run(**values)`` that runs ``notebooks/<notebook>.ipynb`` in this kernel (:func:`execute_here`)."""

    def run(**values: Any) -> None:
        execute_here(paths.NOTEBOOKS_DIR / f"{notebook}.ipynb", values)

    return run


def run_notebook(notebook: str) -> Callable[..., None]:
    """A ``run(**values)`` that executes ``notebooks/<notebook>.ipynb`` with papermill in a new kernel and
    shows its outputs (``parameter_form(..., fresh_kernel=True)``: slower, nothing shared with this kernel)."""

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


def parameter_form(notebook: str, run: Callable[..., None] | None = None, fresh_kernel: bool = False) -> ParameterForm:
    """A form for ``notebook``'s declared parameters; Run calls ``run(**values)``: by default the notebook run
    in this kernel (:func:`run_here`), with ``fresh_kernel`` in a new one by papermill (:func:`run_notebook`)."""
    default = run_notebook(notebook) if fresh_kernel else run_here(notebook)
    return ParameterForm(declared(notebook), run or default)
