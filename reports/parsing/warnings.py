"""Parser warnings: a stable code that code and tests match on, and a sentence people read.

Every field the parser leaves empty or infers carries one, so nothing is a silent guess. The codes
are the contract (JSON `{"code": …, "message": …}`, the admin's labels, the review filters); the
messages may be reworded at will.
"""

from dataclasses import dataclass
from typing import Any

# Code → what an editor reads first, in Chinese. A code missing here shows its message alone.
LABELS: dict[str, str] = {
    "text.traditional": "繁体字已转为简体后解析（原文保留）",
    "text.abstract": "这是摘要，不是全文",
    "text.reprint": "转载或聚合网站的副本",
    "text.short": "文本很短，可能只是片段",
    "text.starts_missing": "文本不完整：开头在另一版",
    "text.ends_missing": "文本不完整：下文在另一版",
    "text.ends_mid_sentence": "文本在句中结束，可能缺版面",
    "text.truncated": "网页只登了部分正文",
    "text.trailing_dropped": "删去了报告之后的零散文字",
    "title.missing": "没有找到标题",
    "speaker.missing": "没有找到报告人",
    "body.unresolved": "未能确定报告机关，请选择",
    "term.missing": "没有找到第几届",
    "term.conflict": "届次前后不一致",
    "term.from_committee": "届次取自报告机关，不是会议",
    "session.missing": "没有找到第几次会议",
    "session.from_page": "第几次会议取自网页导航",
    "region.unresolved": "未能确定地区，请选择",
    "region.ambiguous": "地区有歧义，请核对",
    "region.redacted": "地名被隐去，请填写",
    "region.former_name": "报告用的是旧地名，已对应到今天的区划",
    "region.from_newspaper": "地区由报纸名称推出",
    "region.supplied": "地区由编辑填写",
    "region.not_loaded": "地区不在地区表中",
    "date.missing": "没有找到报告日期",
    "date.year_less": "报告日期没有年份，年份由网页日期推出",
    "date.from_dispatch": "日期由新闻电头推出",
    "date.reader_date_ignored": "忽略了电子报阅读器显示的浏览日期",
    "date.publish_partial": "刊发日期不完整",
    "year.from_title": "年份取自标题",
    "year.from_publish_stamp": "年份取自网页的发布日期",
    "year.inferred": "年份由回顾年份推定（推定）",
    "year.missing": "未能确定年份，请填写",
    "year.conflict": "日期与小标题的年份不一致",
    "year.supplied": "年份由编辑填写",
    "reviewed_year.five_years": "五年报告，回顾整届工作",
    "reviewed_year.missing": "回顾年份不确定",
}


@dataclass(frozen=True)
class ParseWarning:
    code: str
    message: str

    @property
    def label(self) -> str:
        return LABELS.get(self.code, "")

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}

    @classmethod
    def from_dict(cls, item: Any) -> "ParseWarning":
        """From the stored JSON; a bare string (records written before codes existed) has code "legacy"."""
        if isinstance(item, dict):
            return cls(str(item.get("code") or "legacy"), str(item.get("message") or ""))
        return cls("legacy", str(item))
