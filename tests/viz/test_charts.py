"""Charts are checked by what they draw (whisker ends, reference lines, band extents) and by their alt text."""

import inspect

import numpy as np
import pytest
from matplotlib.collections import LineCollection, PolyCollection

from scr_workbench.stats.goodness_of_fit import goodness_of_fit
from scr_workbench.viz import charts as plotting
from scr_workbench.viz.charts import (
    OKABE_ITO,
    palette,
    plot_against_reference,
    plot_observed_expected,
)

ROWS = [
    dict(
        label="SCRs concerning a baby",
        local_value=50.0,
        ci_low=18.8,
        ci_high=81.2,
        reference_value=36.0,
        reference_bound_type="point",
        local_k=3,
        local_n=6,
    ),
    dict(
        label="Neglect, SCRs",
        local_value=16.7,
        ci_low=3.0,
        ci_high=56.4,
        reference_value=60.0,
        reference_bound_type="lower",
        local_k=1,
        local_n=6,
    ),
    dict(
        label="Domestic violence",
        local_value=80.0,
        ci_low=60.0,
        ci_high=90.0,
        reference_value=66.67,
        reference_bound_type="upper",
    ),
]
CENSUS = {
    "Asian or Asian British": 31095,
    "Black or Black British": 7320,
    "Dual Heritage": 7232,
    "Other": 3354,
    "White British": 187386,
    "White Other": 12365,
}
SCR = {
    "Asian or Asian British": 0,
    "Black or Black British": 1,
    "Dual Heritage": 3,
    "Not recorded": 0,
    "Other": 0,
    "White British": 9,
    "White Other": 0,
}


def test_palette_is_okabe_ito_as_published():
    # Okabe & Ito (2008): orange 230,159,0; sky blue 86,180,233; bluish green 0,158,115; yellow 240,228,66;
    # blue 0,114,178; vermillion 213,94,0; reddish purple 204,121,167; black.
    published = [
        (230, 159, 0),
        (86, 180, 233),
        (0, 158, 115),
        (240, 228, 66),
        (0, 114, 178),
        (213, 94, 0),
        (204, 121, 167),
        (0, 0, 0),
    ]
    as_rgb = [tuple(int(h[i : i + 2], 16) for i in (1, 3, 5)) for h in OKABE_ITO.values()]
    assert as_rgb == published
    assert palette(["blue", "vermillion"]) == ["#0072B2", "#D55E00"]
    with pytest.raises(ValueError, match="^names "):
        palette(["red"])


def test_reference_chart_draws_whiskers_lines_and_bands():
    fig, alt = plot_against_reference(ROWS)
    ax = fig.axes[0]
    # whiskers: horizontal segments from ci_low to ci_high at each row
    whiskers = [seg for coll in ax.collections if isinstance(coll, LineCollection) for seg in coll.get_segments()]
    spans = sorted((round(s[0][0], 6), round(s[1][0], 6)) for s in whiskers if s[0][1] == s[1][1])
    assert spans == sorted((r["ci_low"], r["ci_high"]) for r in ROWS)
    # point estimates
    points = [tuple(line.get_xydata()[0]) for line in ax.lines if line.get_marker() == "o"]
    assert sorted(p[0] for p in points) == sorted(r["local_value"] for r in ROWS)
    # reference lines: dashed verticals at each reference value
    dashed = [line.get_xdata() for line in ax.lines if line.get_linestyle() == "--"]
    assert sorted(float(x[0]) for x in dashed) == sorted(r["reference_value"] for r in ROWS)
    assert all(x[0] == x[1] for x in dashed)
    # bands: lower bound 60 -> 60..100; upper bound 66.67 -> 0..66.67; none for the point figure
    bands = [coll for coll in ax.collections if isinstance(coll, PolyCollection)]
    extents = sorted(
        (round(float(p.vertices[:, 0].min()), 2), round(float(p.vertices[:, 0].max()), 2))
        for coll in bands
        for p in coll.get_paths()
    )
    assert extents == [(0.0, 66.67), (60.0, 100.0)]
    assert ax.get_xlim() == (0, 100)
    assert [t.get_text() for t in ax.get_yticklabels()] == [r["label"] for r in ROWS]


