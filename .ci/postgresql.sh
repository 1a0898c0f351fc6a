#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1:$1 in $2 with database and owner "peerswitch"
# (password $3), for checking ./run --postgresql. `postgresql.sh stop DIR` stops it again.
set -euo pipefail
if [ "$1" = stop ]; then
  runuser -u postgres -- "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/pg_ctl" -D "$2/data" -m fast stop >/dev/null || true
  exit 0
fi
port="$1"; dir="$2"; password="$3"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
mkdir -p "$dir"; chown postgres "$dir"
echo "$password" >"$dir/pwfile"; chown postgres "$dir/pwfile"; chmod 600 "$dir/pwfile"
runuser -u postgres -- "$bin/initdb" -D "$dir/data" -A scram-sha-256 --pwfile="$dir/pwfile" -U postgres >/dev/null
rm -f "$dir/pwfile"
runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir" start >/dev/null
export PGPASSWORD="$password"
psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE USER peerswitch PASSWORD '$password'"
psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE peerswitch OWNER peerswitch"
