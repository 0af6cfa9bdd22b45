"""HTML pages: visible text only, paragraph breaks kept, chrome and markup gone."""

from reports.parsing import parse_bytes
from reports.parsing.html import html_to_text, looks_like_html

PAGE = (
    "<!DOCTYPE html><html><head><title>标题</title><style>p{}</style></head><body>"
    "<nav>首页 &gt; 新闻</nav><script>var x = '<p>脚本</p>';</script>"
    "<div><h1>某县人民政府工作报告</h1><p>各位代表：</p>"
    "<p>我代表县人民政府，<b>向大会</b>报告工作，请予审议。</p></div><footer>版权所有</footer></body></html>"
)


def test_it_recognises_a_saved_page():
    assert looks_like_html(PAGE)
    assert not looks_like_html("各位委员：我代表常委会报告工作。<p>只提到一次标签")


def test_it_keeps_paragraph_breaks_and_joins_inline_markup():
    assert (
        html_to_text(PAGE)
        == "某县人民政府工作报告\n\n各位代表：\n\n我代表县人民政府，向大会报告工作，请予审议。"
    )


def test_a_gbk_html_page_parses_without_markup():
    parsed = parse_bytes(PAGE.replace("<head>", '<head><meta charset="gbk">').encode("gbk"))
    assert parsed.title == "某县人民政府工作报告"
    assert "<" not in parsed.text and "脚本" not in parsed.text and "版权" not in parsed.text
