"""The head of a report — title, delivery line, speaker — and where its body begins."""

import re
from dataclasses import dataclass

from reports.parsing.headings import SALUTATION, starts_like_heading
from reports.parsing.shape import DASHES

_SENTENCE = re.compile(r"[。！？!?]")
_REPORT_TITLE = re.compile(
    r"工作报告(?:[（(【\[](?:摘要|摘登|全文|节选|草案|书面)[)）】\]])?(?:摘要|摘登|全文)?$"
)
# The title's own prefix lines when it is broken over several lines.
_TITLE_WORDS = re.compile(r"会议|委员会|政协|人民代表大会|人大|人民政府|政府|法院|检察院|届|常务|常委会")
_ABSTRACT_LINE = re.compile(r"^[（(【\[]?(?:摘要|摘登|节选|全文)[)）】\]]?$")
_DELIVERY = re.compile(
    r"在.{0,80}?(?:会议|大会)(?:上|开幕)|^[—\-－–―]{1,3}\s*\d{4}\s*年.{0,20}在"
    # "（2024年1月10日 某县第十七届人民代表大会第三次会议）": a dated meeting line without 在.
    r"|^[（(—\-－–―\s]*(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日.{0,60}(?:次会议|大会)"
)
# Caption-like "金衍光作…工作报告" and headlines built on a verb ("听取审议政府工作报告") are not titles.
_NOT_A_TITLE = re.compile(
    r"^\S{2,4}(?:同志)?作(?!报告)|解读|审议|听取|热议|学习|图解|聚焦|通过|读懂|关键词|数说|亮点|看点"
)
_SPEAKER_TITLES = (
    r"副?主席|常务副主任|副?主任|委员长|(?:代理|代|常务副|副)?(?:省|市|县|区|州|旗|盟)长|副?院长|"
    r"(?:代理|代|副)?检察长|秘书长|副?书记|(?:行署|行政公署)?副?专员"
)
_SPEAKER = re.compile(
    # After an office a name may be longer: Mongolian and Tibetan names run to six or seven characters.
    rf"^(?P<office>.{{0,24}}?(?:{_SPEAKER_TITLES}))"
    rf"(?P<name>[\u4e00-\u9fff]{{2,7}}|[\u4e00-\u9fff]{{1,8}}(?:·[\u4e00-\u9fff]{{1,10}})+)$"
)
_BARE_NAME = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,10})+)$")
_NOT_A_NAME = re.compile(
    r"年|委员|代表|会议|报告|政协|政府|人大|工作|摘要|同志|全文|目录|正文|简介|来源|首页|附件|下载|阅读|"
    r"日报|晚报|时报|报社|新闻|网站|在线|频道|"
    r"各位|人民|中国|全省|全市|全县|全区|大会|讲话|决议|回顾|任务|发展|建设|改革"
)
# "某某同志在…会议上的报告", "龚正市长在…会议的政府工作报告": the speaker named in a headline.
_NAME_IN_HEADLINE = re.compile(
    rf"^(?P<name>[\u4e00-\u9fff]{{2,3}})(?:同志|{_SPEAKER_TITLES})在.{{2,60}}?(?:会议|大会)上?(?:所作)?的"
)
_SPEAKER_HEADLINE_TITLE = re.compile(
    rf"^[\u4e00-\u9fff]{{2,4}}(?:同志|{_SPEAKER_TITLES})在.{{2,60}}?(?:会议|大会)上的(?:工作)?报告$"
)
# "仲军代检察长在…会议上作工作报告": a news headline about a report, not its title or delivery line.
_NEWS_HEADLINE = re.compile(r"(?:会议|大会)上?(?:作|做)(?:了)?.{0,12}报告")
_BODY_WORD = re.compile(r"政协|政治协商会议|人民代表大会|人大常委会|人民政府|人民法院|人民检察院")
_PLACE_OR_TERM = re.compile(r"[省市县区州旗盟]|届")
# A date alone, in brackets or not, under the title or the speaker: "（2019年1月8日）".
_DATE_LINE = re.compile(r"^[（(【\[]?\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[)）】\]]?$")
_NOTE = re.compile(r"^[【\[]?(?:摘要|内容摘要|内容提要|提要|导读|编者按|编者的话)[】\]]?[:：]")
_MEETING_NAMED = re.compile(r"(?:会议|大会)(?:上|开幕)")
# "政协第十四届湛江市委员会第五次会议文件（之一）": a running header of the meeting's papers.
_DOCUMENT_HEADER = re.compile(r"文件(?:[（(]之.{1,3}[)）])?$|文件之.{1,3}$")
_MAX_HEAD_LINES = 12
# A bare line of two to four characters is a name only when it starts with a surname. The common
# single surnames (together they cover nearly every official) and the compound ones.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦"
    "戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻"
    "苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练"
    "廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿"
    "鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
