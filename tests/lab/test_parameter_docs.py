"""The README's parameter tables are generated from notebooks/parameters.yml and never go stale."""

from scr_workbench import paths
from scr_workbench.lab.parameter_docs import END, START, render_tables, update_readme, with_tables
from scr_workbench.parameters import load_declarations


def test_the_readme_tables_are_up_to_date():
    assert update_readme(check=True), "README.md is stale: run `python -m scr_workbench parameter-table`"


def test_every_declared_parameter_has_a_row_with_its_values_and_default():
    readme = (paths.PROJ_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(START, 1)[1].split(END, 1)[0]
    assert '| `demographics` | `review_type` | scr \\| lr \\| all | `"all"` |' in section
    assert "| `demographics` | `suppress_below` | whole number in [0, 100] | `0` |" in section
    assert '| `themes` | `theme` | all \\| a theme_id of themes.csv | `"all"` |' in section
    rows = [line for line in section.splitlines() if line.count("|") >= 6 and "`" in line.split("|")[2]]
    assert len(rows) == sum(len(d.parameters) for d in load_declarations().values())


def test_a_stale_table_is_replaced_and_the_rest_kept():
    text = f"before\n{START}\nold\n{END}\nafter\n"
    new = with_tables(text, render_tables(load_declarations()))
    assert new.startswith(f"before\n{START}\n| notebook |") and new.endswith(f"{END}\nafter\n")
    assert "old" not in new
