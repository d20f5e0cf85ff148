#!/usr/bin/env bash
# Installe csu-kb puis lance le travail principal sur la bibliothèque livrée :
# vérification, index de recherche et construction du site (kb build), puis indique
# où est le site. Avec --serve, le sert ensuite sur http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install.sh
.venv/bin/kb build --strict
if [ "${1:-}" = "--serve" ]; then
  exec .venv/bin/kb serve
fi
echo "Pour le servir : scripts/quickstart.sh --serve (ou n'importe quel serveur web statique sur site/)."
