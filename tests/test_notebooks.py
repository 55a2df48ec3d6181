"""Every committed notebook follows the house pattern the build and the reviewers rely on."""

import ast

import nbformat
import papermill
import pytest

from scr_workbench import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))


def _parameters_cell(nb):
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, "exactly one cell must be tagged 'parameters'"
    return cells[0]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_papermill_sees_every_parameter(path):
    """papermill must parse every assignment of the parameters cell (a '=' in a comment breaks it)."""
    cell = _parameters_cell(nbformat.read(path, as_version=4))
    assigned = [
        t.id
        for node in ast.parse(cell.source).body
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name)
    ]
    assert assigned, "the parameters cell defines no parameter"
    assert list(papermill.inspect_notebook(str(path))) == assigned


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_validated_before_anything_else(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    index = code.index(_parameters_cell(nb))
    assert "validate_parameters(globals()" in code[index + 1].source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_opens_with_a_title_and_states_question_method_caveats(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "Question" in text, f"{path.name} does not state its question"
    # Method and caveats may sit in the technical notes, which a code cell generates at the end.
    everything = "\n".join(c.source for c in nb.cells)
    for word in ("method", "caveat"):
        assert word in everything.lower(), f"{path.name} does not state its {word}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_executed_with_key_results_checked(path):
    nb = nbformat.read(path, as_version=4)
    checked = [c for c in nb.cells if c.cell_type == "code" and "# NBVAL_CHECK_OUTPUT" in c.source]
    assert checked, "mark the cells holding key results with # NBVAL_CHECK_OUTPUT"
    assert all(c.outputs for c in checked), "commit the notebook executed, so nbval has outputs to compare"


def test_every_notebook_is_scheduled():
    import yaml

    schedule = yaml.safe_load((paths.REPORTS_DIR / "schedule.yml").read_text())
    scheduled = {entry["notebook"] for entry in schedule["reports"]}
    assert scheduled == {p.name for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_names_the_project_kernel(path):
    # Any front end (JupyterLab, VS Code, papermill without -k) then runs it with the package installed;
    # the Makefile installs this kernel into .venv.
    spec = nbformat.read(path, as_version=4).metadata.kernelspec
    assert (spec.name, spec.display_name) == ("scr-workbench", "Python (scr-workbench)")
    makefile = (paths.PROJ_ROOT / "Makefile").read_text(encoding="utf-8")
    assert '--name scr-workbench --display-name "Python (scr-workbench)"' in makefile


def test_every_notebook_is_declared_and_every_declaration_has_its_notebook():
    from scr_workbench.parameters import load_declarations

    assert set(load_declarations()) == {p.stem for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_cell_says_what_the_declaration_says(path):
    """Names, order, defaults and meanings of the parameters cell agree with notebooks/parameters.yml."""
    from scr_workbench.parameters import declared

    declaration = declared(path.stem)
    cell = _parameters_cell(nbformat.read(path, as_version=4))
    namespace: dict = {}
    exec(cell.source, namespace)  # noqa: S102 - the notebook's own literal defaults
    defaults = {name: namespace[name] for name in declaration.parameters}
    assert defaults == declaration.defaults()
    assert [type(v) for v in defaults.values()] == [type(v) for v in declaration.defaults().values()]
    inspected = papermill.inspect_notebook(str(path))
    assert list(inspected) == list(declaration.parameters)
    assert {k: v["help"] for k, v in inspected.items()} == {k: p.meaning for k, p in declaration.parameters.items()}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_validation_cell_names_the_notebooks_declaration(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    validation = code[code.index(_parameters_cell(nb)) + 1]
    assert f'validate_parameters(globals(), "{path.stem}")' in validation.source


def reader_texts(nb) -> dict[str, str]:
    """What a reader reads of an executed notebook: main points, What this means, figure captions and alt text."""
    import html
    import re

    texts = {}
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            data, meta = output.get("data", {}), output.get("metadata", {})
            page = data.get("text/html", "")
            page = "".join(page) if isinstance(page, list) else page
            for kind in ("main-points", "what-this-means"):
                for section in re.findall(rf'<section class="{kind}">(.*?)</section>', page, re.S):
                    texts[f"cell {index} {kind}"] = html.unescape(re.sub(r"<[^>]+>", " ", section))
            image = meta.get("image/png", {})
            for key in ("alt", "caption"):
                if image.get(key):
                    texts[f"cell {index} figure {key}"] = image[key]
    return texts


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_reader_text_has_main_points_first_and_no_code_words(path):
    from scr_workbench.analyses.reader_text import reader_text_problems

    nb = nbformat.read(path, as_version=4)
    texts = reader_texts(nb)
    if path.stem != "glossary":
        first_output = next(c for c in nb.cells if c.cell_type == "code" and c.get("outputs"))
        assert '<section class="main-points">' in str(first_output.outputs), "the first output must be the main points"
        assert any("what-this-means" in k for k in texts), "What this means must be generated"
        assert '<section id="technical-notes">' in str(nb.cells[-1].get("outputs")), "technical notes come last"
    for where, text in texts.items():
        assert reader_text_problems(text) == [], f"{path.name} {where}: {text[:300]}"
