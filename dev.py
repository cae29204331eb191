#!/usr/bin/env python3
"""OrderFlow's two quick-start commands on a machine with only Python 3.11+.

    python3 dev.py up      # all seven services embedded on http://127.0.0.1:8000/
    python3 dev.py test    # the test suite

It installs uv into `.cache/uv` when it is not on PATH, then lets `uv run` create the
environment from `uv.lock`. Extra arguments go to `orderflow up` or to pytest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
TOOLS = ROOT / ".cache" / "uv"


def uv() -> str:
    found = shutil.which("uv")
    if found:
        return found
    local = TOOLS / "bin" / "uv"
    if not local.exists():
        print("dev.py: installing uv into .cache/uv …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(TOOLS)], check=True)
        subprocess.run(
            [str(TOOLS / "bin" / "python"), "-m", "pip", "install", "-q", "uv"], check=True
        )
    return str(local)


def main() -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older python3
        sys.exit("OrderFlow needs Python 3.11 or newer")
    commands = {"up": ["orderflow", "up"], "test": ["pytest"]}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(f"usage: python3 dev.py {{{'|'.join(commands)}}} [args…]")
    argv = [uv(), "run", "--frozen", *commands[sys.argv[1]], *sys.argv[2:]]
    os.chdir(ROOT)
    return _run(argv)


def _run(argv: list[str]) -> int:
    """The child's exit status. A Ctrl-C reaches the child too (same process group), which
    shuts down cleanly; this wrapper only waits for it instead of printing a traceback."""
    child = subprocess.Popen(argv)
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:
            continue


if __name__ == "__main__":
    sys.exit(main())
