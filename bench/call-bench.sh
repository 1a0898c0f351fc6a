#!/usr/bin/env bash
# Call benchmark of the endpoint: two real endpoints (JAIN-SIP, RTP, G.711) in one JVM on loopback.
# Prints call setup latency p50/p99, sustained calls per second, and concurrent calls with media with
# CPU per call.   bench/call-bench.sh [setup-calls=500] [rate-seconds=15]
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$top/bin/lib/jdk.sh"
JAVA_HOME="$(peerswitch_find_jdk)"
ls "$top"/endpoint-client/target/peerswitch-endpoint-*.jar >/dev/null 2>&1 || "$top/mvnw" -q -B install -DskipTests
cp="$(ls "$top"/endpoint-client/target/peerswitch-endpoint-*.jar | grep -v -- "-tests.jar$" | head -n 1):$top/endpoint-client/target/lib/*"
echo "machine            $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
exec "$JAVA_HOME/bin/java" -Xmx2g -cp "$cp" "$top/bench/CallBench.java" "$@"
