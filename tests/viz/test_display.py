"""show_figure: alt text is required and travels in the output metadata; the PNG is reproducible."""

from __future__ import annotations

import base64

import matplotlib

matplotlib.use("Agg")  # a test process, not a notebook

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from scr_workbench.viz.display import figure_bundle, png_size  # noqa: E402


def _figure():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar(["a", "b"], [3, 5])
    return fig


def test_bundle_carries_alt_caption_and_css_size():
    fig = _figure()
    data, meta = figure_bundle(fig, "  Bar chart:\n b (5) is higher than a (3). ", caption="Two bars.", dpi=150)
    png = base64.b64decode(data["image/png"])
    width, height = png_size(png)
    assert meta["image/png"]["alt"] == "Bar chart: b (5) is higher than a (3)."
    assert meta["image/png"]["caption"] == "Two bars."
    assert meta["image/png"]["width"] == round(width * 96 / 150)
    assert data["text/plain"] == "<Figure: Bar chart: b (5) is higher than a (3).>"
    plt.close(fig)


@pytest.mark.parametrize("alt", ["", "   ", None])
def test_alt_text_is_required(alt):
    fig = _figure()
    with pytest.raises(ValueError, match="alt text"):
        figure_bundle(fig, alt)
    plt.close(fig)


def test_png_is_reproducible_and_has_no_software_or_time_chunk():
    fig = _figure()
    first = figure_bundle(fig, "x")[0]["image/png"]
    second = figure_bundle(fig, "x")[0]["image/png"]
    assert first == second
    png = base64.b64decode(first)
    for chunk in (b"Software", b"Creation Time", b"tIME"):
        assert chunk not in png
    plt.close(fig)
