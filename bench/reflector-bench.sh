#!/usr/bin/env bash
# Reflector benchmark on loopback: STUN Binding answers per second of the STUN server, and reflected packets
# per second (100- and 1,200-byte payloads) of the shipped reflector next to a minimal C forwarder
# (bench/forwarder.c, compiled here with gcc) under the same load, with the server process's CPU per packet.
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

cp="$(ls "$top"/reflector/target/peerswitch-reflector-*.jar | head -n 1):$top/reflector/target/lib/*"
# Both servers read one socket with one thread: each gets a core of its own, the load the others.
cpus="$(nproc)"; pin=(); server_cpu=""
if [ "$cpus" -ge 2 ] && command -v taskset >/dev/null; then
  server_cpu="$((cpus - 1))"; pin=(taskset -c "0-$((cpus - 2))")
fi
echo "machine            $cpus cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
echo "servers            reflector/bin/reflector (shipped JVM defaults) and bench/target/forwarder (gcc -O2), each alone on CPU ${server_cpu:-any}"
exec "${pin[@]}" "$JAVA_HOME/bin/java" -Dbench.server-cpu="$server_cpu" -cp "$cp" "$top/bench/ReflectorBench.java" \
  "$top/reflector/bin/reflector" "$top/bench/target/forwarder" "$@"
