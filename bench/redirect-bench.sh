#!/usr/bin/env bash
# Redirect server benchmark (FIG. 15): sustained INVITE -> 302 (an IP trunk) and INVITE -> 407 -> INVITE -> 302
# (a trunk with MD5 digest credentials) rates with zero failed calls, measured with SIPp, for the Peerswitch
# redirect server on WildFly and, side by side in the same run, Kamailio (Debian) configured to do the same job
# (bench/kamailio-redirect.cfg). Each rate step runs for STEP seconds; a step passes when every call succeeded
# and the achieved rate is within 3 % of the target. Prints the highest passing rate of each and the ratio.
#
#   bench/redirect-bench.sh [users=500] [step-seconds=10]
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$top/bin/lib/jdk.sh"
JAVA_HOME="$(peerswitch_find_jdk)"; export JAVA_HOME

users="${1:-500}"; step="${2:-10}"
rates=(1000 2000 3000 4000 5000 6000 8000 10000 12000 15000 20000)
offset=300
https_port=$((8443 + offset)); mgmt_port=$((9990 + offset))
ours_port=15370; kamailio_port=15360
admin_password="bench-admin-password"; trunk_secret="bench-trunk-secret"
work="$top/bench/target/redirect"

command -v sipp >/dev/null || { echo "redirect-bench: SIPp is needed (apt-get install sip-tester)" >&2; exit 1; }
command -v kamailio >/dev/null || { echo "redirect-bench: installing Kamailio (Debian) ..."; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kamailio >/dev/null; }
[ -f "$top/ear/target/peerswitch.ear" ] && [ -d "$top/wildfly-config/target" ] || "$top/mvnw" -q -B install -DskipTests
wildfly="$(ls -d "$top"/wildfly-config/target/wildfly-* | head -n 1)"
rm -rf "$work"; mkdir -p "$work/server/deployments"
cp -r "$wildfly/standalone/configuration" "$work/server/"
cp "$top/ear/target/peerswitch.ear" "$work/server/deployments/"

# A cheap Argon2id only so that provisioning and logging in the users takes seconds; it plays no part in a redirect.
JAVA_OPTS="-Xms1g -Xmx1g -XX:+UseG1GC" JBOSS_HOME="$wildfly" "$wildfly/bin/standalone.sh" \
  -Djboss.server.base.dir="$work/server" -Djboss.socket.binding.port-offset=$offset \
  -Dpeerswitch.sip.port=$((5060 + offset)) -Dpeerswitch.redirect.port=$ours_port \
  -Dpeerswitch.redirect.rate-limit.per-second=0 -Dpeerswitch.redirect.digest-algorithms=MD5,SHA-256 \
  -Dpeerswitch.password.argon2.memory-kib=64 -Dpeerswitch.password.argon2.iterations=1 \
  -Dpeerswitch.admin.initial-password="$admin_password" >"$work/server.log" 2>&1 &
launcher=$!
kamailio_pid=""
cleanup() {
  [ -n "$kamailio_pid" ] && kill "$kamailio_pid" 2>/dev/null || true
  JBOSS_HOME="$wildfly" "$wildfly/bin/jboss-cli.sh" --connect --controller=127.0.0.1:$mgmt_port --command=:shutdown >/dev/null 2>&1 \
    || kill $launcher 2>/dev/null || true
  wait $launcher 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 240); do
  [ -f "$work/server/deployments/peerswitch.ear.deployed" ] && break
  [ -f "$work/server/deployments/peerswitch.ear.failed" ] && { cat "$work/server/deployments/peerswitch.ear.failed"; exit 1; }
  sleep 0.5
done

api="https://localhost:$https_port/api/v1"
address() { echo "198.18.$(( $1 / 250 )).$(( $1 % 250 + 1 ))"; }
echo "provisioning $users users, logging them in at 198.18.x.y:5060, and trunk pbx-bench ..."
{ printf '{"accounts":['
  for i in $(seq 0 $((users - 1))); do
    [ "$i" -gt 0 ] && printf ','
    printf '{"userId":"bench-%d","email":"bench-%d@example.com","password":"bench-password-%d"}' "$i" "$i" "$i"
  done
  printf ']}'; } >"$work/accounts.json"
curl -sfk -u "admin:$admin_password" -H 'Content-Type: application/json' --data-binary @"$work/accounts.json" \
  "$api/admin/accounts/import?mode=upsert" >/dev/null
curl -sfk -u "admin:$admin_password" -H 'Content-Type: application/json' \
  -d "{\"name\":\"pbx-bench\",\"password\":\"$trunk_secret\",\"allUsers\":true,\"addresses\":[\"127.0.0.2\"]}" \
  "$api/admin/trunks" >/dev/null
