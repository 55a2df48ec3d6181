"""Text from data reaches the reader as its own characters: through the report's Markdown and in charts."""

from __future__ import annotations

import matplotlib
import pytest
from bs4 import BeautifulSoup

from scr_workbench.reporting.preprocessors import markdown_parser
from scr_workbench.reporting.safe_html import clean_html
from scr_workbench.viz.charts import house_style
from scr_workbench.viz.literal import data_text, literal_text

matplotlib.use("Agg")

#: What a curated quote might hold: HTML, CSS, Markdown of every kind, math, entities, a line break.
HOSTILE = [
    "a quote <style>body{display:none}</style> **x**",
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "_italic_ `code` [link](https://example.org) ![img](x.png) ~~struck~~",
    "# not a heading",
    "1. not a list",
    "> not a quote | not | a table |",
    "Costs of $5 and $10, $\\alert{x}$ and $$x^2$$",
    "&amp; is an entity, &lt;b&gt; too; back\\slash",
    "<https://example.org> www.example.org https://example.org",
    "two\nlines",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_data_text_is_shown_as_its_characters_in_markdown(text):
    markdown = f"#### Finding\n\n> {data_text(text)}\n\n- **RR226-01** (p. 3): “{data_text(text)}”\n"
    soup = BeautifulSoup(clean_html(markdown_parser(exclude_anchor_links=True)(markdown)), "html.parser")
    expected = " ".join(text.splitlines())
    assert soup.blockquote.get_text().strip() == expected
    assert soup.li.get_text() == f"RR226-01 (p. 3): “{expected}”"
    # only the markup the notebook wrote: a heading, a quote with its paragraph, one list with its bold id
    assert [t.name for t in soup.find_all(True)] == ["h4", "blockquote", "p", "ul", "li", "strong"]


def drawn(label: str, context) -> matplotlib.text.Text:
    import matplotlib.pyplot as plt

    with context():
        fig, ax = plt.subplots()
        ax.set_title(label)
        ax.set_yticks([0], [label])
    fig.canvas.draw()  # lays the text out: mathtext, if on, is parsed here
    plt.close(fig)
    return ax.title


@pytest.mark.parametrize("context", [house_style, literal_text], ids=["house_style", "literal_text"])
def test_a_dollar_in_a_label_is_drawn_as_a_dollar(context):
    title = drawn("Costs of $5 and $10", context)
    assert title.get_parse_math() is False
    assert title._preprocess_math(title.get_text()) == ("Costs of $5 and $10", False)  # no mathtext parse


@pytest.mark.parametrize("context", [house_style, literal_text], ids=["house_style", "literal_text"])
def test_a_tex_command_in_a_label_does_not_raise(context):
    assert drawn(r"$\alert{x}$", context).get_text() == r"$\alert{x}$"


def test_without_the_setting_matplotlib_would_parse_the_label():
    """The reason for the setting (and proof that the tests above could fail)."""
    from contextlib import nullcontext

    with pytest.raises(ValueError):
        drawn(r"$\alert{x}$", nullcontext)
