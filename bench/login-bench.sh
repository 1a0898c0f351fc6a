#!/usr/bin/env bash
# Login benchmark of the access server: 10,000 accounts with 50 buddies each, half of them logging in.
# Prints logins per second, latency, server CPU per login (Argon2id apart from the rest) and heap per
# online location. Starts a server of its own on a fresh base directory (ports shifted by 200).
#
#   bench/login-bench.sh [accounts] [buddies] [concurrency]
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$top/bin/lib/jdk.sh"
JAVA_HOME="$(peerswitch_find_jdk)"; export JAVA_HOME

accounts="${1:-10000}"; buddies="${2:-50}"; concurrency="${3:-16}"
offset=200
https_port=$((8443 + offset)); mgmt_port=$((9990 + offset))
admin_password="bench-admin-password"

[ -f "$top/ear/target/peerswitch.ear" ] && [ -d "$top/wildfly-config/target" ] || "$top/mvnw" -q -B install -DskipTests
wildfly="$(ls -d "$top"/wildfly-config/target/wildfly-* | head -n 1)"
base="$top/bench/target/login-server"
rm -rf "$base"; mkdir -p "$base/deployments"
cp -r "$wildfly/standalone/configuration" "$base/"
cp "$top/ear/target/peerswitch.ear" "$base/deployments/"

JAVA_OPTS="-Xms2g -Xmx2g -XX:+UseG1GC" JBOSS_HOME="$wildfly" "$wildfly/bin/standalone.sh" \
  -Djboss.server.base.dir="$base" -Djboss.socket.binding.port-offset=$offset \
  -Dpeerswitch.admin.initial-password="$admin_password" ${BENCH_SERVER_OPTS:-} >"$base/console.log" 2>&1 &
launcher=$!
trap 'JBOSS_HOME="$wildfly" "$wildfly/bin/jboss-cli.sh" --connect --controller=127.0.0.1:$mgmt_port --command=:shutdown >/dev/null 2>&1 || kill $launcher; wait $launcher 2>/dev/null || true' EXIT

for _ in $(seq 1 240); do
  [ -f "$base/deployments/peerswitch.ear.deployed" ] && break
  [ -f "$base/deployments/peerswitch.ear.failed" ] && { cat "$base/deployments/peerswitch.ear.failed"; exit 1; }
  sleep 0.5
done
server_pid="$(pgrep -f -- "-Djboss.server.base.dir=$base" | while read -r p; do
  grep -q 'jboss-modules.jar' "/proc/$p/cmdline" 2>/dev/null && echo "$p"; done | head -n 1)"

echo "machine            $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
echo "server             WildFly pid $server_pid, heap 2 GB, Argon2id m=19456 KiB t=2 p=1 (shipped defaults)"
"$JAVA_HOME/bin/java" "$top/bench/LoginBench.java" "https://localhost:$https_port/api/v1" "$admin_password" \
  "$server_pid" "$accounts" "$buddies" "$concurrency"
