"""Tidying the reports folder: removed entries' pages leave html/, a killed build's half-written files go."""

from __future__ import annotations

from scr_workbench.reporting.housekeeping import remove_leftovers, retire_orphans
from scr_workbench.reporting.planning import Layout


def _touch(path, text="x"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_pages_of_unscheduled_entries_move_to_orphaned_and_their_state_is_forgotten(tmp_path):
    layout = Layout.resolve(tmp_path / "reports")
    for name in ("kept", "gone", "index"):
        _touch(layout.html_dir / f"{name}.html", f"<p>{name}</p>")
    _touch(layout.entries_dir / "kept.json", "{}")
    _touch(layout.entries_dir / "gone.json", "{}")

    assert retire_orphans(layout, {"kept"}) == ["gone"]

    assert sorted(p.name for p in layout.html_dir.iterdir()) == ["index.html", "kept.html"]
    assert (tmp_path / "reports" / "orphaned" / "gone.html").read_text(encoding="utf-8") == "<p>gone</p>"
    assert not (layout.entries_dir / "gone.json").exists() and (layout.entries_dir / "kept.json").exists()


def test_nothing_moves_when_every_page_is_scheduled(tmp_path):
    layout = Layout.resolve(tmp_path / "reports")
    _touch(layout.html_dir / "kept.html")
    assert retire_orphans(layout, {"kept"}) == []
    assert not (tmp_path / "reports" / "orphaned").exists()


def test_leftovers_of_a_killed_build_are_deleted_and_nothing_else(tmp_path):
    layout = Layout.resolve(tmp_path / "reports")
    running = _touch(layout.executed_dir / ".overview.running.ipynb")
    temporaries = [_touch(folder / ".overview.html.1234.tmp") for folder in (layout.html_dir, layout.entries_dir)]
    keep = [
        _touch(layout.executed_dir / "overview.ipynb"),
        _touch(layout.executed_dir / "overview.failed.ipynb"),
        _touch(layout.html_dir / "overview.html"),
        _touch(layout.entries_dir / "overview.json"),
    ]

    removed = remove_leftovers(layout)

    assert sorted(removed) == sorted([running, *temporaries])
    assert not any(p.exists() for p in [running, *temporaries])
    assert all(p.exists() for p in keep)
