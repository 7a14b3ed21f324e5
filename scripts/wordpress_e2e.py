"""Run a command next to a real, stock WordPress (for the browser e2e tests).

    .venv/bin/python scripts/wordpress_e2e.py -- node --test e2e/

Starts WordPress exactly as the pytest fixture does (``backend/tests/wordpress_peer.py``: Debian's
WordPress on ``php -S 127.0.0.1:<free port>``, a fresh MariaDB database, installed through its own
install form, an administrator with an application password), runs the command with

    E2E_WP_URL            http://127.0.0.1:<port>
    E2E_WP_USERNAME       the administrator's login
    E2E_WP_APP_PASSWORD   an application password of that user (REST API, Basic auth)

in its environment, then stops WordPress and drops its database (its watchdog does that even when this
process is killed). Exits with the command's exit status. The IGNY8 platform under test needs
``IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS=1`` to reach a WordPress on 127.0.0.1 (scripts/e2e.sh sets it).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import types
from pathlib import Path
from typing import Any

BACKEND = Path(__file__).resolve().parents[1] / "backend"


def _import_peer() -> Any:
    """The harness module; it imports pytest only for its fixtures, so a runtime-only venv gets a stub."""
    sys.path.insert(0, str(BACKEND))
    try:
        import pytest  # noqa: F401
    except ImportError:
        stub = types.ModuleType("pytest")

        def fixture(*args: Any, **kwargs: Any) -> Any:
            if args and callable(args[0]):
                return args[0]
            return lambda function: function

        stub.fixture = fixture  # type: ignore[attr-defined]
        sys.modules["pytest"] = stub
    from tests import wordpress_peer

    return wordpress_peer


def _stop_on_signal(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1 :] if "--" in argv else argv
    if not command:
        print("usage: wordpress_e2e.py -- <command> [args...]", file=sys.stderr)
        return 2
    peer_module = _import_peer()
    signal.signal(signal.SIGTERM, _stop_on_signal)
    session = peer_module._Session()
    started = time.monotonic()
    try:
        try:
            peer = session.start()
        except Exception as exc:  # a clear message instead of a traceback: the command never ran
            log = session.server_log()
            print(
                f"wordpress_e2e: could not start WordPress: {exc}"
                + (f"\nphp -S log:\n{log}" if log else "")
                + "\n(run `bash scripts/wordpress.sh` as root to install WordPress, PHP and MariaDB)",
                file=sys.stderr,
            )
            return 1
        print(f"wordpress_e2e: WordPress at {peer.base_url} ({time.monotonic() - started:.1f}s)", file=sys.stderr)
        env = {
            **os.environ,
            "E2E_WP_URL": peer.base_url,
            "E2E_WP_USERNAME": peer.username,
            "E2E_WP_APP_PASSWORD": peer.application_password,
        }
        peer.close()
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 130
    finally:
        session.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
