"""E-paper and portal furniture: recognise a line of it, and read what it says before it is dropped.

A chrome line never holds a sentence of the report (it has no "。"), so a rule here
can only ever drop banners, bylines, buttons and breadcrumbs.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from reports.parsing.dates import full_date, month_day

_FIELD_NAMES = (
    "来源|信息来源|文章来源|稿源|发布时间|发布日期|发表时间|更新时间|时间|日期|浏览次数|浏览量|点击数|点击量|"
    "阅读次数|阅读量|访问量|作者|编辑|责任编辑|责编|审核|审校|校对|编审|字号|字体|版面|当前报纸名称|报纸名称|"
    "当前位置|您的位置|你的位置|您现在的位置|所在位置|位置|录入|发布者|发布人|供稿|撰稿|摄影|期数|版次|"
    "抓取时间|采集时间|爬取时间|下载时间|访问时间|保存时间|原文链接|原文地址|链接|网址|URL|url|"
    "信息索引号|索引号|文号|发文字号|发文机关|发布机构|发布单位|成文日期|生成日期|主题分类|公开方式|公开范围|"
    "分类|标签|关键词|关键字|阅读|浏览|查看人数|人气|评论|责任人|信息类别|所属机构|标题|名称"
)
# "来源：温州日报  发布时间：2024-01-29  浏览次数：321" — one or more name: value pairs.
_FIELD = re.compile(rf"(?:^|[\s【\[|丨])(?P<name>{_FIELD_NAMES})\s*[:：]\s*(?P<value>[^\s【】\[\]|丨]*)")
_FIELD_LINE = re.compile(rf"^[【\[]?(?:{_FIELD_NAMES})\s*[:：]")
_BREADCRUMB = re.compile(
    r"(?:首页|主页|网站首页|当前位置)\s*(?:[>›»＞→/]|&gt;)|^(?:当前位置|您的位置|你的位置|您现在的位置)[:：]?$"
)
# "通州区政协 > 第七届五次会议 > 大会文件": short names joined by arrows.
_BREADCRUMB_CHAIN = re.compile(r"^[^。，,>›»＞→]{1,30}(?:\s*(?:>|›|»|＞|→|&gt;)\s*[^。，,>›»＞→]{0,30}){2,}$")
# "首页 人大简介 法规制度 代表议案建议 …": a menu, four or more words in a row with nothing else.
_MENU = re.compile(r"^[\u4e00-\u9fff]{2,8}(?:(?:\s*[|｜丨]\s*|\s+)[\u4e00-\u9fff]{2,8}){3,}$")
# Buttons and banners that make up a whole line, alone or several in a row.
_BUTTON_WORDS = re.compile(
    r"电子报阅读机|电子报|数字报|电子版|报纸阅读|往期回顾|往期查阅|返回主页|返回首页|返回目录|返回顶部|返回|"
    r"版面导航|标题导航|本版标题|上一版|下一版|上一期|下一期|上一篇|下一篇|PDF下载|PDF|放大|缩小|默认|朗读|"
    r"查看原图|打印本页|打印|关闭窗口|关闭|分享到|分享|收藏|扫一扫|二维码|微信|微博|朋友圈|QQ空间|QQ|"
    r"字体|字号|[大中小]|[【】\[\]()（）|丨:：>›»＞·•\s]"
)
# "新闻频道 2008-01-21 17:47:05 来源：福建日报", "Jie Fang Ri Bao·2026-02-09 01:28": a dated stamp.
_TIMESTAMP = re.compile(
    r"(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}\s*\d{1,2}:\d{2}|\d{1,2}\.\d{1,2}\.(?:19|20)\d{2}\s+\d{1,2}:\d{2}"
)
_MAX_STAMP_CHARS = 80
_REPORT_WORDS = re.compile(r"工作报告|会议上|各位代表|各位委员")
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$")
_WEEKDAY_LINE = re.compile(r"^星期[一二三四五六日天]$")
_BARE_DATE = re.compile(
    r"^\d{4}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
    r"(?:\s*星期[一二三四五六日天])?$"
)
_PAGE = re.compile(r"(?<![上下转接])第?\s*(?P<page>[A-Za-z]?\d{1,3})\s*版")
_PAGE_LINE = re.compile(r"^第?\s*[A-Za-z]?\d{1,3}\s*版(?:\s*[:：]?\s*\S{0,8})?$")
# Page furniture of a PDF or Word file: "— 3 —", "-12-", "第 5 页 共 30 页", a table of contents
# ("目录", "一、2023年工作回顾……1").
_DOCUMENT_PAGE = re.compile(
    r"^[—\-－–─\s]*\d{1,3}[—\-－–─\s]*$|^第\s*\d{1,4}\s*页\s*[,，/]?\s*(?:共\s*\d{1,4}\s*页)?$"
    r"|^目\s*录$|^.{2,60}?(?:[.…·・]{3,}|…{2,})\s*\d{1,3}$"
)
# Photo captions and bylines: "金衍光作区政协常委会工作报告", "本报记者 张三 摄".
_CAPTION = re.compile(
    r"^\S{2,4}(?:同志)?作\S{0,20}工作报告$|^(?:本报)?(?:记者|通讯员).{0,20}摄?$|^.{0,30}\s摄$"
)
_READER_BANNER = re.compile(r"阅读机|数字报|电子报|电子版|报纸名称")
# "绵阳日报数字报", "某某日报电子版": the banner names the paper.
_PAPER_IN_BANNER = re.compile(r"^(?P<paper>\S{2,12}?(?:日报|晚报|报|时报))(?:数字报|电子报|电子版)\S{0,6}$")
# Site footers: "主办单位：…", "版权所有", "赣ICP备05004143号", "网站标识码…", "技术支持：…".
_FOOTER = re.compile(
    r"^(?:主办单位|承办单位|主办|承办|技术支持|网站标识码|联系电话|联系我们|网站地图)\s*[:：]?"
    r"|版权所有|ICP备|ICP证|公网安备|Copyright|©"
)
# Paywall and truncation lines of document-sharing sites: the page shows only part of the text.
_PAYWALL = re.compile(
    r"免费预览|预览已结束|下载后查看|查看全文|阅读全文|展开全文|继续阅读|剩余\S{0,6}未读|还剩\S{0,6}页|"
    r"可免费阅读|付费|下载文档|文档简介|简介[:：]$|点击下载|\.(?:docx?|pdf|wps)\b"
)
# A portal's breadcrumb or stamp naming the meeting: "某区政协第七届五次会议 > 大会文件".
_MEETING_IN_CHROME = re.compile(
    r"第?([一二三四五六七八九十\d]{1,3})届\s*(?:委员会)?\s*第?([一二三四五六七八九十\d]{1,2})次会议"
)
_BREADCRUMB_LIKE = re.compile(r"[>›»＞→/]|&gt;|当前位置|您的位置")
# "岳阳日报" alone on a line: the masthead of an e-paper page.
_MASTHEAD = re.compile(r"^(?P<paper>[\u4e00-\u9fff]{2,10}(?:日报|晚报|时报|都市报))$")
# "桂林日报 2015年1月20日 星期二 第03版:两会特刊": masthead, issue date and page on one line.
_MASTHEAD_LINE = re.compile(
    r"^(?P<paper>[\u4e00-\u9fff]{2,10}(?:日报|晚报|时报|都市报))\s+(?:19|20)\d{2}\s*年[^。]{0,40}$"
)
_MAX_CHROME_CHARS = 120


@dataclass
class PageInfo:
    """What the furniture said about the page."""

    newspaper: str | None = None
    page: str | None = None
    published_on: date | None = None
    published_month_day: tuple[int, int] | None = None
    reader_dates: list[date] = field(default_factory=list)
    author: str | None = None  # "作者：政协主席 某某": the value of an author field
    meeting: tuple[str, str] | None = None  # (届, 次) named by a breadcrumb, as written
    truncated: bool = False


def is_chrome(line: str, *, in_reader: bool) -> bool:
    """True for a line of page furniture; `in_reader` when an e-paper reader banner was seen."""
    if "。" in line or len(line) > _MAX_CHROME_CHARS:
        return False
    return bool(
        _FIELD_LINE.match(line)
        or _FIELD_LINE.match("".join(line.split()))  # "索 引 号：", "标　　题：" letter-spaced
        or _BREADCRUMB.search(line)
        or _BREADCRUMB_CHAIN.match(line)
        or _MENU.match(line)
        or not _BUTTON_WORDS.sub("", line)
        or _URL_LINE.match(line)
        or _WEEKDAY_LINE.match(line)
        or _BARE_DATE.match(line)
        or _PAGE_LINE.match(line)
        or _DOCUMENT_PAGE.match(line)
        or _CAPTION.match(line)
        or _FOOTER.search(line)
        or _PAPER_IN_BANNER.match(line)
        or _PAYWALL.search(line)
        or _MASTHEAD.match(line)
        or _MASTHEAD_LINE.match(line)
        or (_TIMESTAMP.search(line) and len(line) <= _MAX_STAMP_CHARS and not _REPORT_WORDS.search(line))
    )


def is_reader_banner(line: str) -> bool:
    return bool(_READER_BANNER.search(line)) and len(line) <= 40 and "。" not in line


def read_chrome(line: str, info: PageInfo, *, in_reader: bool, at_top: bool = True) -> None:
    """Fill `info` from one chrome line; `at_top` for the lines above the report."""
    if _BARE_DATE.match(line):
        day = full_date(line)
        # An e-paper reader prints the day of reading on every page, a masthead the issue date;
        # an unlabelled date below the report is a crawl or save stamp.
        if day and in_reader:
            info.reader_dates.append(day)
        elif day and at_top and info.published_on is None:
            info.published_on = day
        return
    if _PAYWALL.search(line):
        info.truncated = True
        return
    if re.search(r"抓取|采集|爬取|下载|访问|保存", line):
        return  # a crawl stamp is not a publish date
    meeting = _MEETING_IN_CHROME.search(line)
    if meeting and _BREADCRUMB_LIKE.search(line) and info.meeting is None and "工作报告" not in line:
        info.meeting = (meeting.group(1), meeting.group(2))
    banner = _PAPER_IN_BANNER.match(line) or _MASTHEAD.match(line) or _MASTHEAD_LINE.match(line)
    if _MASTHEAD_LINE.match(line) and at_top and not in_reader and info.published_on is None:
        info.published_on = full_date(line)
    if banner and info.newspaper is None:
        info.newspaper = banner["paper"]
    for found in _FIELD.finditer(line):
        _read_field(found.group("name"), found.group("value"), line, info)
    if info.published_on is None and at_top and not in_reader and _TIMESTAMP.search(line):
        info.published_on = full_date(line)  # an unlabelled "2008-01-21 17:47:05" above the report
    page = _PAGE.search(line)
    if page and info.page is None and (_PAGE_LINE.match(line) or "版面" in line):
        info.page = f"第{page.group('page').upper()}版"


def _read_field(name: str, value: str, line: str, info: PageInfo) -> None:
    if name == "作者" and info.author is None:
        info.author = line[line.find(name) + len(name) :].lstrip(":： ").strip()
    elif name in ("当前报纸名称", "报纸名称", "来源", "信息来源", "文章来源", "稿源") and value:
        if info.newspaper is None and not full_date(value):
            info.newspaper = value
    elif name in ("发布时间", "发布日期", "发表时间", "日期", "时间") and info.published_on is None:
        rest = line[line.find(name) :]
        day = full_date(rest)
        if day:
            info.published_on = day
        elif month_day(rest) and info.published_month_day is None:
            info.published_month_day = month_day(rest)
