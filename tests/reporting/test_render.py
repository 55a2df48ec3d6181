"""Reviewer HTML: each preprocessor on a small hand-made notebook, then whole pages from the template.

Expected values are written by hand from the notebooks built here; pages are read
with BeautifulSoup's html.parser, never with regular expressions.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from scr_workbench import paths
from scr_workbench.main_points_channel import bundle
from scr_workbench.reporting import preprocessors as pre
from scr_workbench.reporting import render

PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def figure(alt: str | None = None, caption: str | None = None):
    meta = {k: v for k, v in {"alt": alt, "caption": caption}.items() if v is not None}
    return new_output(
        "display_data", data={"image/png": PNG, "text/plain": "<Figure>"}, metadata={"image/png": meta} if meta else {}
    )


def stream(name: str, text: str):
    return new_output("stream", name=name, text=text)


def context(title: str = "A test page") -> dict:
    return {
        "name": "test-page",
        "title": title,
        "parameters": [],
        "notebook": "notebooks/test.ipynb",
        "notebook_sha256": "0" * 64,
        "fingerprint": "1" * 64,
        "provenance": {
            "git": {"commit": "2" * 40, "scope": "inputs", "dirty": False},
            "source_date": {"time": "2023-11-14 22:13 UTC", "basis": "SOURCE_DATE_EPOCH"},
            "data": {},
            "versions": {"nbconvert": "7"},
        },
    }


def run(preprocessor, nb, resources=None):
    return preprocessor.preprocess(nb, resources if resources is not None else {"scr": context()})


# --- preprocessors, one at a time -------------------------------------------------------


def test_stderr_outputs_are_dropped_and_counted():
    nb = new_notebook(
        cells=[
            new_code_cell("a", outputs=[stream("stdout", "kept\n"), stream("stderr", "Warning 1\n")]),
            new_code_cell("b", outputs=[stream("stderr", "Warning 2\n")]),
            new_markdown_cell("text"),
        ]
    )
    nb, resources = run(pre.StderrPreprocessor(), nb)
    assert resources["scr_counts"]["stderr_outputs"] == 2
    assert [o.get("name") for o in nb.cells[0].outputs] == ["stdout"]
    assert nb.cells[1].outputs == []


def test_a_figure_without_alt_text_is_a_problem_naming_its_cell():
    nb = new_notebook(
        cells=[
            new_code_cell("ok", id="with-alt", execution_count=1, outputs=[figure("Bars of two groups", "Two groups")]),
            new_code_cell("bad", id="without-alt", execution_count=2, outputs=[figure(caption="No alt here")]),
            new_code_cell("blank", id="blank-alt", execution_count=3, outputs=[figure(alt="   ")]),
        ]
    )
    _, resources = run(pre.FigurePreprocessor(), nb)
    problems = resources["scr_problems"]
    assert len(problems) == 2
    assert "without-alt" in problems[0] and "execution count 2" in problems[0]
    assert "blank-alt" in problems[1] and "execution count 3" in problems[1]
    assert all("figure without alt text" in p and "show_figure" in p for p in problems)


def test_captioned_figures_are_numbered_in_order():
    nb = new_notebook(
        cells=[
            new_code_cell("a", outputs=[figure("first", "First caption")]),
            new_code_cell("b", outputs=[figure("no caption"), figure("second", "Second caption")]),
        ]
    )
    nb, resources = run(pre.FigurePreprocessor(), nb)
    assert resources["scr_counts"]["figures"] == 2
    assert resources["scr_problems"] == []
    numbers = [o.metadata.get("image/png", {}).get("scr_figure_number") for c in nb.cells for o in c.outputs]
    assert numbers == [1, None, 2]


def test_the_title_line_repeating_the_page_title_is_dropped():
    nb = new_notebook(cells=[new_markdown_cell("\n# A test page\n\nThe question."), new_markdown_cell("# A test page")])
    nb, _ = run(pre.PageTitlePreprocessor(), nb)
    assert nb.cells[0].source == "The question."
    assert nb.cells[1].source == "# A test page"  # only the first Markdown cell states the title
    assert nb.metadata["title"] == "A test page"


def test_a_different_title_line_gives_way_to_the_page_title():
    """The header shows the schedule's title; the notebook's own would be a second h1."""
    nb = new_notebook(cells=[new_markdown_cell("# Another title\n\nText")])
    nb, _ = run(pre.PageTitlePreprocessor(), nb)
    assert nb.cells[0].source == "Text"


def test_a_first_line_that_is_not_a_title_stays():
    nb = new_notebook(cells=[new_markdown_cell("## A section\n\nText")])
    nb, _ = run(pre.PageTitlePreprocessor(), nb)
    assert nb.cells[0].source == "## A section\n\nText"


def test_cell_ids_are_made_unique():
    nb = new_notebook(cells=[new_markdown_cell("a", id="same"), new_markdown_cell("b"), new_markdown_cell("c")])
    nb.cells[1].id = "same"  # as a hand-edited notebook may have; nbformat would repair it with a random id
    del nb.cells[2]["id"]
    nb, _ = run(pre.UniqueCellIdsPreprocessor(), nb)
    assert [c.id for c in nb.cells] == ["same", "cell-1", "cell-2"]


def test_pages_of_notebooks_with_repeated_cell_ids_are_the_same_every_time():
    nb = new_notebook(cells=[new_markdown_cell("## One", id="same"), new_markdown_cell("## Two")])
    nb.cells[1].id = "same"
    first, _, _ = render.render_report(nb, context())
    assert render.render_report(nb, context())[0] == first
    cells = BeautifulSoup(first, "html.parser").select(".jp-Cell")
    assert [c["id"] for c in cells] == ["cell-id=same", "cell-id=cell-1"]


def test_markdown_headings_come_from_the_markdown_parser():
    source = "# Top\n\n```\n# not a heading, code\n```\n\nSetext two\n----------\n\n#### Too deep\n\n### `x` & y\n"
    assert pre.markdown_headings(source) == [(1, "Top"), (2, "Setext two"), (3, "x & y")]


def test_headings_get_page_unique_ids():
    nb = new_notebook(
        cells=[
            new_markdown_cell("## Results\n\n## Scr title", id="one"),
            new_markdown_cell("## Results\n\n### Derby's *own* figures", id="two"),
        ]
    )
    nb, resources = run(pre.HeadingsPreprocessor(reserved_ids={"scr-title"}), nb)
    assert [(h["cell_id"], h["level"], h["id"], h["text"]) for h in resources["scr_headings"]] == [
        ("one", 2, "results", "Results"),
        ("one", 2, "scr-title-2", "Scr title"),  # the page's own id is taken
        ("two", 2, "results-2", "Results"),
        ("two", 3, "derby-s-own-figures", "Derby's own figures"),
    ]


def test_the_contents_nest_each_heading_under_the_one_above():
    headings = [
        {"level": 1, "id": "a", "text": "A"},
        {"level": 2, "id": "b", "text": "B"},
        {"level": 3, "id": "c", "text": "C"},
        {"level": 2, "id": "d", "text": "D"},
        {"level": 1, "id": "e", "text": "E"},
        {"level": 3, "id": "f", "text": "F"},
    ]
    leaf = lambda i, t: {"id": i, "text": t, "children": []}  # noqa: E731
    assert pre.toc_tree(headings) == [
        {
            "id": "a",
            "text": "A",
            "children": [
                {"id": "b", "text": "B", "children": [leaf("c", "C")]},
                leaf("d", "D"),
            ],
        },
        {
            "id": "e",
            "text": "E",
            "children": [
                {"id": None, "text": None, "children": [leaf("f", "F")]},  # no h2 between: an item without a link
            ],
        },
    ]


# --- whole pages --------------------------------------------------------------------------


def page_notebook():
    return new_notebook(
        cells=[
            new_markdown_cell("# A test page\n\nWhat this page answers."),
            new_code_cell("x = 1", metadata={"tags": ["parameters"]}, outputs=[stream("stdout", "PARAMETERS-OUTPUT")]),
            new_code_cell("x = 2", metadata={"tags": ["injected-parameters"]}, outputs=[stream("stdout", "INJECTED")]),
            new_code_cell("x = 3", metadata={"tags": ["remove-cell"]}, outputs=[stream("stdout", "REMOVED-CELL")]),
            new_code_cell("x = 4", metadata={"tags": ["remove-output"]}, outputs=[stream("stdout", "REMOVED-OUTPUT")]),
            new_markdown_cell("# Findings\n\n## Results\n\nSome text."),
            new_code_cell("print()", outputs=[stream("stdout", "KEPT-OUTPUT"), stream("stderr", "A warning")]),
            new_code_cell("show_figure()", outputs=[figure("Two bars: 3 and 5", "Counts by *group*")]),
            new_code_cell(
                "display(Markdown(...))",
                outputs=[
                    new_output(
                        "display_data", data={"text/markdown": "## From code\n\nComputed.", "text/plain": "<md>"}
                    ),
                    new_output("display_data", data={"text/html": "<p>HTML-WINS</p>", "text/markdown": "## Not shown"}),
                ],
            ),
            new_markdown_cell("## Results\n\n### Detail"),
        ]
    )


@pytest.fixture(scope="module")
def page():
    html, problems, counts = render.render_report(page_notebook(), context())
    return html, problems, counts, BeautifulSoup(html, "html.parser")


def test_page_drops_tagged_cells_and_stderr(page):
    html, problems, counts, _ = page
    assert problems == []
    assert counts == {"figures": 1, "stderr_outputs": 1}
    for gone in ("PARAMETERS-OUTPUT", "INJECTED", "REMOVED-CELL", "REMOVED-OUTPUT", "A warning", "x = 1"):
        assert gone not in html, gone
    assert "KEPT-OUTPUT" in html


def test_page_language_and_offline(page):
    _, _, _, soup = page
    assert soup.html["lang"] == "en-GB"
    assert soup.find_all("script", src=True) == []
    loads = [tag.get("src") or tag.get("href") for tag in soup.find_all(["img", "link", "iframe", "source"])]
    assert not [u for u in loads if u and not u.startswith("data:")], loads


def test_page_markdown_cells_are_no_tab_stops(page):
    _, _, _, soup = page
    cells = soup.select("main .jp-MarkdownCell")
    assert len(cells) == 3
    for cell in cells:
        assert cell.get("tabindex") is None and cell.find(attrs={"tabindex": True}) is None
    # outputs, which may scroll sideways, stay reachable by keyboard
    assert all(o.get("tabindex") == "0" for o in soup.select("main div.jp-OutputArea-output"))


def test_page_title_is_not_repeated_and_headings_have_unique_ids(page):
    _, _, _, soup = page
    assert soup.title.get_text() == "A test page"
    assert [h.get_text() for h in soup.find_all("h1")] == ["A test page", "Findings"]
    main = soup.find("main")
    assert [(h.name, h.get("id")) for h in main.find_all(["h1", "h2", "h3"])] == [
        ("h1", "findings"),
        ("h2", "results"),
        ("h2", "from-code"),
        ("h2", "results-2"),
        ("h3", "detail"),
    ]
    assert "HTML-WINS" in str(main) and "Not shown" not in str(main)
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), ids


def test_page_contents_link_to_the_headings_nested_by_level(page):
    _, _, _, soup = page
    nav = soup.find("nav", class_="scr-toc")
    assert nav["aria-labelledby"] == "scr-toc-title" and nav.h2["id"] == "scr-toc-title"
    top = nav.find("ol", recursive=False)
    items = top.find_all("li", recursive=False)
    assert [li.a.get_text() for li in items] == ["Findings"]
    nested = items[0].ol.find_all("li", recursive=False)
    assert [(li.a["href"], li.a.get_text()) for li in nested] == [
        ("#results", "Results"),
        ("#from-code", "From code"),
        ("#results-2", "Results"),
    ]
    assert [(a["href"], a.get_text()) for a in nested[2].ol.find_all("a")] == [("#detail", "Detail")]


def test_page_figure_is_numbered_with_alt_text(page):
    _, _, _, soup = page
    fig = soup.select_one("main figure.scr-figure")
    assert fig.img["alt"] == "Two bars: 3 and 5"
    assert fig.figcaption.get_text(" ", strip=True) == "Figure 1. Counts by group"
    assert fig.figcaption.em.get_text() == "group"


def test_a_page_with_one_heading_has_no_contents():
    nb = new_notebook(cells=[new_markdown_cell("## Only one\n\nText.")])
    html, _, _ = render.render_report(nb, context())
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("nav", class_="scr-toc") is None
    assert soup.find("h2", string="Only one")["id"] == "only-one"


def test_a_figure_without_alt_text_fails_the_page():
    nb = new_notebook(cells=[new_code_cell("plt.show()", id="plot-cell", execution_count=7, outputs=[figure()])])
    _, problems, _ = render.render_report(nb, context())
    assert len(problems) == 1 and "plot-cell" in problems[0] and "execution count 7" in problems[0]


def test_titles_and_parameters_are_escaped():
    nb = new_notebook(cells=[new_markdown_cell("## <b>ok</b> & more\n\n## Second")])
    ctx = context(title="Derby & <script>alert(1)</script>")
    ctx["parameters"] = [{"name": "place", "value": "<i>Derby</i>", "source": "schedule", "help": "a & b"}]
    html, _, _ = render.render_report(nb, ctx)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("h1", id="scr-title").get_text() == "Derby & <script>alert(1)</script>"
    assert soup.find_all("script") == [] and soup.find("i") is None
    assert soup.select_one("nav.scr-toc a").get_text() == "ok & more"


def test_headings_never_take_the_ids_the_page_uses_itself(page):
    _, _, _, soup = page
    main = soup.find("main")
    own = {tag["id"] for tag in soup.find_all(id=True) if main not in tag.parents}
    assert own == render.PAGE_IDS  # the template's ids are those HeadingsPreprocessor keeps free
    nb = new_notebook(cells=[new_markdown_cell("## Scr toc title\n\n## Scr provenance\n\n## Contents")])
    html, _, _ = render.render_report(nb, context())
    ids = [h["id"] for h in BeautifulSoup(html, "html.parser").find("main").find_all("h2")]
    assert ids == ["scr-toc-title-2", "scr-provenance-2", "contents"]


def test_a_page_without_a_title_is_a_clear_error():
    with pytest.raises(ValueError, match=r"resources\['scr'\]\['title'\]"):
        run(pre.PageTitlePreprocessor(), new_notebook(), {"scr": {}})


def test_the_kicker_names_the_place_and_flags_synthetic_data(monkeypatch):
    from scr_workbench.data import dataset as ds

    assert render.kicker() == "Derby child-safeguarding reviews workbench"  # data/dataset.yml: place Derby
    synthetic = paths.PROJ_ROOT / "tests" / "fixtures" / "datasets" / "northvale"
    monkeypatch.setattr(ds, "default_dataset", lambda: ds.Dataset.load(synthetic))
    assert (
        render.kicker() == "SYNTHETIC TEST DATA, not for publication · Northvale child-safeguarding reviews workbench"
    )


# --- reader layout: main points, contents, technical notes, CSP, escaping ------------------

MAIN_POINTS = '<section class="main-points">\n\n## Main points\n\n- First point.\n- Second point.\n\n</section>'


def _page(cells, title="A test page") -> BeautifulSoup:
    html, problems, _ = render.render_report(new_notebook(cells=cells), context(title))
    assert problems == []
    return BeautifulSoup(html, "html.parser")


def test_every_page_carries_a_policy_that_forbids_scripts():
    soup = _page([new_markdown_cell("## One\n\ntext")])
    meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert "script-src 'none'" in meta["content"] and "default-src 'none'" in meta["content"]
    assert soup.head.find("meta", attrs={"http-equiv": True}) is meta  # before any style or content


def test_provenance_goes_into_collapsed_technical_notes_after_the_body():
    soup = _page([new_markdown_cell(MAIN_POINTS), new_markdown_cell("## Results\n\nx"), new_markdown_cell("## More")])
    notes = soup.find(id="technical-notes")
    assert notes.name == "details" and not notes.has_attr("open")
    assert notes.find("table", class_="scr-parameters") and "2" * 40 in notes.get_text()
    assert notes.find_previous_sibling("main") is not None  # after the body, outside it
    assert soup.find("main").find(id="scr-provenance") is None


def test_the_contents_follow_the_main_points():
    shown = new_code_cell("show()", outputs=[new_output("display_data", data=bundle(["First point."], MAIN_POINTS))])
    soup = _page([shown, new_markdown_cell("## Results\n\nx"), new_markdown_cell("## More")])
    order = [e.get("class", [None])[0] for e in soup.find_all(["section", "nav"]) if e.get("class")]
    assert order.index("main-points") < order.index("scr-toc")


def test_a_notebooks_own_technical_notes_are_collapsed_with_the_provenance():
    cells = [
        new_markdown_cell(MAIN_POINTS),
        new_markdown_cell("## Results\n\nThe body."),
        new_markdown_cell('<section id="technical-notes">\n\n## Technical notes\n\nRule one.\n\n</section>'),
        new_markdown_cell("More method."),
    ]
    soup = _page(cells)
    notes = soup.find_all(id="technical-notes")
    assert len(notes) == 1 and notes[0].name == "details"
    text = notes[0].get_text()
    assert "Rule one." in text and "More method." in text and "2" * 40 in text
    assert "Rule one." not in soup.find("main").get_text() and "The body." in soup.find("main").get_text()


def test_data_text_in_markdown_output_reaches_the_page_as_text():
    """Data escaped where it enters Markdown (viz.literal.data_text) or HTML (html.escape) shows as its characters."""
    import html

    from scr_workbench.viz.literal import data_text

    payload = "<script>alert(1)</script><img src=x onerror=alert(1)> **x** $5"
    text = data_text(payload)
    cell = new_code_cell("x", outputs=[new_output("display_data", data={"text/markdown": f"> Quote: {text}"})])
    html_out = new_output("display_data", data={"text/html": f"<p>{html.escape(payload)}</p>"})
    soup = _page([cell, new_code_cell("y", outputs=[html_out]), new_markdown_cell(f"A cell {text}")])
    assert soup.find("script") is None and soup.find("img") is None and soup.find("main").find("strong") is None
    assert soup.find("main").get_text().count(payload) == 3


def test_unescaped_markup_in_notebook_output_is_removed_never_run():
    payload = "<script>alert(1)</script><img src=x onerror=alert(1)><style>body{display:none}</style>"
    cell = new_code_cell("x", outputs=[new_output("display_data", data={"text/markdown": f"> Quote: {payload}"})])
    soup = _page([cell, new_markdown_cell(f"A cell {payload}")])
    assert soup.find("script") is None and soup.find("img") is None
    assert "display:none" not in str(soup.find("main"))
    assert "Quote:" in soup.find("main").get_text()


def test_the_running_title_is_a_css_string_of_the_page_title():
    soup = _page([new_markdown_cell("text")], title='Q"}</style><script>x</script>')
    css = "".join(s.get_text() for s in soup.find_all("style"))
    assert "@top-left" in css and "</style" not in css and soup.find("script") is None


def test_reports_link_to_the_index_and_the_glossary_once_there_is_one(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", tmp_path)
    hrefs = [a["href"] for a in _page([new_markdown_cell("text")]).find_all("a")]
    assert "index.html" in hrefs and "glossary.html" not in hrefs
    (tmp_path / "glossary.ipynb").write_text("{}")
    hrefs = [a["href"] for a in _page([new_markdown_cell("text")]).find_all("a")]
    assert "index.html" in hrefs and "glossary.html" in hrefs


def _index_row(name, title, question, set_name="reader", answer=None):
    return {
        "name": name, "title": title, "set": set_name, "question": question, "answer": answer,
        "notebook": "notebooks/x.ipynb", "href": f"{name}.html", "parameters": [], "status": "Up to date",
        "status_class": "ok", "error": None, "built_at": "2026-01-01 00:00 UTC",
    }  # fmt: skip


def test_the_index_groups_reports_by_question_with_their_answers_and_keeps_the_build_apart():
    rows = [
        _index_row("a", "Start report", "Q one", answer="Nine of 13 <script>x</script>"),
        _index_row("b", "Other <b>report</b>", "Q two"),
        _index_row("c", "Annex report", "Q one", set_name="annex"),
    ]
    soup = BeautifulSoup(render.render_index(rows, {"time_note": "note"}), "html.parser")
    assert soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"}) is not None
    main = soup.find("main")
    groups = [(s.h2.get_text(), [li.find("a").get_text() for li in s.find_all("li")]) for s in main.find_all("section")]
    assert groups == [("Q one", ["Start report", "Annex report"]), ("Q two", ["Other <b>report</b>"])]
    assert main.find("li", class_="scr-start").find("a")["href"] == "a.html"
    assert main.find("p", class_="scr-answer").get_text() == "Nine of 13 <script>x</script>"
    assert soup.find("script") is None and soup.find("b") is None
    assert main.find("details", class_="scr-annex").find("a")["href"] == "c.html"
    assert "Up to date" not in main.get_text() and "Up to date" in soup.find(id="technical-notes").get_text()
