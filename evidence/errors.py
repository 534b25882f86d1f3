"""Domain errors: one style. Each carries a Thai message and, where it concerns one, the field."""

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str
    label: str = ""

    def __str__(self) -> str:
        name = self.label or self.field
        return f"{name}: {self.message}" if name else self.message


class DomainError(Exception):
    """Base of every error a user may see; `str()` is Thai."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationFailed(DomainError):
    """Input that breaks a rule of the data; nothing was stored."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        text = "ข้อมูลไม่ถูกต้อง: " + "; ".join(str(p) for p in problems)
        super().__init__(text, field=problems[0].field if problems else "")


class NotFound(DomainError):
    """A record, enterprise, unit or year that does not exist (or not in this enterprise)."""


class PermissionDenied(DomainError):
    """The actor's role or scope does not allow this; nothing was changed."""


class StaleVersion(DomainError):
    """Someone saved the record after the user opened it; carries both versions to show."""

    def __init__(self, message: str, *, theirs: dict[str, object], mine: dict[str, object]) -> None:
        super().__init__(message)
        self.theirs = theirs
        self.mine = mine


class AuthenticationFailed(DomainError):
    """Wrong user name or password, a locked account, or an expired session."""
