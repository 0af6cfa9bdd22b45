"""The two upload pages of the report admin: choose files, then check, correct and confirm them."""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.csrf import csrf_protect

from reports.admin_upload import limits, review, staging
from reports.admin_upload.items import read_upload_items
from reports.forms import MetadataForm, UploadForm

log = logging.getLogger(__name__)


def upload_view(request, model_admin):
    """Routed CSRF-exempt: the token is checked below, once the size limit is in place (the check reads
    the body, and the limit must be in place before anything reads it)."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    received = limits.Received()
    if request.method == "POST":
        received = limits.receive(request)
        if received.refusal:
            # Nothing was kept, so the form is shown again without its token being checked.
            return _render_upload(request, model_admin, UploadForm(), refusal=received.refusal)
    return _checked_upload(request, model_admin, received.skipped)


@csrf_protect
def _checked_upload(request, model_admin, skipped: list[str]):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # Files over the limit are named in the preview with their reason, like any other bad file.
        refused = [limits.too_large(name) for name in skipped]
        items = refused + read_upload_items(form.cleaned_data["files"], form.cleaned_data["pasted_text"])
        token = staging.stage(items, request.user.pk)
        review.store_parses(staging.open_batch(token, request.user.pk))
        return HttpResponseRedirect(reverse("admin:reports_report_upload_preview", args=[token]))
    if skipped:  # nothing else came with them
        return _render_upload(request, model_admin, UploadForm(), refusal=limits.skipped_message(skipped))
    return _render_upload(request, model_admin, form)


def _render_upload(request, model_admin, form, refusal: str | None = None):
    context = {**_context(request, model_admin, "上传工作报告"), "form": form, "refusal": refusal,
               "max_bytes": settings.UPLOAD_MAX_BYTES}
    return TemplateResponse(request, "admin/reports/report/upload.html", context)


def preview_view(request, model_admin, token: str):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    try:
        batch = staging.open_batch(token, request.user.pk)
    except staging.StagingExpired:
        messages.error(request, "这次上传已过期或不存在，请重新上传。")
        return HttpResponseRedirect(reverse("admin:reports_report_upload"))
    if request.method == "POST":
        forms = {
            item.number: MetadataForm.from_post(request.POST, prefix=_prefix(item))
            for item in batch.items if item.ok
        }
        chosen = [item for item in batch.items if request.POST.get(f"{_prefix(item)}-include")]
        if chosen and all(forms[item.number].is_valid() for item in chosen):
            return _confirm(request, model_admin, batch, [(item, forms[item.number]) for item in chosen])
        if not chosen:
            messages.warning(request, "没有勾选要保存的文件。")
    else:
        forms = {}
    return _render_preview(request, model_admin, batch, forms)


def _render_preview(request, model_admin, batch, bound_forms):
    entries = []
    for item in batch.items:
        shown = review.staged_preview(batch, item) if item.ok else review.Preview(
            item.name, "failed", error=item.error)
        form = None
        if shown.can_save:
            form = bound_forms.get(item.number) or MetadataForm.from_record(
                shown.record, prefix=_prefix(item), similar=shown.similar)
        entries.append({"number": item.number, "preview": shown, "form": form})
    context = {
        **_context(request, model_admin, "核对并确认"),
        "entries": entries,
        "savable": any(entry["form"] for entry in entries),
        "media": model_admin.media + MetadataForm().media,
    }
    return TemplateResponse(request, "admin/reports/report/upload_preview.html", context)


def _confirm(request, model_admin, batch, chosen):
    """Save each chosen text on its own: one that fails leaves the others saved and itself not at all."""
    for item, form in chosen:
        try:
            outcome = review.save(batch.data(item), item.name, form.cleaned_data, replacing=form.replacing(),
                                  user=request.user)
        except Exception:  # one file's failure (a full disk, a bug) must not cost the others
            log.exception("admin upload: could not save %s", item.name)
            messages.error(request, f"{item.name}：保存时出错，未保存。请稍后再试或联系管理员。")
            continue
        _report_outcome(request, model_admin, outcome)
    batch.discard()
    return HttpResponseRedirect(reverse("admin:reports_report_changelist"))


def _report_outcome(request, model_admin, outcome):
    report = outcome.report
    if outcome.status in ("ingested", "replaced"):
        held = "（暂缓发布）" if report.is_held else ""
        link = format_html('<a href="{}">{}</a>{}', reverse("admin:reports_report_change", args=[report.pk]),
                           f"报告 {report.pk}「{report}」", held)
        if outcome.status == "ingested":
            model_admin.log_addition(request, report, f"上传 {outcome.file}")
            messages.success(request, format_html("已保存 {}：{}", outcome.file, link))
        else:
            model_admin.log_change(request, report, f"用上传的 {outcome.file} 替换")
            messages.success(request, format_html("已用 {} 替换 {}", outcome.file, link))
    elif outcome.status == "duplicate":
        stored = f"报告 {report.pk}" if report else "另一篇报告"
        messages.warning(request, f"{outcome.file}：同一原始文件已存为{stored}，未重复保存。")
    else:
        messages.error(request, f"{outcome.file}：未保存，{review.explain_error(outcome.error or '')}")


def _prefix(item) -> str:
    return f"item{item.number}"


def _context(request, model_admin, title: str) -> dict:
    opts = model_admin.model._meta
    return {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "app_label": opts.app_label,
        "title": title,
        "has_view_permission": model_admin.has_view_permission(request),
    }
