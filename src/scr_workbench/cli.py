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


def curated_data_problems(data_dir: Path | None = None) -> tuple[dict, list[str]]:
    """The validated tables, and every problem of the curated data (files, tables, references, coding)."""
    from scr_workbench.coding.themes import load_coding
    from scr_workbench.data.schemas import TABLES
    from scr_workbench.data.tables import TableError, check_references, load_table, resolve, unknown_files

    tables, broken = {}, []
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
    try:
        load_coding(data_dir)  # the theme coding's cross-table checks
    except TableError as err:
        return tables, [str(err)]
    return tables, []


def check_data(args: argparse.Namespace) -> int:
    """Validate every curated table and the references between them; print the reconciliation."""
    from scr_workbench.checks.reconcile import cannot_run, reconcile

    tables, broken = curated_data_problems(args.data_dir)
    if broken:
        print("error: curated data are broken\n" + "\n".join(broken), file=sys.stderr)
        return 1
    result = reconcile(tables)
    unrunnable = cannot_run(result)
    if not unrunnable.empty:
        lines = [f"{r.check_id}: {r.derived}" for r in unrunnable.itertuples()]
        print("error: reconciliation checks cannot run\n  " + "\n  ".join(lines), file=sys.stderr)
        return 1
    if args.format == "csv":
        _print_frame(result, "csv")
    else:
        print(f"{len(tables)} curated tables valid.\n")
        print(
            f"Reconciliation: {int(result.agrees.sum())} of {len(result)} checks agree; "
            f"{int((~result.agrees).sum())} disagreements in the source (findings, not errors).\n"
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

    b = sub.add_parser("build", help="build the scheduled reports (see 'build --help')", add_help=False)
    b.set_defaults(func=None)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["build"]:
        from scr_workbench.build.command import build_command

        return build_command(argv[1:], check_data=lambda: curated_data_problems()[1])
    args = parser().parse_args(argv)
    return args.func(args)
