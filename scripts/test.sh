#!/usr/bin/env bash
# Installe tout ce qu'il faut aux tests (paquets Debian si root, environnement Python)
# puis lance pytest. Les arguments sont passés à pytest : scripts/test.sh -k run -x
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/system-packages.sh
scripts/install.sh --test
# MediaWiki 1.39 + PHP for the wiki tests (tests/helpers/wiki_server.py): Debian packages, installed as
# root when missing (about 30 s once, skipped at once when present).
if [ "$(id -u)" = 0 ] && ! scripts/mediawiki-up.sh --installed; then
  scripts/mediawiki-up.sh --install
fi
exec .venv/bin/python -m pytest "$@"
