#!/usr/bin/env bash
# Crée .venv et y installe csu-kb. --test ajoute les dépendances de test.
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
[ "${1:-}" = "--test" ] && extras="[test]"
PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
  || { echo "[install] Python 3.11 ou plus récent est nécessaire ($PYTHON)" >&2; exit 1; }
if [ ! -x .venv/bin/python ]; then
  # Debian's python3 has no venv module until python3-venv is installed
  if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
    if [ "$(id -u)" = 0 ]; then
      echo "[install] installation de python3-venv (Debian)"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-venv >/dev/null \
        || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
             --no-install-recommends python3-venv >/dev/null; }
    else
      echo "[install] le module venv manque : sudo apt-get install python3-venv" >&2; exit 1
    fi
  fi
  echo "[install] création de l'environnement Python .venv"
  "$PYTHON" -m venv .venv
fi
echo "[install] installation de csu-kb${extras} dans .venv"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"
.venv/bin/python -c 'from builder.content.yamlio import c_parser_available as ok; import sys; sys.exit(0 if ok() else "[install] ruamel.yaml.clib absent : le chargement serait lent")'
