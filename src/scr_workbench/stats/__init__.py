"""Generic small-number statistics: intervals, one-sample tests, two-by-two tables, goodness of fit, disclosure control.

Knows nothing of any dataset: imports nothing else of the package.
"""