_COMPOUND_SURNAMES = ("欧阳", "诸葛", "司马", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙",
                      "宇文", "司徒", "夏侯", "端木", "独孤", "南宫", "西门", "呼延", "万俟", "轩辕", "申屠")


@dataclass
class Head:
    title: str | None = None
    title_lines: tuple[int, ...] = ()
    # Other title lines of the head: a headline "2015年某区人大常委会工作报告" above the full title.
    other_titles: tuple[str, ...] = ()
    date_line: str | None = None  # a date alone on a line of the head
    delivery_line: str | None = None
    speaker: str | None = None
    speaker_line: str | None = None
    is_abstract: bool = False


def body_start(lines: list[str]) -> int:
    """Index of the first line of the report's body: a salutation, a heading or a sentence."""
    for index, line in enumerate(lines[:_MAX_HEAD_LINES]):
        is_body = SALUTATION.match(line) or _SENTENCE.search(line) or starts_like_heading(line)
        # A portal's "摘要：…" or an editor's note between the title and the delivery line.
        if is_body and not is_delivery_line(line) and not _NOTE.match(line):
            return index
    return min(len(lines), _MAX_HEAD_LINES)


def is_delivery_line(line: str) -> bool:
    return (
        bool(_DELIVERY.search(line))
        and "。" not in line
        and len(line) <= 120
        and not _NEWS_HEADLINE.search(line)
    )


def is_report_title(line: str) -> bool:
    """ "…常务委员会工作报告（摘要）", also letter-spaced, or "某某同志在…会议上的报告"; not a headline
    about a report."""
    compact = "".join(line.split())
    if _SPEAKER_HEADLINE_TITLE.match(compact):
        return True
    return (
        bool(_REPORT_TITLE.search(compact))
        and "工作报告" in compact
        and not _NOT_A_TITLE.search(compact)
        and not _NEWS_HEADLINE.search(compact)
    )


def read_head(head_lines: list[str]) -> Head:
    head = Head()
    title_end = next((i for i, line in enumerate(head_lines) if is_report_title(line)), None)
    if title_end is not None:
        start = title_end
        complete = _names_its_body("".join(head_lines[title_end].split()))
        while start > 0 and not complete and _is_title_prefix(head_lines[start - 1]):
            start -= 1
        indexes = list(range(start, title_end + 1))
        if title_end + 1 < len(head_lines) and _ABSTRACT_LINE.match(head_lines[title_end + 1]):
            indexes.append(title_end + 1)
        head.title = _join_title_lines(["".join(head_lines[i].split()) for i in indexes]).lstrip(DASHES)
        head.title_lines = tuple(indexes)
        head.other_titles = tuple(
            line for i, line in enumerate(head_lines) if i not in indexes and is_report_title(line)
        )
        head.is_abstract = "摘要" in head.title or "摘登" in head.title
    # A page may print a truncated copy of the delivery line first: the whole one wins.
    deliveries = [line for line in head_lines if is_delivery_line(line)]
    head.delivery_line = next((line for line in deliveries if _MEETING_NAMED.search(line)), None) or next(
        iter(deliveries), None
    )
    head.date_line = next((line for line in head_lines if _DATE_LINE.match("".join(line.split()))), None)
    _read_speaker(head_lines, head)
    return head


