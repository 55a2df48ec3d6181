"""The command line: check the data, print the comparisons, build the reports.

Each subcommand returns an exit code: 0 on success, 1 when the data or a report is
broken (with a message naming the file, row and column), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _print_frame(frame, fmt: str) -> None:
    """Print a DataFrame as CSV or as a plain-text table (pandas imported here: `build` never needs it)."""
    import pandas as pd

    if fmt == "csv":
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        with pd.option_context(
            "display.max_rows", None, "display.max_columns", None, "display.width", 200, "display.max_colwidth", 80
        ):
            print(frame.to_string(index=False))


def raw_dir_for(data_dir: Path | None) -> Path:
    """The raw sources beside a curated folder (``data/raw`` for ``data/curated``), else the project's."""
    from scr_workbench import paths

    beside = Path(data_dir).parent / "raw" if data_dir is not None else None
    return beside if beside is not None and (beside / "README.md").is_file() else paths.RAW_DIR


def raw_hashes(args: argparse.Namespace) -> int:
    """Check the raw sources against their recorded SHA-256, or with --update record the current ones."""
    from scr_workbench.data.raw_sources import raw_problems, update_hashes

    raw_dir = raw_dir_for(args.data_dir)
    if args.update:
        changes = update_hashes(raw_dir)
        print("\n".join(f"updated {c}" for c in changes) if changes else "no recorded SHA-256 changed")
    problems = raw_problems(raw_dir)
    if problems:
        print("error: raw sources differ from their README:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    if not args.update:
        print(f"every raw source in {raw_dir.name}/ matches its recorded SHA-256")
    return 0


def curated_data_problems(data_dir: Path | None = None) -> tuple[dict, list[str]]:
    """The validated tables, and every problem of the curated data (files, tables, references, coding,
    the reconciliation against the declared disagreements): the build's data check."""
    from scr_workbench.checks.reconcile import reconcile

    tables, broken = curated_table_problems(data_dir)
    return tables, broken or disagreement_problems(reconcile(tables), data_dir)


def curated_table_problems(data_dir: Path | None = None) -> tuple[dict, list[str]]:
    """The validated tables, and every problem of the curated tables (files, tables, references, coding)."""
    from scr_workbench.checks.quoted_numbers import quoted_count_problems
    from scr_workbench.coding.reliability import check_codings
    from scr_workbench.coding.themes import load_coding
    from scr_workbench.data.raw_sources import raw_problems
    from scr_workbench.data.schemas import TABLES
    from scr_workbench.data.tables import TableError, check_references, load_table, resolve, unknown_files

    tables, broken = {}, []
    changed = raw_problems(raw_dir_for(data_dir))
    if changed:
        return tables, ["raw sources differ from the SHA-256 recorded in their README:\n  " + "\n  ".join(changed)]
    stray = unknown_files(resolve(data_dir)[1])
    if stray:
        broken.append(f"files that are no curated table (remove them or add a schema): {', '.join(stray)}")
    for name in TABLES:
        try:
            tables[name] = load_table(name, data_dir)
        except TableError as err:
            broken.append(str(err))
    if broken:
        return tables, broken
    problems = check_references(tables)
    if problems:
        return tables, ["curated tables refer to rows that do not exist:\n  " + "\n  ".join(problems)]
    misquoted = quoted_count_problems(tables)
    if misquoted:
        return tables, ["curated counts contradict their own quotes (curation errors):\n  " + "\n  ".join(misquoted)]
    try:
        load_coding(data_dir)  # the theme coding's cross-table checks
        check_codings(data_dir)  # and, where there is one, the second coding and its adjudication
    except TableError as err:
        return tables, [str(err)]
    return tables, []


def disagreement_problems(result, data_dir: Path | None = None) -> list[str]:
    """Of a reconcile() table: checks that cannot run, disagreements the dataset does not declare, stale entries."""
    from scr_workbench.checks.disagreement_register import register_problems
    from scr_workbench.checks.reconcile import cannot_run
    from scr_workbench.data.tables import resolve

    unrunnable = cannot_run(result)
    if not unrunnable.empty:
        lines = [f"{r.check_id}: {r.derived}" for r in unrunnable.itertuples()]
        return ["reconciliation checks cannot run\n  " + "\n  ".join(lines)]
    undeclared = register_problems(result, resolve(data_dir)[0])
    if undeclared:
        return ["the source's disagreements do not match their declared register:\n  " + "\n  ".join(undeclared)]
    return []


def check_data(args: argparse.Namespace) -> int:
    """Validate every curated table and the references between them; print the reconciliation."""
    from scr_workbench.checks.reconcile import reconcile

    tables, broken = curated_table_problems(args.data_dir)
    result = None if broken else reconcile(tables)  # computed once: checked, then printed
    broken = broken or disagreement_problems(result, args.data_dir)
    if broken:
        print("error: curated data are broken\n" + "\n".join(broken), file=sys.stderr)
        return 1
    if args.format == "csv":
        _print_frame(result, "csv")
    else:
        print(f"{len(tables)} curated tables valid.\n")
        print(
            f"Reconciliation: {int(result.agrees.sum())} of {len(result)} checks agree; "
            f"{int((~result.agrees).sum())} disagreements in the source, each declared with its reason in "
            "dataset.yml (findings, not errors).\n"
        )
        for r in result.itertuples():
            print(f"{'agree' if r.agrees else 'DISAGREE':9}{r.check_id:<46}stated {r.stated}; derived {r.derived}")
        print("\nDisagreements explained:")
        for r in result[~result.agrees].itertuples():
            print(f"- {r.check_id} ({r.source_refs}): {r.explanation}")
    return 0


def list_tables_command(args: argparse.Namespace) -> int:
    """List the curated tables."""
    from scr_workbench.data.tables import list_tables

    _print_frame(list_tables(), args.format)
    return 0


def comparisons(args: argparse.Namespace) -> int:
    """Print the comparison registry."""
    from scr_workbench.comparisons.registry import build_registry, format_registry

    registry = build_registry(confidence_level=args.confidence_level)
    if args.format == "csv":
        _print_frame(registry, "csv")
    else:
        print(format_registry(registry))
    return 0


def data_dictionary(args: argparse.Namespace) -> int:
    """Write (or with --check, compare) data/curated/README.md from the schemas."""
    from scr_workbench.data.dictionary import DICTIONARY_PATH, render_dictionary

    text = render_dictionary()
    if args.check:
        current = DICTIONARY_PATH.read_text(encoding="utf-8") if DICTIONARY_PATH.exists() else ""
        if current != text:
            print(
                f"error: {DICTIONARY_PATH} is out of date; run 'python -m scr_workbench data-dictionary'",
                file=sys.stderr,
            )
            return 1
        return 0
    DICTIONARY_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {DICTIONARY_PATH}")
    return 0


def coding(args: argparse.Namespace) -> int:
    """Write a blinded coding pack for a further coder, or check a returned coding against the first one."""
    from scr_workbench.coding.exchange import export_blind, import_coding
    from scr_workbench.coding.reliability import against_first_coding
    from scr_workbench.data.tables import TableError

    try:
        if args.action == "export-blind":
            print("wrote " + ", ".join(str(p) for p in export_blind(args.path)))
            return 0
        returned = import_coding(args.path)
    except (TableError, FileExistsError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    kappa, table = against_first_coding(returned)
    print(
        f"{args.path} is a valid coding: {len(returned)} codes of {returned['item_id'].nunique()} items. "
        f"Against the first coding: kappa {kappa.kappa:.2f} (95% CI {kappa.low:.2f} to {kappa.high:.2f}, "
        f"bootstrap over items), {len(table)} disagreements."
    )
    if args.disagreements:
        table.to_csv(args.disagreements, index=False, lineterminator="\n")
        print(f"wrote the disagreements to adjudicate to {args.disagreements}")
    return 0


def parameter_table(args: argparse.Namespace) -> int:
    """Write (or with --check, compare) README.md's parameter tables from notebooks/parameters.yml."""
    from scr_workbench.lab.parameter_docs import update_readme

    up_to_date = update_readme(check=args.check)
    if args.check and not up_to_date:
        print(
            "error: README.md's parameter tables are out of date; run 'python -m scr_workbench parameter-table'",
            file=sys.stderr,
        )
        return 1
    print("README.md's parameter tables are up to date" if up_to_date else "rewrote README.md's parameter tables")
    return 0


def conda_environment(args: argparse.Namespace) -> int:
    """Write (or with --check, compare) environment.yml from constraints.txt's pins."""
    from scr_workbench.lab.conda_environment import update

    up_to_date = update(check=args.check)
    if args.check and not up_to_date:
        print("error: environment.yml is out of date; run 'python -m scr_workbench conda-environment'", file=sys.stderr)
        return 1
    print("environment.yml is up to date" if up_to_date else "rewrote environment.yml from constraints.txt")
    return 0


def new_notebook(args: argparse.Namespace) -> int:
    """Write a new notebook following the house rules, its parameter declaration and schedule entry."""
    from scr_workbench.lab.new_notebook import NewNotebookError, create

    try:
        path = create(args.name, args.question, execute=not args.no_execute)
    except NewNotebookError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"wrote {path.name}, its declaration in notebooks/parameters.yml and an entry in reports/schedule.yml")
    return 0


def _confidence_level(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--confidence-level must be a number between 0 and 1, got {text!r}") from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"--confidence-level must be between 0 and 1 (e.g. 0.95), got {text!r}")
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m scr_workbench", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    c = sub.add_parser("check-data", help="validate every curated table and print the reconciliation")
    c.add_argument(
        "--data-dir", type=Path, default=None, help="folder of curated CSVs to check (default: data/curated)"
    )
    c.add_argument("--format", choices=["text", "csv"], default="text")
    c.set_defaults(func=check_data)

    h = sub.add_parser("raw-hashes", help="check data/raw against its recorded SHA-256; --update records new ones")
    h.add_argument("--update", action="store_true", help="rewrite data/raw/README.md's SHA-256 of changed files")
    h.add_argument("--data-dir", type=Path, default=None, help="a curated folder; its sibling raw/ is used")
    h.set_defaults(func=raw_hashes)

    t = sub.add_parser("tables", help="list the curated tables")
    t.add_argument("--format", choices=["text", "csv"], default="text")
    t.set_defaults(func=list_tables_command)

    r = sub.add_parser("comparisons", help="print the comparison registry")
    r.add_argument("--format", choices=["text", "csv"], default="text")
    r.add_argument("--confidence-level", type=_confidence_level, default=0.95)
    r.set_defaults(func=comparisons)

    d = sub.add_parser("data-dictionary", help="write data/curated/README.md from the schemas")
    d.add_argument("--check", action="store_true", help="fail if the file differs instead of writing it")
    d.set_defaults(func=data_dictionary)

    k = sub.add_parser("coding", help="blinded theme-coding pack for a further coder; check a returned coding")
    k.add_argument("action", choices=["export-blind", "import"], help="export-blind DIR, or import FILE")
    k.add_argument("path", type=Path, help="folder to export into (new or empty), or the returned coding.csv")
    k.add_argument("--disagreements", type=Path, help="import: write the disagreement table to adjudicate here")
    k.set_defaults(func=coding)

    pt = sub.add_parser("parameter-table", help="write README.md's parameter tables from notebooks/parameters.yml")
    pt.add_argument("--check", action="store_true", help="fail if the README differs instead of writing it")
    pt.set_defaults(func=parameter_table)

    ce = sub.add_parser(
        "conda-environment", help="write environment.yml from constraints.txt's pins (conda-forge names)"
    )
    ce.add_argument("--check", action="store_true", help="fail if environment.yml differs instead of writing it")
    ce.set_defaults(func=conda_environment)

    n = sub.add_parser("new-notebook", help="start a research notebook that follows the house rules")
    n.add_argument("name", help="file name without .ipynb: lower-case letters, digits, '_'")
    n.add_argument("question", help="the question the notebook answers (its title)")
    n.add_argument("--no-execute", action="store_true", help="do not run it once after writing it")
    n.set_defaults(func=new_notebook)

    b = sub.add_parser("build", help="build the scheduled reports (see 'build --help')", add_help=False)
    b.set_defaults(func=None)

    f = sub.add_parser("pdf", help="print the reader set as reports/pdf/board-pack.pdf", add_help=False)
    f.set_defaults(func=None)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["build"]:
        from scr_workbench.reporting.command import build_command

        return build_command(argv[1:], check_data=lambda: curated_data_problems()[1])
    if argv[:1] == ["pdf"]:
        from scr_workbench.reporting.pdf import pdf_command

        return pdf_command(argv[1:])
    args = parser().parse_args(argv)
    return args.func(args)
