"""Driving the upload pages as a browser would: post files, read the preview, post its forms back."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

UPLOAD_URL = "/admin/reports/report/upload/"
CHANGELIST_URL = "/admin/reports/report/"

KECHENG = "002_efa49a0a5d5d5787.txt"
YUYAO = "004_4526f7b01d67e9ca.txt"
WENLING = "001_fc35c23ccbbbedf1.txt"  # no year in the text

NEWS_ITEM = (
    "本报讯 1月26日，政协第五届衢州市柯城区委员会第三次会议开幕。区政协主席叶美峰代表区政协常委会"
    "向大会作工作报告。会议听取和审议了区政协常委会工作报告和提案工作情况报告。记者 张三\n"
).encode()
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
UNDECODABLE = bytes(range(128, 256)) * 40


def upload_file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(client, files=(), pasted_text=""):
    """Post an upload; returns the preview page (after the redirect)."""
    data = {"files": [upload_file(name, content) for name, content in files], "pasted_text": pasted_text}
    response = client.post(UPLOAD_URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"]), response["Location"]


def entries_by_name(preview_response) -> dict:
    return {entry["preview"].name: entry for entry in preview_response.context["entries"]}


def form_data(preview_response, changes: dict[str, dict] | None = None, skip=()) -> dict:
    """The preview's forms as the browser would post them untouched, with `changes` by file name."""
    changes = changes or {}
    data = {}
    for entry in preview_response.context["entries"]:
        form = entry["form"]
        if form is None or entry["preview"].name in skip:
            continue
        values = {name: form[name].value() for name in form.fields}
        values.update(changes.get(entry["preview"].name, {}))
        for name, value in values.items():
            if value is None or value is False:
                continue
            data[f"{form.prefix}-{name}"] = "on" if value is True else str(value)
    return data


def confirm(client, preview_url, preview_response, changes=None, skip=()):
    return client.post(preview_url, form_data(preview_response, changes, skip))


def _put(data: dict, key: str, value) -> None:
    if value is True:
        data[key] = "on"
    elif value is not None and value is not False:
        data[key] = str(value)


def change_form_data(response) -> dict:
    """The admin change page's form and inline formsets as the browser would post them untouched."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        _put(data, name, form[name].value())
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            _put(data, f"{management.prefix}-{name}", management[name].value())
        for inline_form in formset.forms:
            for name in inline_form.fields:
                _put(data, f"{inline_form.prefix}-{name}", inline_form[name].value())
    return data
