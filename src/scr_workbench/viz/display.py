"""Show a figure in a notebook with the alt text and caption the reviewer HTML needs.

The report build (:mod:`scr_workbench.reporting.command`) refuses a figure without alt text, so
notebooks show their figures through :func:`show_figure`::

    from scr_workbench.viz.display import show_figure

    fig, ax = plt.subplots()
    ...
    show_figure(fig, "Bar chart: 9 of 13 children were under five, ...",
                caption="Ages of the children in the reviews.")

or, with a plotting helper that returns ``(fig, alt_text)``::

    show_figure(*plotting.age_bars(table), caption="Ages of the children ...")

Alt text says what the figure shows (the finding, the key numbers), not that it
is a chart; the caption is the figure's title, shown under it as "Figure N.
caption" and may use Markdown. Both travel in the output's metadata
(``{"image/png": {"alt": ..., "caption": ...}}``), which the report template
turns into ``<figure><img alt=...><figcaption>``. Images shown another way need
the same metadata, e.g. ``display(Image(png), metadata={"alt": "..."})``.

The PNG is written without a ``Software`` text chunk or any timestamp, so two
runs of the same notebook give the same bytes.
"""

from __future__ import annotations

import base64
import io
import struct
from typing import Any

#: Resolution of the PNG (crisp when printed and on high-density screens); the
#: image is shown at its 96-dpi size (``width`` metadata), so it is not huge.
DEFAULT_DPI = 150
CSS_DPI = 96


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels read from a PNG's IHDR chunk."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def figure_png(fig: Any, dpi: int = DEFAULT_DPI) -> bytes:
    """Render a matplotlib figure (or anything with ``savefig``) to reproducible PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def figure_bundle(
    fig: Any, alt_text: str, caption: str | None = None, *, dpi: int = DEFAULT_DPI
) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """The display data and metadata :func:`show_figure` publishes (no IPython needed)."""
    if not isinstance(alt_text, str) or not alt_text.strip():
        raise ValueError(
            "show_figure needs alt text: a sentence saying what the figure shows "
            "(its finding and key numbers), for readers who cannot see it"
        )
    if caption is not None and (not isinstance(caption, str) or not caption.strip()):
        raise ValueError("caption must be a non-empty string or None")
    png = figure_png(fig, dpi=dpi)
    width, height = png_size(png)
    alt_text = " ".join(alt_text.split())
    meta: dict[str, Any] = {
        "alt": alt_text,
        "width": round(width * CSS_DPI / dpi),
        "height": round(height * CSS_DPI / dpi),
    }
    if caption is not None:
        meta["caption"] = caption.strip()
    data = {
        "image/png": base64.b64encode(png).decode("ascii"),
        # What nbval compares and what a text-only front end shows.
        "text/plain": f"<Figure: {alt_text}>",
    }
    return data, {"image/png": meta}


def show_figure(fig: Any, alt_text: str, caption: str | None = None, *, dpi: int = DEFAULT_DPI) -> None:
    """Display ``fig`` as a PNG carrying ``alt_text`` and ``caption``, then close it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (anything with ``savefig``: a seaborn grid works too).
    alt_text : str
        Text alternative: what the figure shows, for screen readers and for
        anyone reading the report without images. Required and non-empty.
    caption : str, optional
        The figure's title, shown under it in the report as "Figure N. caption".
    dpi : int
        Resolution of the PNG.

    The figure is closed afterwards so the inline backend does not show it a
    second time (without alt text) at the end of the cell.
    """
    from IPython.display import display

    data, metadata = figure_bundle(fig, alt_text, caption, dpi=dpi)
    display(data, raw=True, metadata=metadata)
    try:
        import matplotlib.pyplot as plt

        plt.close(getattr(fig, "figure", fig))
    except Exception:  # pragma: no cover - closing is a courtesy, never an error
        pass
