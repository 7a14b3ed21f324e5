"""A real, stock WordPress for the publishing tests (no plugin, nothing faked).

``wordpress`` (session-scoped) gives a :class:`WordPressPeer`: Debian's WordPress served by
``php -S 127.0.0.1:<free port>`` on a fresh MariaDB database, installed through its own install form,
with an administrator and an application password. ``wordpress_site`` (per test) is the same peer with
``IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS=1`` set for that test only, so adapters may reach 127.0.0.1 while
the SSRF tests elsewhere still see the default.

How several sessions (other worktrees, CI on SQLite then PostgreSQL) share one machine: Debian's
``/usr/share/wordpress/wp-config.php`` loads ``/etc/wordpress/config-<Host header>.php``, which for
``php -S 127.0.0.1:PORT`` is always ``config-127.0.0.1.php``. ``scripts/wordpress.sh`` writes that file so
it reads the database name (and content directory) from the environment of the PHP process
(``IGNY8_WP_DB_NAME``, ``IGNY8_WP_CONTENT_DIR``). Each session starts its own ``php -S`` with its own
database ``igny8_wp_<host>_<pid>_<random>`` and its own ``wp-content`` (uploads) in a temporary directory, and
drops both at the end. ``php -S`` runs 4 workers in its own process group, and the whole group is ended;
a small watchdog process does that cleanup even when pytest is killed (it waits for EOF on a pipe from the
test process). Databases of sessions whose pid is gone are dropped at the next start too. A small router
script serves ``/wp-content/uploads/`` from the session's directory.

Setup fails the tests with a clear message (never skips) when WordPress cannot be set up: run
``scripts/wordpress.sh`` (as root once) to install the Debian packages and start MariaDB.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SETUP_SCRIPT = REPO_ROOT / "scripts" / "wordpress.sh"
WP_ROOT = Path("/usr/share/wordpress")
SHARED_CONTENT = Path("/var/lib/wordpress/wp-content")
CONFIG_FILE = Path("/etc/wordpress/config-127.0.0.1.php")
DB_PREFIX = "igny8_wp_"
# Databases are named igny8_wp_<host>_<pid>_<random>: only this machine's (pid namespace's) are cleaned up.
HOST_TAG = hashlib.sha1(socket.gethostname().encode()).hexdigest()[:6]
ADMIN_USER = "igny8admin"
ADMIN_EMAIL = "admin@example.com"

ROUTER_PHP = r"""<?php
// php -S router: /wp-content/uploads/ comes from this session's content directory; everything else is
// WordPress as usual (returning false lets the built-in server run the PHP file or fall back to index.php).
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if (is_string($path) && strpos($path, '/wp-content/uploads/') === 0) {
    $content = getenv('IGNY8_WP_CONTENT_DIR');
    $root = realpath($content . '/uploads');
    $file = realpath($content . substr(rawurldecode($path), strlen('/wp-content')));
    if ($root && $file && strpos($file, $root . '/') === 0 && is_file($file)) {
        header('Content-Type: ' . (mime_content_type($file) ?: 'application/octet-stream'));
        header('Content-Length: ' . filesize($file));
        readfile($file);
    } else {
        http_response_code(404);
    }
    return true;
}
return false;
"""


# Cleans up after a session even when pytest dies without running its teardown (SIGKILL, a crash): it
# waits for EOF on stdin (the test process closes it, or dies), then ends the php -S process group(s) it was
# told about, drops the database and removes the temporary directory.
WATCHDOG_PY = r"""
import os, shutil, signal, subprocess, sys, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
db_name, tmp_dir = sys.argv[1], sys.argv[2]
groups = []
for line in sys.stdin:
    if line.startswith("pgid "):
        groups.append(int(line.split()[1]))
