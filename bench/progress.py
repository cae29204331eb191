"""A rich progress bar shared by the phases: one task per phase, ticked by the work."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as RichProgress


class Progress:
    def __init__(self, console: Console) -> None:
        self.console = console
        self._bar = RichProgress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        )

    def __enter__(self) -> Progress:
        self._bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._bar.stop()

    def task(self, description: str, total: float | None) -> Callable[[int], None]:
        """A new line on the bar; the returned function advances it."""
        task_id = self._bar.add_task(description, total=total)

        def tick(n: int = 1) -> None:
            self._bar.advance(task_id, n)

        return tick

    def note(self, text: str) -> None:
        self.console.log(text)