def test_reference_chart_alt_text_states_the_numbers():
    _, alt = plot_against_reference(ROWS, title="Derby and DFE-RR226", local_name="Derby")
    assert alt.startswith("Chart 'Derby and DFE-RR226' shows 3 Derby figures: ")
    assert (
        "SCRs concerning a baby: Derby 50% (95% interval 18.8% to 81.2%, 3 of 6) against the reference figure, 36%"
        in alt
    )
    assert "at least 60% (shaded from 60% to 100%)" in alt
    assert "at most 66.7% (shaded from 0% to 66.7%)" in alt
    assert alt.endswith(".")


def test_alt_text_counts_reference_figures_without_a_derby_figure_apart():
    rows = ROWS + [
        dict(
            label="Domestic violence",
            local_value=float("nan"),
            ci_low=float("nan"),
            ci_high=float("nan"),
            reference_value=66.67,
            reference_bound_type="upper",
        )
    ]
    _, alt = plot_against_reference(rows, title="Derby and DFE-RR226", local_name="Derby")
    assert alt.startswith(
        "Chart 'Derby and DFE-RR226' shows 3 Derby figures and 1 reference figure with no Derby counterpart: "
    )
    assert "Domestic violence: no Derby figure" in alt


def test_alt_text_names_each_rows_reference():
    rows = [
        dict(ROWS[0], reference="national (DFE-RR226)"),
        dict(
            label="Boys",
            local_value=75.0,
            ci_low=46.8,
            ci_high=91.1,
            reference_value=50.0,
            reference_bound_type="point",
            reference="reference line (50%)",
        ),
    ]
    _, alt = plot_against_reference(rows)
    assert "against national (DFE-RR226), 36%" in alt
    assert "Boys: Local 75% (95% interval 46.8% to 91.1%) against reference line (50%), 50%" in alt


def test_fonts_are_legible():
    fig, _ = plot_against_reference(ROWS)
    ax = fig.axes[0]
    sizes = [t.get_fontsize() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    sizes += [ax.title.get_fontsize(), ax.xaxis.label.get_fontsize()]
    assert min(sizes) >= 11
    assert ax.title.get_fontsize() >= 14


def test_observed_expected_chart_and_alt_text():
    result = goodness_of_fit(SCR, CENSUS)
    fig, alt = plot_observed_expected(result, subject="SCR children")
    ax = fig.axes[0]
    bars = [p for p in ax.patches]
    widths = sorted(round(b.get_width(), 6) for b in bars)
    expected = [13 * CENSUS[c] / 248752 for c in CENSUS]
    assert widths == sorted([round(w, 6) for w in [0, 1, 3, 0, 9, 0] + expected])
    assert "Dual Heritage 3 observed" in alt and f"against {13 * 7232 / 248752:.1f} expected" in alt
    assert "exact multinomial test p = 0.019" in alt
    assert "'Not recorded' dropped" in alt
    assert alt.startswith("Bar chart") and alt.endswith(".")
    whiskers = [seg for coll in ax.collections if isinstance(coll, LineCollection) for seg in coll.get_segments()]
    white_british = result.ratios[result.categories.index("White British")]
    assert any(np.isclose(s[1][0], white_british.high * white_british.expected) for s in whiskers)


def test_library_never_chooses_a_backend():
    source = inspect.getsource(plotting)
    assert "matplotlib.use(" not in source
    assert "import matplotlib.pyplot" not in source and "from matplotlib import pyplot" not in source


@pytest.mark.parametrize(
    "call,name",
    [
        (lambda: plot_against_reference([]), "rows"),
        (lambda: plot_against_reference([dict(local_value=1)]), "rows"),
        (lambda: plot_against_reference([dict(ROWS[0], reference_bound_type="about")]), "rows"),
        (lambda: plot_observed_expected(object()), "result"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=rf"^{name} "):
        call()


def test_long_labels_leave_the_data_area_most_of_the_width():
    """The national-findings chart had a data area of 40 of 516 pt: labels of 60-80 characters took the rest."""
    from scr_workbench.viz.charts import plot_against_reference

    long = "Children who were subject to a child protection plan at the time of the incident: all reviews"
    rows = [
        {
            "label": f"{long} ({i})",
            "local_value": 40.0,
            "ci_low": 20.0,
            "ci_high": 60.0,
            "reference_value": 30.0,
            "reference_bound_type": "point",
        }
        for i in range(4)
    ]
    fig, _ = plot_against_reference(rows, title="A finding")
    fig.canvas.draw()
    data = fig.axes[0].get_window_extent()
    assert data.width / fig.bbox.width > 0.45
    assert all(len(line) <= 24 for t in fig.axes[0].get_yticklabels() for line in t.get_text().split("\n"))
