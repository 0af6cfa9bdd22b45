"""Engine-agnostic core of the archive's search: normalisation, query syntax, analysis and snippets.

Nothing here imports Django, so every piece can be tested and benchmarked on plain strings.
"""
