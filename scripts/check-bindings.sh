#!/usr/bin/env bash
# Fails when the committed frontend/wailsjs differs from what `wails generate
# module` writes for the Go code as it is now, so the TypeScript types the
# front end compiles against can never drift from the bound Go methods and DTOs.
# It regenerates into the tree: after a failure the fresh bindings are there to commit.
set -euo pipefail
cd "$(dirname "$0")/.."
WAILS=${WAILS:-$(go env GOPATH)/bin/wails}
"$WAILS" generate module -nocolour >/dev/null
# Compared with the index (in CI: the commit), so regenerated bindings that are
# staged count as committed. core.fileMode=false: wails writes some files
# executable; the mode is not part of the contract.
untracked=$(git ls-files --others --exclude-standard -- frontend/wailsjs)
if ! git -c core.fileMode=false --no-pager diff --exit-code --stat -- frontend/wailsjs || [ -n "$untracked" ]; then
	[ -z "$untracked" ] || printf 'new, not committed: %s\n' $untracked
	echo "frontend/wailsjs is stale: the bindings above were regenerated from the Go code; review and commit them." >&2
	exit 1
fi
echo "frontend/wailsjs matches wails generate module"
