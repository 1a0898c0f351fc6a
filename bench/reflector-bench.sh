#!/usr/bin/env bash
# Reflector benchmark on loopback: STUN Binding answers per second of the STUN server next to coturn (Debian's
# STUN/TURN server, installed here if missing), and reflected packets per second (100- and 1,200-byte payloads)
# of the shipped reflector next to a minimal C forwarder (bench/forwarder.c, compiled here with gcc) under the
# same load, with the server process's CPU per packet.
#
#   bench/reflector-bench.sh [seconds-per-row=5] [sender-threads=2]
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$top/bin/lib/jdk.sh"
JAVA_HOME="$(peerswitch_find_jdk)"; export JAVA_HOME

ls "$top"/reflector/target/peerswitch-reflector-*.jar >/dev/null 2>&1 && [ -d "$top/reflector/target/lib" ] \
  || "$top/mvnw" -q -B -pl wire,reflector install -DskipTests
mkdir -p "$top/bench/target"
gcc -O2 -Wall -Wextra -o "$top/bench/target/forwarder" "$top/bench/forwarder.c"

# coturn as the STUN reference. Without it (no root, no Debian package) its row says why and the rest runs.
coturn="" coturn_missing=""
if ! command -v turnserver >/dev/null 2>&1; then
  echo "installing coturn (apt-get install coturn) for the STUN reference row" >&2
  if apt_out="$(export DEBIAN_FRONTEND=noninteractive; { apt-get update -qq && apt-get install -y -qq coturn; } 2>&1)"; then
    # Where systemd runs, the package starts coturn as a service with /etc/turnserver.conf, on every address:
    # the bench wants only its own, on loopback.
    if [ -d /run/systemd/system ]; then systemctl disable --now coturn.service >/dev/null 2>&1 || true; fi
  else
    coturn_missing="apt-get install coturn failed: $(printf '%s\n' "$apt_out" | grep -v '^ *$' | tail -n 1)"
  fi
fi
if command -v turnserver >/dev/null 2>&1; then coturn="$(command -v turnserver)"; fi
[ -n "$coturn" ] || [ -n "$coturn_missing" ] || coturn_missing="no turnserver after installing coturn"
# coturn's pid file and user database go here; should the JVM die during coturn's row, the trap stops coturn.
coturn_dir="$(mktemp -d)"
stop_coturn() {
  local pid
  pid="$(cat "$coturn_dir/turnserver.pid" 2>/dev/null || true)"
  if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = turnserver ]; then kill "$pid" 2>/dev/null || true; fi
  rm -rf "$coturn_dir"
}
trap stop_coturn EXIT

cp="$(ls "$top"/reflector/target/peerswitch-reflector-*.jar | head -n 1):$top/reflector/target/lib/*"
# Each server reads one socket with one thread: each gets a core of its own, the load the others.
cpus="$(nproc)"; pin=(); server_cpu=""
if [ "$cpus" -ge 2 ] && command -v taskset >/dev/null; then
  server_cpu="$((cpus - 1))"; pin=(taskset -c "0-$((cpus - 2))")
fi
echo "machine            $cpus cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
coturn_name="coturn (not available)"
[ -z "$coturn" ] || coturn_name="coturn $("$coturn" --version 2>/dev/null | head -n 1 || true) (STUN only, UDP, one relay thread)"
echo "servers            reflector/bin/reflector (shipped JVM defaults), $coturn_name and bench/target/forwarder (gcc -O2), each alone on CPU ${server_cpu:-any}"
"${pin[@]}" "$JAVA_HOME/bin/java" -Dbench.server-cpu="$server_cpu" \
  -Dbench.coturn="$coturn" -Dbench.coturn-missing="$coturn_missing" -Dbench.coturn-dir="$coturn_dir" \
  -cp "$cp" "$top/bench/ReflectorBench.java" "$top/reflector/bin/reflector" "$top/bench/target/forwarder" "$@"
