#!/usr/bin/env bash
# Makes a stock WordPress available for the publishing tests (backend/tests/wordpress_peer.py).
# Idempotent and quick when everything is already there:
#   - Debian's `wordpress` package (in /usr/share/wordpress) and the PHP CLI with MySQL and GD;
#   - MariaDB answering on 127.0.0.1:3306 (root, no password — the unix-socket/localhost default);
#   - /etc/wordpress/config-127.0.0.1.php, the config Debian's wp-config.php loads for the Host header
#     "127.0.0.1". It takes the database name from the environment of the `php -S` process
#     (IGNY8_WP_DB_NAME), so every test session runs its own WordPress on its own database and port.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

log() { printf 'wordpress.sh: %s\n' "$*" >&2; }
is_root() { [ "$(id -u)" = 0 ]; }

need_apt=()
[ -f /usr/share/wordpress/wp-load.php ] || need_apt+=(wordpress)
command -v php >/dev/null || need_apt+=(php8.2-cli)
if command -v php >/dev/null; then
  php -m 2>/dev/null | grep -qi '^mysqli$' || need_apt+=(php8.2-mysql)
  php -m 2>/dev/null | grep -qi '^gd$' || need_apt+=(php8.2-gd)
else
  need_apt+=(php8.2-mysql php8.2-gd)
fi
[ -x /usr/sbin/mariadbd ] || need_apt+=(mariadb-server)
if [ ${#need_apt[@]} -gt 0 ]; then
  if ! is_root; then
    log "missing ${need_apt[*]}; run as root or: apt-get install ${need_apt[*]}"
    exit 1
  fi
  log "apt-get install ${need_apt[*]}"
  # Another helper may be installing at the same moment: wait for the dpkg lock instead of failing.
  apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 "${need_apt[@]}" >/dev/null ||
    { apt-get update -qq -o DPkg::Lock::Timeout=300 &&
      apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 "${need_apt[@]}" >/dev/null; }
fi

mariadb_up() { (exec 3<>/dev/tcp/127.0.0.1/3306) 2>/dev/null; }
if ! mariadb_up; then
  if ! is_root; then
    log "MariaDB is not running on 127.0.0.1:3306 (start it as root)"
    exit 1
  fi
  log "starting MariaDB"
  install -d -o mysql -g mysql /run/mysqld
  if [ ! -d /var/lib/mysql/mysql ]; then
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
  fi
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- \
    --user=mysql --bind-address=127.0.0.1 --port=3306
  for _ in $(seq 60); do mariadb_up && break; sleep 0.5; done
  mariadb_up || { log "MariaDB did not start on 127.0.0.1:3306"; exit 1; }
fi
# Wait until it answers queries over TCP (how PHP and the tests connect), not just accepts connections.
# The tests log in as root without a password (as on the CI machines), or else as igny8_wp: a
# password-less user that may only touch databases named igny8_wp_*, created here when root cannot log in
# over TCP (Debian's default: root@localhost authenticates through the unix socket only).
tcp_ok() { mysql -u"$1" -h127.0.0.1 -P3306 -e 'SELECT 1' >/dev/null 2>&1; }
for _ in $(seq 30); do tcp_ok root && break; tcp_ok igny8_wp && break; sleep 0.5; done
if ! tcp_ok root && ! tcp_ok igny8_wp; then
  if is_root && mysql -uroot -e 'SELECT 1' >/dev/null 2>&1; then
    log "creating the MariaDB user igny8_wp (no password, only databases igny8_wp_*)"
    mysql -uroot <<'SQL'
CREATE USER IF NOT EXISTS 'igny8_wp'@'127.0.0.1' IDENTIFIED BY '';
CREATE USER IF NOT EXISTS 'igny8_wp'@'localhost' IDENTIFIED BY '';
GRANT ALL PRIVILEGES ON `igny8\_wp\_%`.* TO 'igny8_wp'@'127.0.0.1';
GRANT ALL PRIVILEGES ON `igny8\_wp\_%`.* TO 'igny8_wp'@'localhost';
FLUSH PRIVILEGES;
SQL
  fi
  tcp_ok igny8_wp || {
    log "cannot log in to MariaDB on 127.0.0.1:3306 as root (no password) nor as igny8_wp; run this script as root"
    exit 1
  }
fi

config=/etc/wordpress/config-127.0.0.1.php
read -r -d '' want <<'PHP' || true
<?php
// Written by IGNY8's scripts/wordpress.sh for the publishing tests (backend/tests/wordpress_peer.py).
// Each test session runs its own `php -S 127.0.0.1:PORT` with IGNY8_WP_DB_NAME set to its own database.
$igny8_db = getenv('IGNY8_WP_DB_NAME');
if (!$igny8_db || !preg_match('/^[A-Za-z0-9_]+$/', $igny8_db)) {
    header('HTTP/1.1 503 Service Unavailable');
    die('IGNY8_WP_DB_NAME is not set for this PHP process.');
}
define('DB_NAME', $igny8_db);
define('DB_USER', getenv('IGNY8_WP_DB_USER') ?: 'root');
define('DB_PASSWORD', getenv('IGNY8_WP_DB_PASSWORD') ?: '');
define('DB_HOST', getenv('IGNY8_WP_DB_HOST') ?: '127.0.0.1:3306');
define('WP_CONTENT_DIR', getenv('IGNY8_WP_CONTENT_DIR') ?: '/var/lib/wordpress/wp-content');
define('WP_ENVIRONMENT_TYPE', 'local');  // application passwords work over plain http
define('WP_HTTP_BLOCK_EXTERNAL', true);  // no internet: no update checks, no oEmbed
define('AUTOMATIC_UPDATER_DISABLED', true);
define('DISABLE_WP_CRON', true);
define('WP_DEBUG', false);
define('FS_METHOD', 'direct');
$table_prefix = 'wp_';
PHP
if [ ! -f "$config" ] || [ "$(cat "$config")" != "$want" ]; then
  if ! is_root && [ ! -w /etc/wordpress ]; then
    log "cannot write $config (run as root once)"
    exit 1
  fi
  install -d /etc/wordpress
  printf '%s\n' "$want" >"$config.tmp"
  # Debian's wp-config.php checks the file's owner is not writable by the web server; root is fine.
  chmod 0644 "$config.tmp"
  mv -f "$config.tmp" "$config"
fi
log "ready ($(php -r 'include "/usr/share/wordpress/wp-includes/version.php"; echo "WordPress $wp_version";'), PHP $(php -r 'echo PHP_VERSION;'))"
