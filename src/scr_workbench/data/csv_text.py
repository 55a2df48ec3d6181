"""What a curated CSV file must be before pandas reads it: a regular file in the data folder, within size, clean text.

A curated table is typed or exported by a person, so :func:`check_csv_file` refuses, with the
file, line, row and column, what would otherwise pass silently or be reported somewhere else:
a link to a file outside the data folder (or a device, a pipe), a file or a field past the
stated maximum (:data:`MAX_FILE_BYTES`, :data:`MAX_FIELD_CHARS`), a NUL or other control
character (tab, line feed and carriage return are text), a quote opened and never closed (named
at the line where it opens) and a record with more or fewer fields than the header.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from pathlib import Path

#: Largest curated file read (bytes): the largest table today is about 30 KB.
MAX_FILE_BYTES = 4 * 1024 * 1024
#: Longest text in one cell (characters): a verbatim quote of a page or so; the longest today is under 1,000.
MAX_FIELD_CHARS = 20_000
#: Control characters that are not text: C0 except tab, line feed and carriage return; DEL; C1.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class CsvTextError(ValueError):
    """A curated CSV file that is not what a table may be; the message says where and what was expected."""


def check_file(path: Path) -> None:
    """Refuse ``path`` unless it is a regular file inside its data folder and at most :data:`MAX_FILE_BYTES`."""
    path = Path(path)
    data_folder = path.parent.resolve().parent
    if path.is_symlink() and not path.resolve().is_relative_to(data_folder):
        raise CsvTextError(
            f"{path.name}: is a link to {path.resolve()}, outside the data folder; a curated table must be a file "
            "in the data folder (copy the file in instead of linking to it)"
        )
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise CsvTextError(f"{path.name}: is not a regular file; a curated table must be a CSV file")
    size = os.stat(path).st_size
    if size > MAX_FILE_BYTES:
        raise CsvTextError(
            f"{path.name}: is {size:,} bytes; a curated table may be at most {MAX_FILE_BYTES:,} bytes "
            "(is this the right file?)"
        )


def _control_name(char: str) -> str:
    return "NUL" if char == "\x00" else f"U+{ord(char):04X}"


def _unreadable(name: str, line: int, err: csv.Error) -> CsvTextError:
    if "end of data" in str(err) or "EOF" in str(err):
        return CsvTextError(
            f"{name}, line {line}: a quoted field opens here and is never closed; "
            'expected a closing " (a " inside a quoted field is written "")'
        )
    if "expected after" in str(err):
        return CsvTextError(
            f"{name}, line {line}: a quoted field opens here and does not end where the field does ({err}); "
            'expected the closing " just before a comma or the end of the line (a " inside it is written "")'
        )
    return CsvTextError(f"{name}, line {line}: cannot be read as CSV ({err})")


def _check_field(place: str, value: str) -> None:
    bad = CONTROL.search(value)
    if bad:
        raise CsvTextError(
            f"{place}: contains the control character {_control_name(bad.group())} at character "
            f"{bad.start() + 1}; expected text (tab, line breaks and printable characters only)"
        )
    if len(value) > MAX_FIELD_CHARS:
        raise CsvTextError(f"{place}: has {len(value):,} characters; a cell may hold at most {MAX_FIELD_CHARS:,}")


def check_text(name: str, text: str) -> None:
    """Refuse CSV ``text`` (of file ``name``) with a control character, an oversized field or a ragged record.

    Rows are numbered as pandas numbers them (0 for the first under the header, blank lines skipped).
    """
    if csv.field_size_limit() <= MAX_FIELD_CHARS:
        csv.field_size_limit(MAX_FIELD_CHARS + 1)
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), strict=True)
    header: list[str] | None = None
    row, start = -1, 1  # the data row (0-based) and the line the current record starts on
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise _unreadable(name, start, err) from None
        if record:
            where = f"{name}, line {start}" if header is None else f"{name}, row {row + 1} (line {start})"
            columns = header or record
            for position, value in enumerate(record):
                column = columns[position] if position < len(columns) else f"field {position + 1}"
                _check_field(f"{where}, column {column!r}", value)
            if header is None:
                header = record
            else:
                row += 1
                if len(record) != len(header):
                    raise CsvTextError(
                        f"{where}: has {len(record)} fields, the header has {len(header)}; "
                        "expected one value per column (check for a comma in an unquoted text)"
                    )
        start = reader.line_num + 1
