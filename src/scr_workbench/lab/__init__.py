"""The researcher's bench in JupyterLab: interactive tables, table descriptions, completion, parameter forms,
new notebooks. Nothing here is imported by the report build (the reports stay static and offline)."""
