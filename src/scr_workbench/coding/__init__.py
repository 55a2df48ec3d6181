"""Theme coding of the learning items: the codebook, the coding, and the keyword suggester that checks it.

Built on :mod:`scr_workbench.data`.
"""