for pgid in groups:
    for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            break
        end = time.monotonic() + wait
        while time.monotonic() < end:
            try:
                os.killpg(pgid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            continue
        break
subprocess.run(["mysql", "-u" + os.environ.get("IGNY8_WP_DB_USER", "root"), "-h127.0.0.1", "-P3306",
                "-e", f"DROP DATABASE IF EXISTS `{db_name}`"], capture_output=True, timeout=60, check=False)
shutil.rmtree(tmp_dir, ignore_errors=True)
"""


class WordPressSetupError(RuntimeError):
    pass


@dataclass
class WordPressPeer:
    """A running WordPress. ``rest()`` calls its REST API as the administrator (application password),
    through ``/?rest_route=`` (plain permalinks, the default); ``php()`` runs PHP inside WordPress."""

    base_url: str
    username: str
    password: str  # the administrator's login password (wp-login.php), not used by the REST API
    application_password: str
    db_name: str
    content_dir: Path
    env: dict[str, str] = field(repr=False)
    _client: httpx.Client = field(repr=False, default_factory=lambda: httpx.Client(timeout=60.0))

    @property
    def credentials(self) -> dict[str, str]:
        """The credentials an integration stores for this site."""
        return {"username": self.username, "application_password": self.application_password}

    def rest_url(self, route: str) -> str:
        return f"{self.base_url}/?rest_route=/{route.lstrip('/')}"

    def rest(self, method: str, route: str, *, auth: bool | tuple[str, str] = True, **kwargs: Any) -> httpx.Response:
        """``peer.rest("GET", "/wp/v2/posts", params={"context": "edit"})`` — any status is returned.
        ``auth``: True = the administrator's application password, False = anonymous, or (user, password)."""
        if isinstance(auth, tuple):
            kwargs["auth"] = auth
        elif auth:
            kwargs["auth"] = (self.username, self.application_password)
        # httpx replaces (does not merge) a URL's query with ``params``: send rest_route as a param too.
        params = {"rest_route": "/" + route.lstrip("/"), **dict(kwargs.pop("params", None) or {})}
        return self._client.request(method, f"{self.base_url}/", params=params, **kwargs)

    def rest_json(self, method: str, route: str, **kwargs: Any) -> Any:
        """Like :meth:`rest`, asserting a 2xx answer, returning the decoded JSON."""
        response = self.rest(method, route, **kwargs)
        assert response.status_code < 300, f"{method} {route}: HTTP {response.status_code} {response.text[:500]}"
        return response.json()

    def php(self, code: str) -> str:
        """Run ``code`` with WordPress loaded (as the administrator); returns what it echoed."""
        return run_php(self.env, f"wp_set_current_user(get_user_by('login', {php_str(self.username)})->ID);\n{code}")

    def make_user(self, login: str, role: str) -> str:
        """A new user with ``role`` (``editor``, ``author``, ``subscriber``…); returns its application password."""
        return self.php(
            f"$id = wp_insert_user(['user_login' => {php_str(login)}, 'user_pass' => wp_generate_password(), "
            f"'user_email' => {php_str(login + '@example.com')}, 'role' => {php_str(role)}]);\n"
            "if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message()); exit(1); }\n"
            "echo WP_Application_Passwords::create_new_application_password($id, ['name' => 'igny8-tests'])[0];"
        ).strip()

    def set_permalinks(self, structure: str) -> None:
        """``"/%postname%/"`` for pretty permalinks (REST at /wp-json/), ``""`` for plain ones."""
        self.php(f"update_option('permalink_structure', {php_str(structure)}); flush_rewrite_rules(false);")

    def close(self) -> None:
        self._client.close()


def php_str(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def run_php(env: dict[str, str], code: str, *, timeout: float = 60.0) -> str:
    prelude = (
        "error_reporting(E_ALL & ~E_DEPRECATED & ~E_NOTICE & ~E_WARNING);\n"
        "$_SERVER['HTTP_HOST'] = '127.0.0.1'; $_SERVER['REQUEST_URI'] = '/'; $_SERVER['SERVER_NAME'] = '127.0.0.1';\n"
        f"require {php_str(str(WP_ROOT / 'wp-load.php'))};\n"
    )
    result = subprocess.run(
        ["php", "-d", "display_errors=stderr", "-r", prelude + code],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise WordPressSetupError(f"php failed (exit {result.returncode}): {(result.stderr or result.stdout)[-1500:]}")
    return result.stdout


def db_user() -> str:
    """root without a password (the CI machines), else igny8_wp (made by scripts/wordpress.sh where root
    only logs in through the unix socket); ``IGNY8_WP_DB_USER`` overrides."""
    global _DB_USER
    if _DB_USER is None:
        _DB_USER = os.environ.get("IGNY8_WP_DB_USER", "")
        if not _DB_USER:
            probe = ["mysql", "-uroot", "-h127.0.0.1", "-P3306", "-e", "SELECT 1"]
            ok = subprocess.run(probe, capture_output=True, timeout=30, check=False).returncode == 0
            _DB_USER = "root" if ok else "igny8_wp"
    return _DB_USER


_DB_USER: str | None = None


def _mysql(sql: str) -> str:
    result = subprocess.run(
        ["mysql", f"-u{db_user()}", "-h127.0.0.1", "-P3306", "--batch", "--skip-column-names", "-e", sql],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if result.returncode != 0:
        raise WordPressSetupError(f"MariaDB ({db_user()}@127.0.0.1:3306) refused {sql!r}: {result.stderr.strip()}")
    return result.stdout


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _drop_stale_databases() -> None:
    """Databases of sessions that were killed before they could clean up (their process is gone)."""
    for name in _mysql(f"SHOW DATABASES LIKE '{DB_PREFIX}{HOST_TAG}\\_%'").split():
        match = re.fullmatch(rf"{DB_PREFIX}{HOST_TAG}_(\d+)_[0-9a-f]+", name)
        if match and not _pid_alive(int(match.group(1))):
            _mysql(f"DROP DATABASE IF EXISTS `{name}`")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_listening(port: int, process: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise WordPressSetupError(f"php -S exited at once (exit {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise WordPressSetupError(f"php -S did not listen on 127.0.0.1:{port}")


def _run_setup_script() -> None:
    """Install the Debian packages / start MariaDB / write the config when needed (quick when done)."""
    result = subprocess.run(["bash", str(SETUP_SCRIPT)], capture_output=True, text=True, timeout=900, check=False)
    if result.returncode != 0:
        raise WordPressSetupError(f"scripts/wordpress.sh failed:\n{(result.stderr + result.stdout)[-2000:]}")


class _Session:
    def __init__(self) -> None:
        self.db_name = f"{DB_PREFIX}{HOST_TAG}_{os.getpid()}_{secrets.token_hex(4)}"
        self.tmp = Path(tempfile.mkdtemp(prefix="igny8-wp-"))
        self.content_dir = self.tmp / "wp-content"
        self.process: subprocess.Popen[bytes] | None = None
        self.watchdog: subprocess.Popen[bytes] | None = None
        self.db_created = False
        self.log_path = self.tmp / "php-server.log"

    def start(self) -> WordPressPeer:
        _run_setup_script()
        if "IGNY8_WP_DB_NAME" not in CONFIG_FILE.read_text():
            raise WordPressSetupError(f"{CONFIG_FILE} was not written by scripts/wordpress.sh")
        _drop_stale_databases()
        self.watchdog = subprocess.Popen(
            [sys.executable, "-c", WATCHDOG_PY, self.db_name, str(self.tmp)],
            env={**os.environ, "IGNY8_WP_DB_USER": db_user()},
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        _mysql(f"CREATE DATABASE `{self.db_name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        self.db_created = True

        # This session's wp-content: its own uploads, the shared (Debian) plugins, themes and languages.
        self.content_dir.mkdir()
        (self.content_dir / "uploads").mkdir()
        for name in ("plugins", "themes", "languages"):
            if (SHARED_CONTENT / name).is_dir():
                (self.content_dir / name).symlink_to(SHARED_CONTENT / name)
        router = self.tmp / "router.php"
        router.write_text(ROUTER_PHP)
        env = {
            "IGNY8_WP_DB_NAME": self.db_name,
            "IGNY8_WP_DB_USER": db_user(),
            "IGNY8_WP_CONTENT_DIR": str(self.content_dir),
        }

        deadline = time.monotonic() + 30
        port = _free_port()
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    "php",
                    "-d",
                    "display_errors=stderr",
                    "-d",
                    "upload_max_filesize=32M",
                    "-d",
                    "post_max_size=40M",
                    "-S",
                    f"127.0.0.1:{port}",
                    "-t",
                    str(WP_ROOT),
                    str(router),
                ],
                env={**os.environ, **env, "PHP_CLI_SERVER_WORKERS": "4"},
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: the server and its workers end together
            )
        assert self.watchdog.stdin is not None
        self.watchdog.stdin.write(f"pgid {self.process.pid}\n".encode())
        self.watchdog.stdin.flush()
        _wait_listening(port, self.process, deadline)
        base_url = f"http://127.0.0.1:{port}"

        admin_password = secrets.token_urlsafe(18)
        with httpx.Client(timeout=120.0) as client:
            response = client.post(
                f"{base_url}/wp-admin/install.php?step=2",
                data={
                    "weblog_title": "IGNY8 Test Blog",
                    "user_name": ADMIN_USER,
                    "admin_password": admin_password,
                    "admin_password2": admin_password,
                    "pw_weak": "1",
                    "admin_email": ADMIN_EMAIL,
                    "blog_public": "0",
                    "language": "",
                },
            )
        installed = "install-success" in response.text or "Success!" in response.text
        if response.status_code != 200 or not installed:
            raise WordPressSetupError(
                f"the WordPress install form answered HTTP {response.status_code}: {_text_excerpt(response.text)}"
            )

        # The installer enables pretty permalinks when its loopback request succeeds; start from the
        # plain ones (REST at /?rest_route=) so every session is the same. Tests switch with set_permalinks().
        app_password = run_php(
            env,
            f"$user = get_user_by('login', {php_str(ADMIN_USER)});\n"
            "update_option('permalink_structure', ''); flush_rewrite_rules(false);\n"
            "$made = WP_Application_Passwords::create_new_application_password($user->ID, ['name' => 'igny8-tests']);\n"
            "if (is_wp_error($made)) { fwrite(STDERR, $made->get_error_message()); exit(1); }\n"
            "echo $made[0];",
        ).strip()
        if not re.fullmatch(r"[A-Za-z0-9]{24}", app_password):
            raise WordPressSetupError(f"no application password was created (got {app_password[:80]!r})")

        peer = WordPressPeer(
            base_url=base_url,
            username=ADMIN_USER,
            password=admin_password,
            application_password=app_password,
            db_name=self.db_name,
            content_dir=self.content_dir,
            env=env,
        )
        me = peer.rest("GET", "/wp/v2/users/me")
        if me.status_code != 200:
            raise WordPressSetupError(f"the application password does not work: HTTP {me.status_code} {me.text[:300]}")
        return peer

    def stop(self) -> None:
        """End php -S and its workers (the whole process group), drop the database, remove the files."""
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if self.watchdog is not None:
            assert self.watchdog.stdin is not None
            self.watchdog.stdin.close()  # EOF: it ends what is left of the group, drops the DB, removes tmp
            try:
                self.watchdog.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.watchdog.kill()
        elif self.db_created:
            try:
                _mysql(f"DROP DATABASE IF EXISTS `{self.db_name}`")
            except WordPressSetupError:
                pass
        shutil.rmtree(self.tmp, ignore_errors=True)

    def server_log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-1500:]
        except OSError:
            return ""


def _text_excerpt(html: str) -> str:
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", text).strip()[:500]


@pytest.fixture(scope="session")
def wordpress() -> Iterator[WordPressPeer]:
    session = _Session()
    problem = ""
    try:
        peer = session.start()
    except (WordPressSetupError, OSError, httpx.HTTPError, subprocess.SubprocessError) as exc:
        log = session.server_log()
        problem = f"{exc}" + (f"\nphp -S log:\n{log}" if log else "")
        session.stop()
    except BaseException:
        session.stop()
        raise
    if problem:  # outside the except block: the message without a chained traceback
        pytest.fail(
            f"Could not set up the WordPress test peer: {problem}\n"
            "(run `bash scripts/wordpress.sh` as root to install WordPress, PHP and MariaDB)",
            pytrace=False,
        )
    try:
        yield peer
    finally:
        peer.close()
        session.stop()


@pytest.fixture
def wordpress_site(wordpress: WordPressPeer, monkeypatch: pytest.MonkeyPatch) -> WordPressPeer:
    """The session's WordPress, reachable by integration clients for this test (the SSRF guard refuses
    127.0.0.1 unless IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS=1)."""
    monkeypatch.setenv("IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS", "1")
    return wordpress
