"""What the domain refuses, for the API to translate into problems."""


class IllegalTransitionError(Exception):
    """The object is not in a state that allows this action (a 409)."""

    def __init__(self, action: str, current_status: str) -> None:
        super().__init__(f"cannot {action} while {current_status}")
        self.action = action
        self.current_status = current_status


class BusinessRuleError(Exception):
    """The request breaks a business rule (a 422 with `rule`)."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
