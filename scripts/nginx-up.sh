#!/usr/bin/env bash
# nginx-up.sh - nginx (Debian package nginx-light) serving a built site on loopback, as an
# ordinary foreground process with its own files only (nothing under /etc touched, no
# service), writing the default « combined » access log. For the tests of `kb usage`
# (tests/usage/nginx_server.py) and for trying the usage report by hand.
#
#   nginx-up.sh SITE_DIR RUN_DIR [PORT]   start (PORT default 8799); prints the PID
#                                         the log is RUN_DIR/logs/access.log
#   nginx-up.sh --stop RUN_DIR            stop the nginx started for RUN_DIR
#   nginx-up.sh --install                 install nginx-light and goaccess (as root) if missing
#   nginx-up.sh --installed               exit 0 when both are there, 1 otherwise
set -euo pipefail

installed() { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; }
NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)

case "${1:-}" in
  --installed) installed && command -v goaccess >/dev/null 2>&1; exit $? ;;
  --install)
    if installed && command -v goaccess >/dev/null 2>&1; then exit 0; fi
    [ "$(id -u)" = 0 ] || { echo "[nginx-up] nginx-light et goaccess manquent : sudo apt-get install nginx-light goaccess" >&2; exit 1; }
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends nginx-light goaccess >/dev/null 2>&1 \
      || { apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null \
           && apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends nginx-light goaccess >/dev/null; }
    # the package starts a system service on port 80: not ours to run
    command -v systemctl >/dev/null 2>&1 && systemctl disable --now nginx >/dev/null 2>&1 || true
    exit 0 ;;
  --stop)
    RUN_DIR=${2:?RUN_DIR}
    if [ -f "$RUN_DIR/nginx.pid" ]; then
      pid=$(cat "$RUN_DIR/nginx.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    exit 0 ;;
esac

SITE_DIR=$(cd "${1:?SITE_DIR}" && pwd -P)
mkdir -p "${2:?RUN_DIR}"
RUN_DIR=$(cd "$2" && pwd -P)
PORT=${3:-8799}
installed || { echo "[nginx-up] nginx absent : lancez « scripts/nginx-up.sh --install » en root" >&2; exit 1; }
mkdir -p "$RUN_DIR/logs" "$RUN_DIR/tmp"
# as root, nginx's workers would run as nobody and could not read a private temp folder
USER_LINE=""; [ "$(id -u)" = 0 ] && USER_LINE="user $(id -un) $(id -gn);"
cat > "$RUN_DIR/nginx.conf" <<CONF
$USER_LINE
daemon off;
worker_processes 1;
pid $RUN_DIR/nginx.pid;
error_log $RUN_DIR/logs/error.log;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  access_log $RUN_DIR/logs/access.log combined;
  client_body_temp_path $RUN_DIR/tmp/body; proxy_temp_path $RUN_DIR/tmp/proxy; fastcgi_temp_path $RUN_DIR/tmp/fcgi;
  uwsgi_temp_path $RUN_DIR/tmp/uwsgi; scgi_temp_path $RUN_DIR/tmp/scgi;
  server {
    listen 127.0.0.1:$PORT;
    root $SITE_DIR;
    location / { try_files \$uri \$uri/ =404; }
  }
}
CONF
"$NGINX" -t -q -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR" 2>>"$RUN_DIR/logs/error.log" \
  || { cat "$RUN_DIR/logs/error.log" >&2; exit 1; }
setsid "$NGINX" -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR" </dev/null >>"$RUN_DIR/logs/error.log" 2>&1 &
for _ in $(seq 100); do
  if [ -s "$RUN_DIR/nginx.pid" ] && (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    cat "$RUN_DIR/nginx.pid"; exit 0
  fi
  sleep 0.05
done
echo "[nginx-up] nginx n'a pas démarré sur le port $PORT :" >&2; cat "$RUN_DIR/logs/error.log" >&2; exit 1
