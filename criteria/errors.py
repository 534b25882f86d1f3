"""The one error a criteria file raises: every problem found, each naming its path inside the file."""


class CriteriaError(ValueError):
    """A criteria file or edit that is refused; `problems` are Thai, e.g.
    "parts[1].topics[4].subtopics[2].levels[0].items[1].rule.id: ไม่รู้จักกฎ 'C99'"."""

    def __init__(self, problems: list[str], *, source: str = "") -> None:
        self.problems = list(problems)
        self.source = source
        self.field = problems[0].split(": ", 1)[0] if problems else ""
        where = f" ({source})" if source else ""
        self.message = f"เกณฑ์ไม่ถูกต้อง{where}: " + "; ".join(self.problems)
        super().__init__(self.message)
