"""The themes notebook's parameters: bad values refused naming the parameter; the notebook declares them."""

import nbformat
import pytest

from scr_workbench import paths
from scr_workbench.parameters import ParameterError, validate_parameters


@pytest.mark.parametrize(
    "name, value, allowed",
    [
        ("age_group", "teenagers", "babies_preschool"),
        ("theme", "weather", "domestic_violence"),
        ("min_mentions", "abc", "whole number"),
        ("min_mentions", -1, "whole number"),
    ],
)
def test_bad_notebook_parameters_are_refused_naming_the_parameter(name, value, allowed):
    namespace = {"age_group": "all", "theme": "all", "min_mentions": 1, "quote_items": True, name: value}
    with pytest.raises(ParameterError, match=rf"parameter '{name}' must be .*{allowed}"):
        validate_parameters(namespace, "themes")


def test_notebook_declares_the_parameters_and_is_committed_executed():
    nb = nbformat.read(paths.NOTEBOOKS_DIR / "themes.ipynb", as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    namespace = {}
    exec(tagged[0].source, namespace)  # noqa: S102 - the notebook's own literal defaults
    assert {k: namespace[k] for k in ("age_group", "theme", "min_mentions")} == {
        "age_group": "all",
        "theme": "all",
        "min_mentions": 1,
    }
    checked = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("# NBVAL_CHECK_OUTPUT")]
    assert len(checked) >= 6 and all(c.outputs for c in checked)
    assert not any("matplotlib.use" in c.source for c in nb.cells if c.cell_type == "code")


def _heatmap_of_all_ages():
    import scr_workbench.coding.themes as T
    from scr_workbench.analyses.themes import heatmap

    themes, codes = T.load_coding()
    matrix = T.theme_source_matrix(codes, T.load_items(), themes, age_group="all", min_mentions=1, theme="all")
    fig, alt = heatmap(matrix, themes)
    return matrix, fig, alt


def test_heatmap_prints_every_count_in_its_cell_readable_on_its_colour():
    import matplotlib.pyplot as plt
    from seaborn.utils import relative_luminance as seaborn_luminance  # the reference the colours follow

    matrix, fig, _ = _heatmap_of_all_ages()
    try:
        ax = fig.axes[0]
        mesh = ax.collections[0]
        texts = {(round(t.get_position()[1] - 0.5), round(t.get_position()[0] - 0.5)): t for t in ax.texts}
        assert len(texts) == matrix.size
        colours = mesh.to_rgba(matrix.to_numpy())
        for (row, column), text in texts.items():
            assert text.get_text() == str(matrix.iat[row, column])
            expected = "w" if seaborn_luminance(colours[row, column]) <= 0.408 else ".15"
            assert plt.matplotlib.colors.same_color(text.get_color(), expected)
        # Zero cells are cividis's dark blue (white text); the capped ones its light yellow (dark text).
        zero = next(k for k in texts if matrix.iat[k] == 0)
        top = next(k for k in texts if matrix.iat[k] == matrix.to_numpy().max())
        assert texts[zero].get_color() == "white" and texts[top].get_color() == ".15"
    finally:
        plt.close(fig)


def test_relative_luminance_follows_wcag():
    from scr_workbench.analyses.themes import relative_luminance

    assert relative_luminance((1, 1, 1, 1)) == pytest.approx(1.0)
    assert relative_luminance((0, 0, 0)) == 0
    assert relative_luminance((1, 0, 0)) == pytest.approx(0.2126)
    assert relative_luminance((0.5, 0.5, 0.5)) == pytest.approx(((0.5 + 0.055) / 1.055) ** 2.4)
