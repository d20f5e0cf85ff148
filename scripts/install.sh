#!/usr/bin/env bash
# Crée .venv et y installe csu-kb. --test ajoute les dépendances de test.
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
[ "${1:-}" = "--test" ] && extras="[test]"
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "[install] création de l'environnement Python .venv"
  "$PYTHON" -m venv .venv
fi
echo "[install] installation de csu-kb${extras} dans .venv"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"
.venv/bin/python -c 'from builder.yamlio import c_parser_available as ok; import sys; sys.exit(0 if ok() else "[install] ruamel.yaml.clib absent : le chargement serait lent")'
