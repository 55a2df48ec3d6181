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
        # Zero cells are the lightest (dark text); the most-coded ones the darkest (white text).
        zero = next(k for k in texts if matrix.iat[k] == 0)
        top = next(k for k in texts if matrix.iat[k] == matrix.to_numpy().max())
        assert plt.matplotlib.colors.same_color(texts[zero].get_color(), ".15")
        assert plt.matplotlib.colors.same_color(texts[top].get_color(), "w")
        assert seaborn_luminance(colours[top]) < seaborn_luminance(colours[zero])
    finally:
        plt.close(fig)


def test_heatmap_colour_bar_counts_in_whole_numbers_darkest_for_most():
    import matplotlib.pyplot as plt
    from seaborn.utils import relative_luminance as luminance

    matrix, fig, _ = _heatmap_of_all_ages()
    try:
        bar = fig.axes[0].collections[0].colorbar
        ticks = list(bar.get_ticks())
        assert ticks == list(range(len(ticks))) and len(ticks) >= 2  # 0, 1, 2, ...: no 0.5 ticks for counts
        labels = [t.get_text() for t in bar.ax.get_yticklabels()]
        cap = len(ticks) - 1
        assert labels[-1] == f"{cap}+" and f"darkest: {cap} or more" in bar.ax.get_ylabel()
        shades = [luminance(bar.cmap(bar.norm(t))) for t in ticks]
        assert shades == sorted(shades, reverse=True)  # each step darker than the one before
        assert (matrix.to_numpy() >= cap).any()
    finally:
        plt.close(fig)


def test_relative_luminance_follows_wcag():
    from scr_workbench.analyses.themes import relative_luminance

    assert relative_luminance((1, 1, 1, 1)) == pytest.approx(1.0)
    assert relative_luminance((0, 0, 0)) == 0
    assert relative_luminance((1, 0, 0)) == pytest.approx(0.2126)
    assert relative_luminance((0.5, 0.5, 0.5)) == pytest.approx(((0.5 + 0.055) / 1.055) ** 2.4)
