#!/usr/bin/env bash
# mediawiki-up.sh - throw-away MediaWiki (Debian 12 package, 1.39) on SQLite, served by
# PHP's built-in web server on loopback, for the tests of `kb export/import mediawiki`
# (tests/helpers/wiki_server.py) and bench/bench_mediawiki.py. Idempotent: installs packages
# if missing, creates the wiki once, (re)uses a running server, waits until api.php
# answers, writes the credentials to WIKI_DIR/mw.json.
#
#   mediawiki-up.sh [WIKI_DIR] [PORT]       start (defaults: /tmp/kb-wiki 8089)
#   mediawiki-up.sh --stop [WIKI_DIR]       stop the server started for WIKI_DIR
#   mediawiki-up.sh --reset [WIKI_DIR] [PORT]  stop, delete WIKI_DIR, start fresh
#   mediawiki-up.sh --install               only install the Debian packages (as root), if missing
#   mediawiki-up.sh --installed             exit 0 when the packages are there, 1 otherwise
#   mediawiki-up.sh --maint WIKI_DIR SCRIPT [ARGS...]  run a maintenance script (importDump...) on that wiki
#
# Knobs (env): MW_LANG=fr MW_SITENAME="Test Wiki" MW_ADMIN_USER=Admin MW_ADMIN_PASS=...
#   MW_BOT_APPID=ci MW_BOT_PASS=(>=32 chars) MW_USER2=Editeur MW_USER2_PASS=...
#   MW_EXTENSIONS=ParserFunctions (comma list, from /usr/share/mediawiki/extensions-core)
#   MW_WORKERS=1 (PHP_CLI_SERVER_WORKERS; keep 1 for read-your-writes, see notes)
#   MW_HOST=127.0.0.1  MW_WAIT=60 (seconds to wait for api.php)
# Outputs in WIKI_DIR: LocalSettings.php, data/ (SQLite), images/, router.php,
#   server.log, server.pid, exception.log, mw.env (shell) and mw.json (credentials).
set -euo pipefail

MW_ROOT=/usr/share/mediawiki            # Debian's code tree, used read-only as doc root
ACTION=up
case "${1:-}" in
  --stop)  ACTION=stop;  shift ;;
  --reset) ACTION=reset; shift ;;
  --install) ACTION=install; shift ;;
  --installed) ACTION=installed; shift ;;
  --maint) ACTION=maint; shift ;;
esac
WIKI_DIR=${1:-/tmp/kb-wiki}
PORT=${2:-8089}
if [ "$ACTION" = maint ]; then
  [ -f "$WIKI_DIR/LocalSettings.php" ] || { echo "[mediawiki-up] ERROR: no wiki in $WIKI_DIR" >&2; exit 1; }
  export MW_CONFIG_FILE="$WIKI_DIR/LocalSettings.php"
  cd /usr/share/mediawiki && exec php "maintenance/$2.php" "${@:3}"
fi
HOST=${MW_HOST:-127.0.0.1}
MW_LANG=${MW_LANG:-fr}
MW_SITENAME=${MW_SITENAME:-Test Wiki}
MW_ADMIN_USER=${MW_ADMIN_USER:-Admin}
MW_ADMIN_PASS=${MW_ADMIN_PASS:-Admin-Pass-For-Tests-1}
MW_BOT_APPID=${MW_BOT_APPID:-ci}
MW_BOT_PASS=${MW_BOT_PASS:-cibotpassword0123456789abcdefghij}   # bot passwords need >= 32 chars
MW_USER2=${MW_USER2:-Editeur}
MW_USER2_PASS=${MW_USER2_PASS:-Editeur-Pass-For-Tests-2}
MW_EXTENSIONS=${MW_EXTENSIONS-ParserFunctions}
MW_WORKERS=${MW_WORKERS:-1}
MW_WAIT=${MW_WAIT:-60}

SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
now() { date +%s.%N; }
T0=$(now); TSTEP=$T0
step() { local t; t=$(now); awk -v a="$TSTEP" -v b="$t" -v s="$1" 'BEGIN{printf "[mediawiki-up] %-24s %6.2fs\n", s, b-a}'; TSTEP=$t; }
log() { echo "[mediawiki-up] $*"; }
die() { echo "[mediawiki-up] ERROR: $*" >&2; exit 1; }

