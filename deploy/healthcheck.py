"""Container health check: exit 0 when the service's /livez answers 200.

Used by deploy/Dockerfile and docker-compose.yml (the slim image has no curl). Reads
ORDERFLOW_SERVICE and PORT; asks `/<service>/livez` first (the service's routes live under
its path prefix) and then a bare `/livez`.
"""

import os
import sys
import urllib.request


def main() -> int:
    port = os.environ.get("PORT", "8000")
    service = os.environ.get("ORDERFLOW_SERVICE", "")
    paths = [f"/{service}/livez", "/livez"] if service else ["/livez"]
    for path in paths:
        url = f"http://127.0.0.1:{port}{path}"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return 0
        except OSError:
            continue
    return 1


if __name__ == "__main__":
    sys.exit(main())
