"""Research tools on the archive: term trends, keyword-in-context concordance, comparison, similar reports.

Trends and the concordance use the search service's exact matching and filters, so their numbers agree
with the search page.
"""
