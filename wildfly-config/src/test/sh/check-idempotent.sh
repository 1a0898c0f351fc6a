#!/usr/bin/env bash
# Proves the CLI scripts idempotent: applying them again to an already configured server changes nothing.
# Usage: check-idempotent.sh JBOSS_HOME CLI_DIR WORK_DIR
set -euo pipefail
jboss_home="$1"; cli_dir="$2"; work="$3"

rm -rf "$work"; mkdir -p "$work/base"
cp -r "$jboss_home/standalone/configuration" "$work/base/"
export JAVA_OPTS="-Djboss.server.base.dir=$work/base"
config="$work/base/configuration/standalone.xml"

apply() {  # runs one script, fails on any unsuccessful step
  local out
  out="$("$jboss_home/bin/jboss-cli.sh" --file="$cli_dir/$1" 2>&1)" || { echo "$out" >&2; return 1; }
  if grep -q '"outcome" => "failed"' <<<"$out"; then echo "$out" >&2; return 1; fi
}

cp "$config" "$work/before.xml"
apply peerswitch-server.cli
diff -u "$work/before.xml" "$config" || { echo "peerswitch-server.cli is not idempotent" >&2; exit 1; }

apply peerswitch-postgresql.cli
grep -q '<driver>postgresql</driver>' "$config" || { echo "peerswitch-postgresql.cli did not switch the datasource" >&2; exit 1; }
cp "$config" "$work/postgresql.xml"
apply peerswitch-postgresql.cli
diff -u "$work/postgresql.xml" "$config" || { echo "peerswitch-postgresql.cli is not idempotent" >&2; exit 1; }
echo "CLI scripts are idempotent"