def _join_title_lines(parts: list[str]) -> str:
    """ "某县人民政府" + "政府工作报告" → "某县人民政府工作报告": a word at the seam is printed once."""
    title = parts[0]
    for part in parts[1:]:
        sizes = range(min(len(title), len(part)), 1, -1)
        overlap = next((size for size in sizes if title.endswith(part[:size])), 0)
        title += part[overlap:]
    return title


def _names_its_body(compact: str) -> bool:
    """ "政协宁安市第八届委员会…工作报告" names who reports; "政府工作报告", "工作报告" do not, and may
    continue a title line above them (a site's name above a complete title is not part of it)."""
    return bool(_BODY_WORD.search(compact)) and bool(_PLACE_OR_TERM.search(compact))


def _is_title_prefix(line: str) -> bool:
    compact = "".join(line.split())
    return (
        len(compact) <= 40
        and not _DOCUMENT_HEADER.search(compact)
        and bool(_TITLE_WORDS.search(compact))
        and not is_delivery_line(line)
        and not _SPEAKER.match(compact)
        and not re.search(r"\d{4}\s*年\s*\d", compact)
    )


def _read_speaker(head_lines: list[str], head: Head) -> None:
    for index, line in enumerate(head_lines):
        if index in head.title_lines or is_delivery_line(line):
            continue
        name = speaker_name(
            line,
            bare_allowed=_bare_name_may_stand(head_lines, index, head),
            surname_needed=not _is_speaker_slot(head_lines, index),
        )
        if name:
            head.speaker, head.speaker_line = name, line
            return
    for index in head.title_lines:
        found = _NAME_IN_HEADLINE.match("".join(head_lines[index].split()))
        if found and not _NOT_A_NAME.search(found["name"]):
            head.speaker, head.speaker_line = found["name"], head_lines[index]
            return


def _is_speaker_slot(head_lines: list[str], index: int) -> bool:
    """Right under the delivery line and last in the head (the salutation or body follows)."""
    return index == len(head_lines) - 1 and index > 0 and is_delivery_line(head_lines[index - 1])


def _bare_name_may_stand(head_lines: list[str], index: int, head: Head) -> bool:
    """A bare name is a speaker only where a speaker line stands: under the title or the delivery
    line, or right above the salutation; a letter-spaced name ("段  鸣") anywhere in the head."""
    if " " in head_lines[index]:
        return True
    before = head_lines[index - 1] if index > 0 else ""
    after = head_lines[index + 1] if index + 1 < len(head_lines) else ""
    return (
        index - 1 in head.title_lines
        or bool(before) and is_delivery_line(before)
        or bool(SALUTATION.match(after))
        or bool(after) and is_delivery_line(after)
        or index == len(head_lines) - 1  # the head ends where the salutation or the body begins
    )


def speaker_name(line: str, *, bare_allowed: bool, surname_needed: bool = True) -> str | None:
    """ "市政协主席 陈长锋" → 陈长锋; "段  鸣" → 段鸣 (a bare name only where a speaker line may stand).

    A bare name needs a surname unless it stands exactly where the speaker line stands, between the
    delivery line and the salutation: Tibetan and Mongolian names (才让东珠, 巴图孟和) have none.
    """
    compact = "".join(line.split()).strip("()（）")
    found = _SPEAKER.match(compact)
    if found and not _NOT_A_NAME.search(found["name"]):
        return found["name"]
    bare = bare_allowed and _BARE_NAME.match(compact) and not _NOT_A_NAME.search(compact)
    if bare and not starts_like_heading(compact) and (_starts_with_surname(compact) or not surname_needed):
        return compact
    return None


def _starts_with_surname(name: str) -> bool:
    """Han names start with a surname; a transliterated name ("买买提·艾力") is taken as it is."""
    return "·" in name or name[0] in _SURNAMES or name.startswith(_COMPOUND_SURNAMES)
