"""Admin forms: what an editor uploads, and the metadata they check and correct before saving."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect

from reports.admin_upload.review import similar_reports
from reports.models import Body, Region, Report

YEAR_MIN, YEAR_MAX = 1949, 2100
NEW_REPORT = "new"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.zip,.htm,.html,text/plain"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(upload, initial) for upload in files]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="文件", required=False, help_text="一个或多个 .txt 文件，或装有 .txt 文件的 .zip 压缩包"
    )
    pasted_text = forms.CharField(
        label="或粘贴文本", required=False, widget=forms.Textarea(attrs={"rows": 8, "cols": 80})
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("files") and not (cleaned.get("pasted_text") or "").strip():
            raise forms.ValidationError("请选择文件或粘贴文本。")
        return cleaned


def _posted_year(data, name: str) -> int | None:
    year = data.get(name, "").strip()
    return int(year) if year.isdigit() and len(year) <= 4 else None


def replace_label(report: Report) -> str:
    return f"替换报告 {report.pk}「{report}」（保留其编号）"


class MetadataForm(forms.Form):
    """A staged text's metadata as parsed, for the editor to correct; `choice` when it may be a duplicate."""

    include = forms.BooleanField(label="保存这一篇", required=False, initial=True)
    title = forms.CharField(label="标题", max_length=255, required=False,
                            widget=forms.TextInput(attrs={"size": 70}))
    region = forms.ModelChoiceField(
        label="地区",
        queryset=Region.objects.all(),
        required=False,
        widget=AutocompleteSelect(Report._meta.get_field("region"), admin.site),
    )
    body = forms.ChoiceField(label="报告机关", choices=[("", "未知"), *Body.choices], required=False)
    term = forms.IntegerField(label="届", min_value=1, max_value=99, required=False)
    session = forms.IntegerField(label="次会议", min_value=1, max_value=99, required=False)
    delivered_on = forms.DateField(label="报告日期", required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    year = forms.IntegerField(label="年份", min_value=YEAR_MIN, max_value=YEAR_MAX, required=False,
                              help_text="正文写明的年份；确认了推定年份就填在这里")
    year_inferred = forms.IntegerField(
        label="推定年份", min_value=YEAR_MIN, max_value=YEAR_MAX, required=False,
        help_text="正文未写明年份时由回顾年份推定；年份为空时按它归档，显示为“（推定）”",
    )
    speaker = forms.CharField(label="报告人", max_length=64, required=False)
    is_abstract = forms.BooleanField(label="摘要", required=False)
    is_complete = forms.BooleanField(label="完整", required=False)
    # Off by default: an upload is published, as an ingest is.
    hold = forms.BooleanField(
        label="暂缓发布", required=False,
        help_text="勾选则保存为未公开：公开页面、检索、API 和导出中都没有它，在报告列表中选“发布”后公开",
    )
    choice = forms.ChoiceField(label="同地区、同机关、同年份已有报告", required=False,
                               widget=forms.RadioSelect)

    def __init__(self, *args, similar: list[Report] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.similar = list(similar)
        if self.similar:
            self.fields["choice"].required = True
            self.fields["choice"].choices = [
                *((str(report.pk), replace_label(report)) for report in self.similar),
                (NEW_REPORT, "两份都保留（另存为新报告）"),
            ]
        else:
            del self.fields["choice"]

    @classmethod
    def from_record(cls, record: dict, *, prefix: str, similar: list[Report]) -> "MetadataForm":
        initial = {
            "include": True,
            "title": record["title"],
            "region": record["adcode"],
            "body": record["body"] or "",
            "term": record["term"],
            "session": record["session"],
            "delivered_on": record["date"],
            "year": record["year"],
            "year_inferred": record["year_inferred"],
            "speaker": record["speaker"],
            "is_abstract": record["is_abstract"],
            "is_complete": record["is_complete"],
        }
        return cls(initial=initial, prefix=prefix, similar=similar)

    @classmethod
    def from_post(cls, data, *, prefix: str) -> "MetadataForm":
        """Duplicates are looked up for the region, body and year as the editor corrected them."""
        stated, inferred = (_posted_year(data, f"{prefix}-{name}") for name in ("year", "year_inferred"))
        similar = similar_reports(
            data.get(f"{prefix}-region", "").strip() or None,
            data.get(f"{prefix}-body", "").strip() or None,
            stated or inferred,
        )
        return cls(data, prefix=prefix, similar=similar)

    def replacing(self) -> Report | None:
        """The report to replace, when the editor chose one."""
        choice = self.cleaned_data.get("choice")
        return next((report for report in self.similar if str(report.pk) == choice), None)
