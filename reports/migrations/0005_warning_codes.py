"""Stored warnings become `{"code": …, "message": …}`, the code read off the old English message.

The table below freezes the messages the parser and the import wrote before warnings had codes (the
admin's old WARNING_LABELS, made precise where one prefix covered two cases); a message it does not
know gets the code "legacy". Going back leaves the dicts as they are: every reader takes both shapes.
"""

from django.db import migrations

# First match wins: the longer prefix of two that share a start comes first.
PREFIX_CODES = [
    ("year unknown", "year.missing"),
    ("year: delivery date says", "year.conflict"),
    ("reviewed year: a five-year", "reviewed_year.five_years"),
    ("reviewed year", "reviewed_year.missing"),
    ("region unknown", "region.unresolved"),
    ("region ambiguous", "region.ambiguous"),
    ("body unknown", "body.unresolved"),
    ("speaker unknown", "speaker.missing"),
    ("session unknown", "session.missing"),
    ("term unknown", "term.missing"),
    ("term:", "term.conflict"),
    ("title not found", "title.missing"),
    ("traditional characters", "text.traditional"),
    ("incomplete: the text starts", "text.starts_missing"),
    ("incomplete", "text.ends_missing"),
    ("the text ends mid-sentence", "text.ends_mid_sentence"),
    ("short text", "text.short"),
    ("dropped", "text.trailing_dropped"),
    ("ignored", "date.reader_date_ignored"),
    ("publish date:", "date.publish_partial"),
    ("publish date", "year.conflict"),  # "publish date … disagrees with the report's headings"
    ("delivery date:", "date.year_less"),
    ("delivery date", "date.missing"),  # "delivery date 3月5日 has no year and no publish date"
]
SUPPLIED = "supplied by the person ingesting"
NOT_LOADED = "is not in the region table"


def warning_code(message: str) -> str:
    if message.endswith(SUPPLIED):  # "year 2024 supplied …", "region 浙江省… supplied …"
        return "year.supplied" if message.startswith("year ") else "region.supplied"
    if message.startswith("region ") and NOT_LOADED in message:
        return "region.not_loaded"
    if message.startswith("year ") and "from the publish date alone" in message:
        return "year.from_publish_stamp"
    return next((code for prefix, code in PREFIX_CODES if message.startswith(prefix)), "legacy")


def coded_warnings(warnings) -> list[dict]:
    """A stored warnings list with every bare string made a dict; dicts already there are kept."""
    return [
        item if isinstance(item, dict) else {"code": warning_code(str(item)), "message": str(item)}
        for item in warnings or []
    ]


def code_stored_warnings(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    for report in Report.objects.exclude(warnings=[]).only("id", "warnings").iterator(chunk_size=500):
        coded = coded_warnings(report.warnings)
        if coded != report.warnings:
            report.warnings = coded
            report.save(update_fields=["warnings"])


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0004_report_year_inferred"),
    ]

    operations = [
        migrations.RunPython(code_stored_warnings, migrations.RunPython.noop),
    ]
