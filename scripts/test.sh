#!/usr/bin/env bash
# Installe tout ce qu'il faut aux tests (paquets Debian si root, environnement Python)
# puis lance pytest. Les arguments sont passés à pytest : scripts/test.sh -k run -x
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/system-packages.sh
scripts/install.sh --test
exec .venv/bin/python -m pytest "$@"
