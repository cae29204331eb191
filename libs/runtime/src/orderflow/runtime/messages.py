"""What travels on a bus: bytes with a key and headers, the same for Kafka and the embedded bus."""

from __future__ import annotations

from dataclasses import dataclass, field

Headers = tuple[tuple[str, bytes], ...]


@dataclass(frozen=True)
class Message:
    """One record on a topic; `partition` and `offset` are set by the bus that delivered it."""

    topic: str
    key: str | None
    value: bytes
    headers: Headers = field(default_factory=tuple)
    partition: int = 0
    offset: int = -1

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key == name:
                return value.decode()
        return None
