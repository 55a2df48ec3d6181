"""One module per notebook's question: the tables, figures and text each notebook shows.

The top of the analysis stack: may use every layer but the build.
"""
