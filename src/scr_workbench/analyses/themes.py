"""The themes notebook's own pieces: its heatmap (the coding itself is in
:mod:`scr_workbench.coding.themes`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from scr_workbench.coding.themes import SHORT_SOURCES, labelled
from scr_workbench.viz.literal import literal_text

#: The age groups in readers' words.
AGE_GROUP_WORDS: dict[str, str] = {
    "babies_preschool": "babies and pre-school children",
    "school_age": "school-age children and young people",
    "all": "all ages",
}


def matplotlib_colormap(colours):
    """A discrete colour map of ``colours``, one per whole-number count."""
    from matplotlib.colors import ListedColormap

    return ListedColormap(colours)


#: Relative luminance above which a cell's count is printed in dark grey, else white (seaborn's threshold).
DARK_TEXT_ABOVE = 0.408


def relative_luminance(rgba) -> float:
    """WCAG relative luminance of an RGB(A) colour with channels in 0-1."""
    channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgba[:3]]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


@literal_text()  # theme labels are data: "$5 and $10" is drawn as written, never as mathtext
def heatmap(matrix: pd.DataFrame, themes: pd.DataFrame, cmap: str = "mako_r"):
    """The theme-by-source matrix as seaborn's annotated heatmap; returns ``(fig, alt_text)`` for show_figure.

    ``mako_r`` is a sequential colour map, light for none and darkest for the most, readable with
    colour-vision deficiencies; the colours come in whole-number steps (0, 1, … ``cap``, the last
    for ``cap`` or more) and the colour bar is ticked at those counts, so it reads as the cells do.
    The count is written in every cell (seaborn picks dark or white text by luminance), so the colour
    is never the only carrier of a value.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns
    from matplotlib.colors import BoundaryNorm

    if matrix.empty:
        raise ValueError("the theme-by-source matrix is empty: no theme reaches min_mentions under these filters")
    shown = labelled(matrix, themes)
    shown.columns = [SHORT_SOURCES[c] for c in matrix.columns]
    positive = matrix.to_numpy()[matrix.to_numpy() > 0]
    # One large cell must not wash out the rest: the colour stops at the 90th percentile, the count is printed.
    cap = max(1, int(pd.Series(positive).quantile(0.9))) if positive.size else 1
    steps = sns.color_palette(cmap, cap + 1)
    norm = BoundaryNorm(np.arange(-0.5, cap + 1.5), len(steps))
    fig, ax = plt.subplots(figsize=(3 + 1.3 * shown.shape[1], 1.6 + 0.3 * shown.shape[0]))
    sns.heatmap(
        shown.clip(upper=cap),
        annot=shown.astype(int),
        fmt="d",
        cmap=matplotlib_colormap(steps),
        norm=norm,
        linewidths=0.5,
        linecolor="white",
        ax=ax,
        cbar_kws={
            "shrink": 0.5,
            "ticks": list(range(cap + 1)),
            "label": f"items coded (darkest: {cap} or more)",
        },
        annot_kws={"fontsize": 8},
    )
    colourbar = ax.collections[0].colorbar
    colourbar.set_ticklabels([f"{n}" for n in range(cap)] + [f"{cap}+"])
    colourbar.outline.set_linewidth(0)
    ax.set_xlabel("")
    ax.set_ylabel("")
    domains = themes.set_index("theme_id").loc[matrix.index, "domain"].tolist()
    for row in range(1, len(domains)):  # a rule between the codebook's domains
        if domains[row] != domains[row - 1]:
            ax.axhline(row, color="black", linewidth=1.5)
    ax.tick_params(axis="x", labelrotation=0, labelsize=8, top=True, labeltop=True, bottom=False, labelbottom=False)
    ax.tick_params(axis="y", labelsize=8, labelrotation=0)
    totals_all = matrix.sum(axis=1)
    leader = totals_all.idxmax()
    title = f"{themes.set_index('theme_id').loc[leader, 'label']} carries most items ({int(totals_all.max())})"
    ax.set_title(title, loc="left", fontsize=11)
    fig.tight_layout()
    totals = matrix.sum(axis=1).sort_values(ascending=False, kind="stable")
    top = ", ".join(f"{themes.set_index('theme_id').loc[t, 'label']} ({n})" for t, n in totals.head(3).items())
    n_themes = f"{matrix.shape[0]} theme{'s' if matrix.shape[0] != 1 else ''}"
    alt = (
        f"Heatmap '{title}' of {n_themes} by {matrix.shape[1]} sources, counts of coded items in each cell. "
        f"Most coded themes across all sources: {top}. "
        f"{int((matrix.get('national_findings', pd.Series(dtype=int)) > 0).sum())} of the themes shown "
        f"carry at least one national finding."
    )
    return fig, alt
