#!/usr/bin/env bash
# Create benchmarks/.peers/venv with the peer PLS-SEM packages pinned. Idempotent: does nothing when the pins are
# already installed. The peers are never dependencies of surveysem: they live only in this git-ignored venv.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.peers/venv"
PY="${PEER_PYTHON:-python3}"
PINS=(
  "seminr==0.2.1"
  "plspm==0.5.7"
  "openpls-engine==1.13.0"
  "pandas<3"
)
if [ ! -x "$VENV/bin/python" ]; then
  echo "setup_peers: creating $VENV" >&2
  "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
fi
# pip check of the exact pins: skip the install when they are all satisfied.
if "$VENV/bin/python" - "${PINS[@]}" <<'PYEOF'
import sys
from importlib.metadata import version, PackageNotFoundError
from packaging.requirements import Requirement
for spec in sys.argv[1:]:
    r = Requirement(spec)
    try:
        v = version(r.name)
    except PackageNotFoundError:
        sys.exit(1)
    if v not in r.specifier:
        sys.exit(1)
sys.exit(0)
PYEOF
then
  echo "setup_peers: peers already installed in $VENV" >&2
else
  echo "setup_peers: installing ${PINS[*]}" >&2
  "$VENV/bin/python" -m pip install -q packaging "${PINS[@]}"
fi
"$VENV/bin/python" -m pip list 2>/dev/null | grep -Ei '^(seminr|plspm|openpls|pandas|numpy|scipy|joblib|scikit)' >&2 || true
