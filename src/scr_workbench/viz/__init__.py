"""Charts in the house style, and showing them in a notebook with alt text and caption.

Imports nothing else of the package.
"""
