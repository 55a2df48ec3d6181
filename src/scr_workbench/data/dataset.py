"""The dataset a run is about: one board's data folder and the facts that make it that board's.

A data folder holds ``dataset.yml`` (place and board names, period, raw source files,
review ids), ``raw/`` (the sources, never edited) and ``curated/`` (the tables
transcribed from them). Loaders, analyses and notebooks take a :class:`Dataset`;
:func:`default_dataset` is the project's own ``data/`` folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from scr_workbench import paths

DEFINITION = "dataset.yml"
SOURCE_ROLES = ("report", "census", "sources_note")
#: Sources a board may have but need not: a second, blind theme coding (issue 11), and the
#: census age profile of each ethnic group (an estimate of the children's ethnic mix), and the place's own
#: census table by ethnic group and age (DC2101EW: the children's ethnic mix counted).
OPTIONAL_SOURCE_ROLES = ("second_coding", "census_age_profile", "census_children")
#: The statements of the report the analyses read by role, named under ``references`` in dataset.yml.
REFERENCE_KEYS = ("stated_counts", "counts_caveat")


class DatasetError(ValueError):
    """A dataset definition is missing or malformed; the message names the file and the key."""


@dataclass(frozen=True)
class Dataset:
    """One board's data folder and what it is about."""

    root: Path
    id: str
    place: str
    board: str
    board_short: str
    period_start: int
    period_end: int
    sources: dict[str, Path]
    review_ids: tuple[str, ...]
    documents: dict[str, str] = field(default_factory=dict)
    references: dict[str, str] = field(default_factory=dict)
    #: Rows the report fixes for a curated table, with where it says so: {table: (rows, source)}.
    row_counts: dict[str, tuple[int, str]] = field(default_factory=dict)
    #: Whom a reader of the board pack contacts (``pack: contact``; the pack's cover and footer print it).
    contact: str = ""
    #: The source's own disagreements, declared with the reason for each: {check id: reason}
    #: (``source_disagreements``). check-data fails on any other disagreement and on a stale entry.
    source_disagreements: dict[str, str] = field(default_factory=dict)

    @property
    def raw_dir(self) -> Path:
        return self.root / "raw"

    @property
    def curated_dir(self) -> Path:
        return self.root / "curated"

    @property
    def period(self) -> str:
        """The period the local reviews cover, as reports print it ("2008–2014")."""
        return f"{self.period_start}–{self.period_end}"

    def data_files(self) -> list[Path]:
        """Everything the dataset's results depend on: its definition, raw/ and curated/ (for caches)."""
        return [self.root / DEFINITION, self.raw_dir, self.curated_dir]

    def source(self, role: str) -> Path:
        """The raw file playing ``role`` (one of :data:`SOURCE_ROLES` or :data:`OPTIONAL_SOURCE_ROLES`)."""
        try:
            return self.sources[role]
        except KeyError:
            raise DatasetError(f"{self.root / DEFINITION}: no source for {role!r} under 'sources'") from None

    def document(self, name: str) -> Path:
        """The raw file a curated table names ``name`` (a ``source_doc`` value, or a role itself)."""
        role = self.documents.get(name, name)
        if role not in self.sources:
            known = sorted(set(self.documents) | set(self.sources))
            raise ValueError(f"unknown source document {name!r}; expected one of {known}")
        return self.sources[role]

    def document_name(self, role: str) -> str:
        """The name the curated tables give the source playing ``role`` (the role itself if none)."""
        return next((name for name, r in self.documents.items() if r == role), role)

    def reference(self, key: str) -> str:
        """The ``source_ref`` of the statement that plays ``key`` (e.g. ``stated_counts``)."""
        try:
            return self.references[key]
        except KeyError:
            raise DatasetError(
                f"{self.root / DEFINITION}: no reference {key!r} under 'references' "
                f"(the analyses need: {', '.join(REFERENCE_KEYS)})"
            ) from None

    @classmethod
    def load(cls, root: Path | str) -> Dataset:
        """Read ``<root>/dataset.yml``; every problem is named with the file and the key."""
        import yaml

        root = Path(root).resolve()
        path = root / DEFINITION
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise DatasetError(f"{path}: dataset definition not found (a data folder needs {DEFINITION})") from None
        except (yaml.YAMLError, UnicodeDecodeError) as err:
            raise DatasetError(f"{path}: not valid YAML ({type(err).__name__})") from None
        if not isinstance(data, dict):
            raise DatasetError(f"{path}: must be a mapping of keys to values")
        problems = []

        def text(key: str) -> str:
            value = data.get(key)
            if not isinstance(value, str) or not value.strip():
                problems.append(f"'{key}' must be a non-empty string")
                return ""
            return value.strip()

        period = data.get("period") if isinstance(data.get("period"), dict) else {}
        start, end = period.get("start"), period.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and start <= end):
            problems.append("'period' must have whole-number years 'start' <= 'end'")
            start = end = 0
        sources = data.get("sources") if isinstance(data.get("sources"), dict) else {}
        resolved = {}
        for role in SOURCE_ROLES + OPTIONAL_SOURCE_ROLES:
            rel = sources.get(role)
            if rel is None and role in OPTIONAL_SOURCE_ROLES:
                continue
            if not isinstance(rel, str):
                problems.append(f"'sources: {role}' must be a path relative to the data folder")
                continue
            file = (root / rel).resolve()
            if not file.is_relative_to(root / "raw"):
                problems.append(f"'sources: {role}' must name a file under raw/, got {rel!r}")
            elif not file.is_file():
                problems.append(f"'sources: {role}': file {rel!r} does not exist")
            resolved[role] = file
        ids = data.get("review_ids")
        if not (isinstance(ids, list) and ids and all(isinstance(i, str) and i for i in ids)) or len(set(ids)) != len(
            ids
        ):
            problems.append("'review_ids' must be a non-empty list of distinct strings")
            ids = []
        documents = data.get("documents", {})
        if not (
            isinstance(documents, dict) and all(isinstance(k, str) and v in SOURCE_ROLES for k, v in documents.items())
        ):
            problems.append(f"'documents' must map document names to roles ({', '.join(SOURCE_ROLES)})")
            documents = {}
        references = data.get("references")
        if not (isinstance(references, dict) and all(isinstance(references.get(k), str) for k in REFERENCE_KEYS)):
            problems.append(f"'references' must give a source_ref (text) for each of: {', '.join(REFERENCE_KEYS)}")
            references = {}
        row_counts = data.get("row_counts", {})
        if not (
            isinstance(row_counts, dict)
            and all(
                isinstance(v, dict)
                and isinstance(v.get("rows"), int)
                and v["rows"] >= 0
                and isinstance(v.get("source"), str)
                for v in row_counts.values()
            )
        ):
            problems.append("'row_counts' must map table names to {rows: a whole number, source: where it is stated}")
            row_counts = {}
        pack = data.get("pack", {})
        if not (isinstance(pack, dict) and isinstance(pack.get("contact", ""), str)):
            problems.append("'pack' must be a mapping with 'contact': text (whom a board pack's reader contacts)")
            pack = {}
        disagreements = data.get("source_disagreements", {})
        if not (
            isinstance(disagreements, dict)
            and all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in disagreements.items())
        ):
            problems.append("'source_disagreements' must map check ids to the reason the source disagrees (text)")
            disagreements = {}
        dataset = cls(
            root=root,
            id=text("id"),
            place=text("place"),
            board=text("board"),
            board_short=text("board_short"),
            period_start=start,
            period_end=end,
            sources=resolved,
            review_ids=tuple(ids),
            documents=dict(documents),
            references=dict(references),
            row_counts={str(k): (v["rows"], v["source"]) for k, v in row_counts.items()},
            contact=str(pack.get("contact", "")).strip(),
            source_disagreements={k: " ".join(v.split()) for k, v in disagreements.items()},
        )
        if problems:
            raise DatasetError(f"{path} is not a valid dataset definition:\n  " + "\n  ".join(problems))
        return dataset


@cache
def default_dataset() -> Dataset:
    """The project's own dataset: ``data/`` at the project root."""
    return Dataset.load(paths.DATA_DIR)
