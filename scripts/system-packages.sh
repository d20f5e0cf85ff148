#!/usr/bin/env bash
# Paquets Debian dont les tests ont besoin : Chromium (tests dans un vrai navigateur),
# npm (axe-core), nginx et GoAccess (kb usage). Installés seulement s'ils manquent ; sans droits root, on le signale.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# kb usage: a real nginx writing its access log in tests, GoAccess as the benchmark's peer
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v goaccess >/dev/null 2>&1 || missing+=(goaccess)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "[paquets] manquants : ${missing[*]} — installez-les (sudo apt-get install ${missing[*]})" >&2
  exit 0
fi
echo "[paquets] installation : ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
