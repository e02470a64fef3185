#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests of the shared warehouse.
#
#   pg-cluster.sh start DIR   initdb in DIR/data, listen on 127.0.0.1 (a free
#                             port) and on a Unix socket in DIR; password
#                             authentication (scram) on TCP, trust on the
#                             socket; prints the TCP URL (no password) and
#                             writes it to DIR/url, the password to DIR/password
#   pg-cluster.sh stop DIR    stops the cluster and removes DIR
#
# As root it runs the server as the `postgres` user (PostgreSQL refuses to
# run as root); otherwise as the current user.
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?the cluster folder}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "pg-cluster: PostgreSQL's server is not installed (apt-get install postgresql)" >&2; exit 3; }
as=()
if [ "$(id -u)" -eq 0 ]; then as=(runuser -u postgres --); fi

case "$cmd" in
start)
  # A new folder only (mkdir fails on anything already there, a symlink
  # included); 0700, the server's own; the password file never readable by others.
  umask 077
  mkdir -m 700 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  password="afterschool-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
  printf '%s\n' "$password" > "$dir/pwfile"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir/pwfile"
  if ! "${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" -A scram-sha-256 \
      --auth-local=trust --locale=C -E UTF8 >"$dir/initdb.log" 2>&1; then
    echo "pg-cluster: initdb failed:" >&2; cat "$dir/initdb.log" >&2; exit 1
  fi
  rm -f "$dir/pwfile"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # TCP on 127.0.0.1 only, with passwords; the socket only for its owner.
  if ! "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c unix_socket_permissions=0700 -c fsync=off" start >/dev/null; then
    echo "pg-cluster: the server did not start:" >&2; tail -20 "$dir/server.log" >&2; exit 1
  fi
  printf '%s\n' "$password" > "$dir/password"
  echo "postgresql://postgres@127.0.0.1:$port/postgres" | tee "$dir/url"
  ;;
stop)
  if [ -d "$dir/data" ]; then "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
  ;;
*) echo "pg-cluster: start or stop" >&2; exit 2 ;;
esac
