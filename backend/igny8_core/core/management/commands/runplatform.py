"""``make run``: migrate, seed, then run the API server, a Celery worker and Celery beat together.

One Ctrl-C (SIGINT) or SIGTERM stops all of them cleanly. Running it again reuses the
database and data dir. Production runs the same pieces as separate processes instead
(see README, "Production").
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from igny8_core.core.seeding import demo_account_seed, reference_data_seed


class Command(BaseCommand):
    help = "Run the whole platform in one command: API server + Celery worker + Celery beat."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        reference_data_seed()
        demo = demo_account_seed() if settings.IGNY8_SEED_DEMO else None

        backend_dir = str(settings.BASE_DIR)
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        address = f"{options['host']}:{options['port']}"
        commands = {
            "web": [
                sys.executable,
                "-m",
                "gunicorn",
                "igny8_core.wsgi:application",
                "--bind",
                address,
                "--workers",
                str(options["workers"]),
                "--timeout",
                "120",
                "--access-logfile",
                "-",
            ],
            "worker": [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "igny8_core",
                "worker",
                "--beat",
                "--loglevel",
                "INFO",
                "--concurrency",
                os.environ.get("CELERY_CONCURRENCY", "2"),
                "--without-gossip",
                "--without-mingle",
            ],
        }
        procs: dict[str, subprocess.Popen[bytes]] = {}
        stopping = False

        def stop(signum: int, _frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        for name, cmd in commands.items():
            # Own process group: a terminal Ctrl-C reaches only us, and we stop the children in order.
            procs[name] = subprocess.Popen(cmd, cwd=backend_dir, env=env, start_new_session=True)

        shown_host = "localhost" if options["host"] in ("127.0.0.1", "0.0.0.0") else options["host"]
        url = f"http://{shown_host}:{options['port']}"
        self.stdout.write(self.style.SUCCESS("\nIGNY8 is starting."))
        self.stdout.write(f"  API:        {url}/api/v1/")
        self.stdout.write(f"  API docs:   {url}/api/docs/")
        self.stdout.write(f"  Health:     {url}/api/v1/system/health/")
        self.stdout.write(f"  Data dir:   {settings.DATA_DIR}")
        if demo:
            self.stdout.write(self.style.SUCCESS(f"  Demo login: {demo['email']} / {demo['password']}"))
        self.stdout.write("  Press Ctrl-C to stop.\n")

        exit_code = 0
        try:
            while not stopping:
                for name, proc in procs.items():
                    if proc.poll() is not None:
                        self.stderr.write(f"{name} exited with code {proc.returncode}; stopping everything.")
                        exit_code = proc.returncode or 1
                        stopping = True
                        break
                time.sleep(0.5)
        finally:
            self.stdout.write("Stopping IGNY8…")
            for proc in procs.values():
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 20
            for proc in procs.values():
                try:
                    proc.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
            self.stdout.write("Stopped.")
        if exit_code:
            sys.exit(exit_code)
