"""Turn an executed notebook into reviewer HTML, and write the index page.

nbconvert's HTML exporter does the whole report through its own extension points:
preprocessors (:mod:`scr_workbench.reporting.preprocessors`) drop the parameters cells
(the page shows its own parameters table) and the warnings printed on stderr,
number the figures and check their alt text, and give headings ids; the
``scr_report`` template draws the page (code hidden, nothing fetched from any
host, parameters, table of contents, provenance). nbconvert is imported only when
a report is rendered.
"""

from __future__ import annotations

from typing import Any

from scr_workbench.atomic import atomic_write
from scr_workbench.reporting.files import relative
from scr_workbench.reporting.provenance import TEMPLATES_DIR

LANGUAGE = "en-GB"  # the template writes it: nbconvert's language_code accepts only ISO 639-1 ("en")
DROPPED_TAGS = {"parameters", "injected-parameters", "remove-cell"}
#: Ids the template writes itself (headings from notebooks get others).
PAGE_IDS = {"scr-title", "scr-content", "scr-toc-title", "scr-provenance", "technical-notes"}

#: The glossary page's name in the schedule and notebooks/: every other report links to it (once it exists).
GLOSSARY_NAME = "glossary"

_EXPORTER = None


def kicker() -> str:
    """The line above every page's title: the board's place, and a warning on a synthetic test dataset."""
    from scr_workbench.data.dataset import default_dataset

    dataset = default_dataset()
    warning = "SYNTHETIC TEST DATA, not for publication · " if "synthetic" in dataset.id.lower() else ""
    return f"{warning}{dataset.place} child-safeguarding reviews workbench"


def exporter():
    """The HTML exporter with the reviewer preprocessors (created once per process: its template compiles once)."""
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert.preprocessors import TagRemovePreprocessor

        from scr_workbench.reporting import preprocessors as pre

        made = pre.ReportExporter(
            template_name="scr_report",
            extra_template_basedirs=[str(TEMPLATES_DIR)],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            exclude_anchor_links=True,
            language_code=LANGUAGE.split("-")[0],
            theme="light",
        )
        for preprocessor in (
            TagRemovePreprocessor(remove_cell_tags=DROPPED_TAGS, remove_all_outputs_tags={"remove-output"}),
            pre.StderrPreprocessor(),
            pre.FigurePreprocessor(),
            pre.PageTitlePreprocessor(),
            pre.ReaderLayoutPreprocessor(),
            pre.HeadingsPreprocessor(parent=made, reserved_ids=PAGE_IDS),  # the exporter's choice of formats
        ):
            made.register_preprocessor(preprocessor, enabled=True)
        _EXPORTER = made
    return _EXPORTER


def render_report(nb: Any, context: dict[str, Any]) -> tuple[str, list[str], dict[str, int]]:
    """Reviewer HTML for an executed notebook, the problems found, and counts.

    ``context`` (with at least ``title``) becomes ``resources.scr`` in the template.
    Problems (each makes the build of this entry fail): a figure without alt
    text. Counts: ``figures`` (captioned), ``stderr_outputs`` (left out).
    """
    from scr_workbench import paths
    from scr_workbench.reporting.safe_html import CONTENT_SECURITY_POLICY, seal_styles

    has_glossary = (paths.NOTEBOOKS_DIR / f"{GLOSSARY_NAME}.ipynb").is_file()
    glossary = f"{GLOSSARY_NAME}.html" if has_glossary and context.get("name") != GLOSSARY_NAME else None
    context = {
        "kicker": kicker(),
        "language": LANGUAGE,
        "csp": CONTENT_SECURITY_POLICY,
        "glossary_href": glossary,
        **context,
    }
    body, resources = exporter().from_notebook_node(nb, resources={"scr": context})
    counts = {"figures": 0, "stderr_outputs": 0, **resources.get("scr_counts", {})}
    return seal_styles(body), list(resources.get("scr_problems", [])), counts


# --- the index page -------------------------------------------------------------------


def render_index(rows: list[dict[str, Any]], context: dict[str, Any]) -> str:
    """index.html: the reports grouped by the question they answer, each with its first main point."""
    import jinja2

    from scr_workbench.reporting.safe_html import CONTENT_SECURITY_POLICY, seal_styles

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(TEMPLATES_DIR / "site"), str(TEMPLATES_DIR / "scr_report")]),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    page = env.get_template("index.html.j2").render(
        rows=rows,
        groups=question_groups(rows),
        kicker=kicker(),
        language=LANGUAGE,
        csp=CONTENT_SECURITY_POLICY,
        **context,
    )
    return seal_styles(page)


def question_groups(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows grouped by question (in the schedule's order), readers' reports before the annex's."""
    groups: dict[str, dict[str, Any]] = {}
    for row in rows:
        question = row["question"] or "Other reports"
        group = groups.setdefault(question, {"question": question, "reader": [], "annex": []})
        group[row["set"]].append(row)
    return list(groups.values())


def index_rows(plans: list, layout) -> list[dict[str, Any]]:
    """One row per scheduled entry (:class:`scr_workbench.reporting.planning.Plan`) for index.html."""
    from scr_workbench.reporting.main_points import first_main_points
    from scr_workbench.reporting.provenance import format_time

    answers = first_main_points(
        {p.entry.name: layout.executed_dir / f"{p.entry.name}.ipynb" for p in plans},
        layout.state_dir / "main-points.json",
    )
    rows = []
    for p in plans:
        good = p.state.get("last_good") or {}
        attempt = p.state.get("last_attempt") or {}
        html_path = layout.html_dir / f"{p.entry.name}.html"
        current = good.get("fingerprint") == p.fingerprint
        error = None
        if attempt.get("status") == "failed" and attempt.get("fingerprint") == p.fingerprint and not current:
            status, css = "Failed", "failed"
            error = (attempt.get("error") or "").splitlines()[0] if attempt.get("error") else None
            if good:
                error = f"{error}. The link shows the last good build."
        elif current:
            status, css = "Up to date", "ok"
        elif good:
            status, css = "Out of date (its inputs changed since it was built)", "stale"
        else:
            status, css = "Not built yet", "stale"
        href = f"{p.entry.name}.html" if good and html_path.is_file() else None
        rows.append(
            {
                "name": p.entry.name,
                "title": p.title,
                "set": p.entry.set,
                "question": p.entry.question,
                "answer": answers.get(p.entry.name) if href else None,
                "notebook": relative(p.entry.notebook),
                "href": href,
                "parameters": [r for r in p.parameter_rows if r["source"] == "schedule"],
                "status": status,
                "status_class": css,
                "error": error,
                "built_at": format_time(good.get("built_at")) if good else "never",
            }
        )
    return rows


def write_index(plans: list, layout) -> bool:
    """(Re)write index.html when its content changed; True when written."""
    from scr_workbench.reporting.provenance import source_date_epoch

    note = (
        "Build times are SOURCE_DATE_EPOCH."
        if source_date_epoch() is not None
        else "“Last built” is when the report's HTML was last written."
    )
    html = render_index(index_rows(plans, layout), {"time_note": note})
    path = layout.html_dir / "index.html"
    data = html.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    atomic_write(path, data)
    return True
