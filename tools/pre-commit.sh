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

venv=$(pwd)/.venv/bin
if [ ! -x "$venv/$tool" ]; then
    echo "pre-commit: $venv/$tool is missing: the hooks use the project's .venv." >&2
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
    "$venv/factsheet" check --content content || {
        status=$?
        echo "(checked the staged files: stage what the commit needs with git add)"
        exit "$status"
    }
else
    "$venv/yamllint" --config-file .yamllint.yaml content
fi
