"""The data layer: curated-table schemas, validated loading, the census baseline, the raw source
text and the data dictionary.

Imports nothing else of the package but :mod:`scr_workbench.paths`.
"""
