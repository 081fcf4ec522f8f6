#!/usr/bin/env bash
# Fails when the committed frontend/wailsjs differs from what `wails generate
# module` writes for the Go code as it is now, so the TypeScript types the
# front end compiles against can never drift from the bound Go methods and DTOs.
# It regenerates into the tree: after a failure the fresh bindings are there to commit.
set -euo pipefail
cd "$(dirname "$0")/.."
WAILS=${WAILS:-$(go env GOPATH)/bin/wails}
"$WAILS" generate module -nocolour >/dev/null
# wails writes some files executable: give each file back the mode git has for it.
git ls-files -s -- frontend/wailsjs | while read -r mode _ _ path; do
	if [ "$mode" = 100755 ]; then chmod 755 "$path"; else chmod 644 "$path"; fi
done
# Compared with the index (in CI: the commit), so regenerated bindings that are
# staged count as committed. The file mode is not part of the contract.
untracked=$(git ls-files --others --exclude-standard -- frontend/wailsjs)
if ! git -c core.fileMode=false --no-pager diff --exit-code --stat -- frontend/wailsjs || [ -n "$untracked" ]; then
	[ -z "$untracked" ] || printf 'new, not committed: %s\n' $untracked
	echo "frontend/wailsjs is stale: the bindings above were regenerated from the Go code; review and commit them." >&2
	exit 1
fi
echo "frontend/wailsjs matches wails generate module"