# ---------------------------------------------------------------- 1. packages
php_ok() {
  command -v php >/dev/null 2>&1 && [ -f "$MW_ROOT/maintenance/install.php" ] &&
  php -r 'foreach (["pdo_sqlite","intl","mbstring","xml","fileinfo"] as $e) if (!extension_loaded($e)) exit(1);' 2>/dev/null
}
install_packages() {
  php_ok && return 0
  [ -n "$SUDO" ] && ! command -v sudo >/dev/null 2>&1 && die "packages missing and not root: run as root scripts/mediawiki-up.sh --install"
  APT_LOG=$(mktemp /tmp/mediawiki-apt.XXXXXX.log)
  log "installing mediawiki + php (apt, log $APT_LOG)"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get -o DPkg::Lock::Timeout=300 update -q > "$APT_LOG" 2>&1 || { cat "$APT_LOG" >&2; die "apt-get update failed"; }
  PHPV=$(apt-cache show --no-all-versions php-cli 2>/dev/null | sed -n 's/^Depends: .*php\([0-9.]*\)-cli.*/\1/p' | head -n1)
  PHPV=${PHPV:-8.2}
  # - php$V-cgi satisfies php$V's "libapache2-mod-php | php-fpm | php-cgi" without apache;
  #   naming the meta "php-cgi" is NOT enough (apt resolves the or-group first -> apache2-bin).
  # - mini-httpd satisfies mediawiki's "apache2 | httpd" (tiny, installs its service disabled).
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends \
      -o Dpkg::Use-Pty=0 mediawiki "php${PHPV}-cli" "php${PHPV}-sqlite3" "php${PHPV}-cgi" mini-httpd \
      >> "$APT_LOG" 2>&1 || { tail -n 30 "$APT_LOG" >&2; die "apt-get install failed"; }
  php_ok || die "php/mediawiki still missing after apt-get install"
  step "apt install"
}
if [ "$ACTION" = installed ]; then php_ok; exit $?; fi
if [ "$ACTION" = install ]; then install_packages; exit 0; fi


mkdir -p "$WIKI_DIR"
WIKI_DIR=$(cd "$WIKI_DIR" && pwd -P)     # absolute: paths get baked into LocalSettings.php
PIDFILE=$WIKI_DIR/server.pid

alive() {   # running and not a zombie (PID 1 of some containers reaps slowly)
  [ -r "/proc/$1/stat" ] && [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f1)" != Z ]
}
server_pid() {   # prints the PID of our running server, if any
  [ -f "$PIDFILE" ] || return 1
  local pid; pid=$(head -n1 "$PIDFILE")
  [ -n "$pid" ] && alive "$pid" || return 1
  # make sure the PID was not recycled by something else
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "-S " || return 1
  echo "$pid"
}

stop_server() {
  local pid
  if pid=$(server_pid); then
    log "stopping server PID $pid"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do alive "$pid" || break; sleep 0.1; done
    alive "$pid" && kill -9 "$pid" 2>/dev/null || true
    # with MW_WORKERS>1 php -S forks workers; setsid made $pid their process-group id
    kill -TERM -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$PIDFILE"
}

