"""The one error the domain raises: a rule forbids what was asked (an HTTP 409)."""


class RuleError(Exception):
    """`slug` names the problem type; the message says why."""

    def __init__(self, slug: str, message: str, current_status: str | None = None) -> None:
        super().__init__(message)
        self.slug = slug
        self.current_status = current_status
