#!/bin/sh
# The pre-commit hooks of .pre-commit-config.yaml. They check what the commit will hold: the files
# staged in git's index, written to a temporary folder (nothing is stashed or checked out), so a
# commit that stages a sheet but not the new source it cites fails here as it would in the pull
# request's check, and an edit not yet staged cannot make a broken commit pass.
#
#   tools/pre-commit.sh check      factsheet check on the staged content/
#   tools/pre-commit.sh yamllint   yamllint (settings: .yamllint.yaml) on the staged content/
set -eu

hook=${1:-}
case $hook in
    check) tool=factsheet ;;
    yamllint) tool=yamllint ;;
    *) echo "usage: tools/pre-commit.sh check|yamllint" >&2; exit 2 ;;
esac

# The project's environment (`make .venv/.ready` makes it), else the tool found on PATH.
if [ -x "$(pwd)/.venv/bin/$tool" ]; then
    run=$(pwd)/.venv/bin/$tool
elif run=$(command -v "$tool"); then
    :
else
    echo "pre-commit: $tool is missing: neither the project's .venv nor PATH has it." >&2
    echo "Set it up once with:  make .venv/.ready   (then commit again)" >&2
    exit 1
fi

staged=$(mktemp -d "${TMPDIR:-/tmp}/factsheet-staged.XXXXXX")
trap 'rm -rf "$staged"' EXIT
trap 'exit 130' HUP INT TERM
mkdir -p "$staged/content"
git ls-files -z -- content .yamllint.yaml | git checkout-index --prefix="$staged/" -z --stdin
[ -f "$staged/.yamllint.yaml" ] || cp .yamllint.yaml "$staged/.yamllint.yaml"

cd "$staged"
if [ "$hook" = check ]; then
    "$run" check --content content || {
        status=$?
        echo "(checked the staged files: stage what the commit needs with git add)"
        exit "$status"
    }
else
    "$run" --config-file .yamllint.yaml content
fi
