"""Small report texts for unit tests: a head and a body that classify as a report."""

BODY = (
    "各位委员：\n"
    "我代表常务委员会，向大会报告工作，请予审议。\n"
    "一、坚持党的领导\n"
    "一年来，常委会坚持把党的领导贯穿政协工作全过程。\n"
    "二、服务中心大局\n"
    "常委会围绕中心工作开展协商议政，提出意见建议一百余条。\n"
)


def report(*head: str, body: str = BODY) -> str:
    return "\n".join(head) + "\n" + body


def codes(parsed) -> set[str]:
    """The warning codes of a ParsedReport (or of a Cleaned text)."""
    return {warning.code for warning in parsed.warnings}
