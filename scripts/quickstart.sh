#!/usr/bin/env bash
# Installe csu-kb puis lance le travail principal sur la bibliothèque livrée :
# vérification de toute la base.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install.sh
.venv/bin/kb check --strict
