"""The only exceptions the parser raises; each carries a message a person can act on."""


class ParseError(Exception):
    """Base of every parser error; `str(error)` is the human message."""


class EmptyInputError(ParseError):
    """Nothing but whitespace."""


class BinaryInputError(ParseError):
    """An image, PDF, archive or other binary file handed over as text."""


class UndecodableError(ParseError):
    """Bytes that are no supported text encoding (UTF-8, GB18030/GBK, UTF-16)."""


class NotAReportError(ParseError):
    """Text, but not a work report: news, a resolution, an agenda, a speech …

    `code` names the kind ("not_report.news", "not_report.resolution" …) for code and labels to match on.
    """

    def __init__(self, message: str, code: str = "not_report") -> None:
        super().__init__(message)
        self.code = code