for i in $(seq 0 $((users - 1))); do echo "$i"; done | xargs -P 4 -I{} sh -c '
  i={}; ip="198.18.$((i / 250)).$((i % 250 + 1))"
  curl -sfk -o /dev/null -H "Content-Type: application/json" -d "{\"userId\":\"bench-$i\",\"password\":\"bench-password-$i\",\"instanceId\":\"bench\",\"publicAddress\":{\"ip\":\"$ip\",\"port\":5060},\"natType\":\"NO_NAT\",\"expires\":3600}" '"$api/sessions"

{ echo "SEQUENTIAL"; for i in $(seq 0 $((users - 1))); do echo "bench-$i"; done; } >"$work/users.csv"
sed "s/\[\$trunk\]/pbx-bench/; s/\[\$secret\]/$trunk_secret/" "$top/bench/sipp/redirect-auth.xml" >"$work/redirect-auth.xml"
cp "$top/bench/sipp/redirect-302.xml" "$work/redirect-302.xml"
sed -e "s/BENCH_USERS/$users/; s/BENCH_TRUSTED/127.0.0.2/; s/BENCH_SECRET/$trunk_secret/; s/BENCH_PORT/$kamailio_port/" \
  "$top/bench/kamailio-redirect.cfg" >"$work/kamailio.cfg"
kamailio -f "$work/kamailio.cfg" -P "$work/kamailio.pid" -E 2>"$work/kamailio.log"
sleep 1; kamailio_pid="$(cat "$work/kamailio.pid")"

# One step: prints "achieved failed" for SIPp at `rate` calls/s for `step` seconds.
run_step() { # target-port scenario source-ip rate
  local out="$work/step.out"
  timeout $((step + 40)) sipp -sf "$work/$2" -inf "$work/users.csv" -i "$3" -p 0 -r "$4" -m $(( $4 * step )) -l $(( $4 * 4 )) \
    -max_socket 1000 -timeout $((step + 30))s -nostdin 127.0.0.1:"$1" >"$out" 2>&1 || true
  local achieved failed ok
  achieved="$(grep -E '^ +Call Rate' "$out" | tail -n 1 | awk -F'|' '{print $3}' | awk '{print $1}')"
  failed="$(grep -E '^ +Failed call' "$out" | tail -n 1 | awk -F'|' '{print $3}' | tr -d ' ')"
  ok="$(grep -E '^ +Successful call' "$out" | tail -n 1 | awk -F'|' '{print $3}' | tr -d ' ')"
  echo "${achieved:-0} ${failed:-?} ${ok:-0}"
}

declare -A best
echo
printf '%-10s %-22s %8s %10s %8s %10s\n' server scenario target achieved failed succeeded
for scenario in redirect-302.xml redirect-auth.xml; do
  source_ip=127.0.0.1; [ "$scenario" = redirect-302.xml ] && source_ip=127.0.0.2
  declare -A done_=([peerswitch]=0 [kamailio]=0)
  for rate in "${rates[@]}"; do
    for server in peerswitch kamailio; do
      [ "${done_[$server]}" = 1 ] && continue
      port=$ours_port; [ "$server" = kamailio ] && port=$kamailio_port
      read -r achieved failed ok < <(run_step "$port" "$scenario" "$source_ip" "$rate")
      printf '%-10s %-22s %8s %10s %8s %10s\n' "$server" "${scenario%.xml}" "$rate" "$achieved" "$failed" "$ok"
      if [ "$failed" = 0 ] && [ "$ok" = $((rate * step)) ] && awk -v a="$achieved" -v r="$rate" 'BEGIN{exit !(a >= 0.97 * r)}'; then
        best[$server/$scenario]=$rate
      else
        done_[$server]=1
      fi
    done
  done
done

echo
echo "machine    $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1), $(kamailio -v | head -n 1)"
echo "load       SIPp on the same cores; $users users online; $step s per step; a step passes with 0 failed calls at >= 97 % of the target rate"
for scenario in redirect-302.xml redirect-auth.xml; do
  ours="${best[peerswitch/$scenario]:-0}"; theirs="${best[kamailio/$scenario]:-0}"
  printf '%-22s peerswitch %6s calls/s   kamailio %6s calls/s   ratio %s\n' "${scenario%.xml}" "$ours" "$theirs" \
    "$(awk -v o="$ours" -v k="$theirs" 'BEGIN{ if (k > 0) printf "%.2f", o / k; else print "n/a" }')"
done
