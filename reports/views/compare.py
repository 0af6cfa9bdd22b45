"""Compare two reports: `/compare/<a>/<b>/`, and the small form at `/compare/?a=&b=` that leads there.

Public reports only, except for staff, who may compare a held report from its page.
"""

from dataclasses import dataclass

from django import forms
from django.shortcuts import get_object_or_404, redirect, render

from reports.models import Report
from reports.research.compare import Term, align_outlines, distinctive_terms, outline
from reports.views.reading import private_if_held


class CompareForm(forms.Form):
    a = forms.IntegerField(label="报告 A 编号", min_value=1)
    b = forms.IntegerField(label="报告 B 编号", min_value=1)

    def __init__(self, *args, reports=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.reports = Report.objects.public() if reports is None else reports

    def clean(self):
        cleaned = super().clean()
        for name in ("a", "b"):
            number = cleaned.get(name)
            if number is not None and not self.reports.filter(pk=number).exists():
                self.add_error(name, f"没有编号为 {number} 的报告。")
        return cleaned


@dataclass
class Side:
    """One report's column: its facts and the words that set it apart from the other."""

    label: str
    report: Report
    length: int
    terms: list[Term]


def compare_form(request):
    form = CompareForm(request.GET or None, reports=Report.objects.visible_to(request.user))
    if form.is_valid():
        return redirect("reports:compare", form.cleaned_data["a"], form.cleaned_data["b"])
    return render(request, "reports/compare.html", {"form": form}, status=400 if form.is_bound else 200)


def compare(request, report_a: int, report_b: int):
    reports = Report.objects.visible_to(request.user).select_related("region__parent__parent")
    a, b = get_object_or_404(reports, pk=report_a), get_object_or_404(reports, pk=report_b)
    terms = distinctive_terms(a, b)
    context = {
        "a": a,
        "b": b,
        "sides": [Side("A", a, len(a.text), terms.a), Side("B", b, len(b.text), terms.b)],
        "rows": align_outlines(outline(a), outline(b)),
        "archive_wide": terms.archive_wide,
        "form": CompareForm(initial={"a": a.pk, "b": b.pk}),
    }
    return private_if_held(render(request, "reports/compare.html", context), a, b)
