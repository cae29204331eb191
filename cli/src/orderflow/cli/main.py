"""The orderflow command."""


def main() -> None:
    """Entry point (filled in below)."""
