"""The tables and figure of the overview report: the reviews at a glance."""

from __future__ import annotations

import pandas as pd

from scr_workbench.data.dataset import default_dataset
from scr_workbench.data.schemas import REVIEW_TYPE_LABELS
from scr_workbench.data.stated_counts import stated_counts
from scr_workbench.data.tables import load_table
from scr_workbench.data.words import in_words


def source_facts() -> pd.DataFrame:
    """What the report is, when it was dated, and the periods it covers."""
    facts = load_table("report_facts").set_index("fact_id")
    wanted = [
        "publisher",
        "title",
        "report_date",
        "local_period_start",
        "local_period_end",
        "national_report",
        "national_period",
    ]
    return facts.loc[wanted, ["value", "source_ref"]].rename_axis("fact")


def headline_figures() -> pd.DataFrame:
    """Reviews, children and recommendations as the report states them (dataset.yml references: stated_counts)."""
    counts, ref = stated_counts().reset_index(), default_dataset().reference("stated_counts")
    rec = load_table("recommendations").set_index("recipient")["n_recommendations"]
    rows = [(REVIEW_TYPE_LABELS[r.review_type], int(r.n_reviews), int(r.n_children), ref) for r in counts.itertuples()]
    rows.append(("All reviews", int(counts.n_reviews.sum()), int(counts.n_children.sum()), f"{ref} (sum)"))
    table = pd.DataFrame(rows, columns=["", "reviews", "children", "source"]).set_index("")
    table["recommendations"] = [str(rec["total"]), "none stated", str(rec["total"])]
    table.attrs["note"] = (
        f"Recommendations arose from the serious case reviews: {rec['board']} to the Board, "
        f"{rec['agencies']} to agencies (1.2); the report gives none for learning reviews."
    )
    return table[["reviews", "children", "recommendations", "source"]]


def _children(r) -> str:
    return str(r.n_children_min) if r.n_children_min == r.n_children_max else f"{r.n_children_min}–{r.n_children_max}"


def review_summary(show_quotes: bool = True) -> pd.DataFrame:
    """One row per review: what the text says of it, and what it leaves open."""
    reviews = load_table("reviews")
    table = pd.DataFrame(
        {
            "review": reviews.review_id,
            "type": reviews.review_type.map(REVIEW_TYPE_LABELS),
            "children": [_children(r) for r in reviews.itertuples()],
            "category of abuse": [
                c.replace("_", " ") + ("" if k in ("stated", c) else f" ({k})")
                for c, k in zip(reviews.abuse_category, reviews.abuse_category_certainty, strict=True)
            ],
            "ages": reviews.age_bands.str.replace("_", " ").str.replace(";", ", "),
            "family": reviews.family_grouping.str.replace("_", " "),
            "outcome": reviews.outcome,
            "what stays uncertain": reviews.uncertainty_note.fillna(""),
        }
    )
    if show_quotes:
        table["source"] = reviews.source_ref + ": “" + reviews.quote + "”"
    return table.set_index("review")


def children_per_review_figure():
    """Horizontal bars of children per review, ranges where the text gives only bounds; returns (fig, alt)."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    from scr_workbench.viz.charts import house_style, palette

    reviews = load_table("reviews").iloc[::-1]
    colours = dict(zip(["scr", "lr"], palette(["blue", "orange"]), strict=True))
    with house_style():
        fig = Figure(figsize=(7.5, 4.8))
        ax = fig.subplots()
        for i, r in enumerate(reviews.itertuples()):
            ax.barh(i, r.n_children_min, color=colours[r.review_type])
            if r.n_children_max > r.n_children_min:
                ax.barh(
                    i,
                    r.n_children_max - r.n_children_min,
                    left=r.n_children_min,
                    color="white",
                    edgecolor=colours[r.review_type],
                    hatch="//",
                )
            ax.text(r.n_children_max + 0.3, i, _children(r), va="center")
        ax.set_yticks(range(len(reviews)), reviews.review_id)
        ax.set_xlabel("Children considered by the review")
        handles = [Rectangle((0, 0), 1, 1, color=c) for c in colours.values()]
        handles.append(Rectangle((0, 0), 1, 1, facecolor="white", edgecolor="black", hatch="//"))
        ax.legend(
            handles,
            [REVIEW_TYPE_LABELS["scr"], REVIEW_TYPE_LABELS["lr"], "range the text allows"],
            loc="upper right",
            frameon=False,
        )
        ax.set_xlim(0, reviews.n_children_max.max() + 3)
        largest = reviews.loc[reviews.n_children_min.idxmax()]
        total = int(stated_counts()["n_children"].sum())
        ax.set_title(
            f"One review ({largest.review_id}) holds {int(largest.n_children_min)} of the {total} children", loc="left"
        )
    # Totals as the report states them: ranges of children per review do not add up to a total.
    stated = stated_counts()["n_children"]
    scr, lr = (
        reviews[reviews.review_type == t].sort_values("n_children_max", ascending=False, kind="stable")
        for t in ("scr", "lr")
    )
    big = scr.iloc[0]
    kind = "siblings" if big.family_grouping == "siblings" else "children"
    alt = (
        f"Bar chart of children per review. The {in_words(len(scr))} serious case reviews considered "
        f"{int(stated['scr'])} children in all, {in_words(int(scr.n_children_min.min()))} to "
        f"{in_words(int(scr.n_children_max.max()))} each ({big.review_id}, {in_words(int(big.n_children_max))} "
        f"{kind}, is the largest); the {in_words(len(lr))} learning reviews considered {int(stated['lr'])}, of whom "
        f"{int(lr.iloc[0].n_children_max)} were in one review ({lr.iloc[0].review_id})"
        + (f" and {int(lr.iloc[1].n_children_max)} in another ({lr.iloc[1].review_id})." if len(lr) > 1 else ".")
    )
    ranged = reviews[reviews.n_children_certainty == "range"].iloc[::-1]
    if len(ranged):
        babies = all(b == "baby" for b in ranged.age_bands)
        ages = load_table("age_counts")
        total = int(
            ages.loc[(ages.review_type == ranged.review_type.iloc[0]) & (ages.age_band == "baby"), "n_children"].sum()
        )
        alt += (
            f" {ranged.review_id.iloc[0]} to {ranged.review_id.iloc[-1]} held "
            f"{in_words(int(ranged.n_children_min.min()))} or {in_words(int(ranged.n_children_max.max()))} "
            + (f"babies each, {in_words(total)} in all." if babies else "children each.")
        )
    return fig, alt
