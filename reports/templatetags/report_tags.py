"""Template helpers for showing a report: its year, marked （推定） when the text does not state it."""

from django import template

register = template.Library()


@register.filter
def year_label(item) -> str:
    """"2024", or "2024（推定）" for a year inferred from the year under review, or "" when unknown.

    Takes anything with `year` and `year_inferred` (a Report, a concordance hit).
    """
    if item.year is not None:
        return str(item.year)
    if item.year_inferred is not None:
        return f"{item.year_inferred}（推定）"
    return ""
