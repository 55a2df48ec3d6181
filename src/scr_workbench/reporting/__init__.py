"""The report build: the schedule, planning, executing notebooks, rendering reviewer HTML, provenance.

Runs notebooks in kernels of their own, so it imports no analysis code.
"""
