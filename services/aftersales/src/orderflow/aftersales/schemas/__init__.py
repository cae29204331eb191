"""HTTP models of the aftersales API (never event contracts)."""

from pydantic import BaseModel, ConfigDict


class Input(BaseModel):
    """A request body: an unknown field is an error."""

    model_config = ConfigDict(extra="forbid")


class Public(BaseModel):
    """A response body, read from the domain's records."""

    model_config = ConfigDict(from_attributes=True)