if [ "$ACTION" = stop ]; then stop_server; exit 0; fi
if [ "$ACTION" = reset ]; then
  stop_server
  case "$WIKI_DIR" in /|/tmp|/root|/home|/usr*|/etc*|/var) die "refusing to delete $WIKI_DIR" ;; esac
  rm -rf "${WIKI_DIR:?}"/* ; mkdir -p "$WIKI_DIR"
fi
install_packages

export MW_CONFIG_FILE="$WIKI_DIR/LocalSettings.php"   # honoured by web entry points AND maintenance scripts (1.38+)
export MW_SERVER="http://$HOST:$PORT"
mw_maint() { (cd "$MW_ROOT" && php "maintenance/$1.php" "${@:2}"); }

# ---------------------------------------------------------------- 2. wiki
if [ ! -f "$WIKI_DIR/LocalSettings.php" ]; then
  log "creating wiki in $WIKI_DIR"
  rm -rf "$WIKI_DIR/data" "$WIKI_DIR/images" "$WIKI_DIR/mw.env" "$WIKI_DIR/mw.json"   # leftovers of a half-done run
  mkdir -p "$WIKI_DIR/images"
  mw_maint install \
      --dbtype sqlite --dbpath "$WIKI_DIR/data" --dbname wikidb \
      --confpath "$WIKI_DIR" --server "$MW_SERVER" --scriptpath "" \
      --lang "$MW_LANG" ${MW_EXTENSIONS:+--extensions "$MW_EXTENSIONS"} \
      --pass "$MW_ADMIN_PASS" "$MW_SITENAME" "$MW_ADMIN_USER" > "$WIKI_DIR/install.log" 2>&1 \
    || { cat "$WIKI_DIR/install.log" >&2; rm -f "$WIKI_DIR/LocalSettings.php"; die "install.php failed"; }
  [ -f "$WIKI_DIR/LocalSettings.php" ] || die "install.php wrote no LocalSettings.php (see install.log)"
  cat >> "$WIKI_DIR/LocalSettings.php" <<'PHP'

# ---- mediawiki-up.sh overrides (throw-away test wiki) ----
# $wgServer follows the Host the client used (127.0.0.1 vs localhost, any port) so that
# redirects/canonical URLs never point at another origin; maintenance scripts use MW_SERVER.
if ( PHP_SAPI === 'cli-server' && !empty( $_SERVER['HTTP_HOST'] ) ) {
	$wgServer = 'http://' . $_SERVER['HTTP_HOST'];
} elseif ( getenv( 'MW_SERVER' ) ) {
	$wgServer = getenv( 'MW_SERVER' );
}
$wgCanonicalServer = $wgServer;
$wgEnableEmail = false;                      # no MTA on a CI box
$wgEnableUploads = true;                     # served by router.php from WIKI_DIR/images
$wgUploadDirectory = __DIR__ . '/images';    # default "$IP/images" is /var/lib/mediawiki/images (www-data, 0700)
$wgUploadPath = '/images';
$wgUseImageMagick = false;                   # installer may detect a convert that is not there in CI
$wgUseInstantCommons = false;
$wgFileExtensions = array_merge( $wgFileExtensions, [ 'svg', 'webp' ] );   # the image formats of kb/<domaine>/images/
$wgSVGNativeRendering = true;                # SVG shown as is: no rasteriser to install
$wgGroupPermissions['*']['noratelimit'] = true;   # default: anon 8 edits/min, users 90/min -> "ratelimited"
$wgGroupPermissions['user']['noratelimit'] = true;
$wgPasswordAttemptThrottle = [];             # tests may log in (and fail) many times
$wgAccountCreationThrottle = 0;
$wgShowExceptionDetails = true;
$wgDebugLogGroups['exception'] = __DIR__ . '/exception.log';
$wgDebugLogGroups['error'] = __DIR__ . '/exception.log';
PHP
  step "install.php"
  # a second, ordinary account (edit conflicts need two different users)
  mw_maint createAndPromote --quiet "$MW_USER2" "$MW_USER2_PASS" >> "$WIKI_DIR/install.log" 2>&1 \
    || die "createAndPromote failed (see $WIKI_DIR/install.log)"
  # bot password with every grant (basic, highvolume, editpage, ...)
  GRANTS=$(mw_maint createBotPassword --showgrants | awk 'NR>1{print $1}' | paste -sd, -)
  mw_maint createBotPassword --appid "$MW_BOT_APPID" --grants "$GRANTS" \
      "$MW_ADMIN_USER" "$MW_BOT_PASS" >> "$WIKI_DIR/install.log" 2>&1 \
    || die "createBotPassword failed (see $WIKI_DIR/install.log)"
  step "users + bot password"
fi

cat > "$WIKI_DIR/router.php" <<'PHP'
<?php
// Router for `php -S`: uploads live in WIKI_DIR/images (not under the doc root);
// everything else (index.php, api.php, load.php, rest.php/..., static files) is
// served by the built-in server as usual ("return false").
$path = rawurldecode( parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) ?? '/' );
if ( $path === '/favicon.ico' ) {   // keeps browser consoles free of a 404
	http_response_code( 204 );
	return true;
}
if ( strncmp( $path, '/images/', 8 ) === 0 ) {
	$base = realpath( __DIR__ . '/images' );
	$file = realpath( $base . substr( $path, 7 ) );
	if ( $file === false || !is_file( $file ) || strncmp( $file, $base . '/', strlen( $base ) + 1 ) !== 0 ) {
		http_response_code( 404 );
		return true;
	}
	header( 'Content-Type: ' . ( mime_content_type( $file ) ?: 'application/octet-stream' ) );
	header( 'Content-Length: ' . filesize( $file ) );
	readfile( $file );
	return true;
}
return false;
PHP

cat > "$WIKI_DIR/mw.env" <<EOF
MW_URL='http://$HOST:$PORT'
MW_API='http://$HOST:$PORT/api.php'
MW_HOST_PORT='$HOST:$PORT'
MW_ADMIN_USER='$MW_ADMIN_USER'
MW_ADMIN_PASS='$MW_ADMIN_PASS'
MW_BOT_USER='$MW_ADMIN_USER@$MW_BOT_APPID'
MW_BOT_PASS='$MW_BOT_PASS'
MW_USER2='$MW_USER2'
MW_USER2_PASS='$MW_USER2_PASS'
MW_DIR='$WIKI_DIR'
EOF
php -r '$e = []; foreach (file($argv[1], FILE_IGNORE_NEW_LINES) as $l) { [$k, $v] = explode("=", $l, 2); $e[$k] = trim($v, "\x27"); }
        file_put_contents($argv[2], json_encode($e, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n");' \
    "$WIKI_DIR/mw.env" "$WIKI_DIR/mw.json"

# ---------------------------------------------------------------- 3. server
api_ok() {   # siteinfo answers and it is *our* wiki
  php -r '$c = stream_context_create(["http" => ["timeout" => 2]]);
          $r = @file_get_contents($argv[1], false, $c);
          exit($r !== false && strpos($r, "\"sitename\"") !== false ? 0 : 1);' \
      "http://$HOST:$PORT/api.php?action=query&meta=siteinfo&format=json" 2>/dev/null
}
port_busy() { php -r '$s = @fsockopen($argv[1], (int)$argv[2], $n, $m, 1); exit($s ? 0 : 1);' "$HOST" "$PORT"; }

if pid=$(server_pid); then
  if [ "$(sed -n 2p "$PIDFILE")" = "$HOST:$PORT" ] && api_ok; then
    log "server already running (PID $pid)"
  else
    stop_server
  fi
fi
if ! server_pid >/dev/null; then
  port_busy && die "$HOST:$PORT is already in use by another process"
  # setsid: own session/process group, detached from the caller's terminal and signals.
  # stdin/stdout/stderr must NOT stay attached to the caller's pipes, or a caller doing
  # subprocess.run(..., capture_output=True) would hang until the server exits.
  workers=(); [ "$MW_WORKERS" -gt 1 ] && workers=(env "PHP_CLI_SERVER_WORKERS=$MW_WORKERS")
  rm -f "$PIDFILE"
  "${workers[@]}" setsid bash -c 'cd "$5" && echo $$ > "$1" && echo "$2" >> "$1" && exec php -S "$2" -t "$3" "$4"' \
     _ "$PIDFILE" "$HOST:$PORT" "$MW_ROOT" "$WIKI_DIR/router.php" "$WIKI_DIR" \
     </dev/null >>"$WIKI_DIR/server.log" 2>&1 &
  for _ in $(seq 50); do [ -s "$PIDFILE" ] && break; sleep 0.1; done
  step "server start"
  deadline=$(( $(date +%s) + MW_WAIT ))
  until api_ok; do
    server_pid >/dev/null || { tail -n 20 "$WIKI_DIR/server.log" >&2; die "php -S exited"; }
    [ "$(date +%s)" -lt "$deadline" ] || { tail -n 20 "$WIKI_DIR/server.log" >&2; die "api.php not answering after ${MW_WAIT}s"; }
    sleep 0.2
  done
  step "first api.php answer"
fi

cat <<EOF
[mediawiki-up] ready in $(awk "BEGIN{printf \"%.1f\", $(now) - $T0}")s (server PID $(server_pid), log $WIKI_DIR/server.log)
MW_URL=http://$HOST:$PORT   (pages: /index.php/Titre, REST: /rest.php/v1/...)
MW_API=http://$HOST:$PORT/api.php
admin:        $MW_ADMIN_USER / $MW_ADMIN_PASS
bot password: $MW_ADMIN_USER@$MW_BOT_APPID / $MW_BOT_PASS
second user:  $MW_USER2 / $MW_USER2_PASS
credentials:  $WIKI_DIR/mw.env (shell), $WIKI_DIR/mw.json
stop with:    $0 --stop $WIKI_DIR
EOF
