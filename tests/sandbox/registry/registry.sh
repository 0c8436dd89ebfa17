#!/bin/bash
# The sandbox registry: renders the templates in reg/ (placeholders @HOST@, @DACHS_PORT@,
# @REGISTRY_PORT@, @RENDERED@) into $STATE/www/reg/ and serves $STATE/www on
# http://127.0.0.1:$REGISTRY_PORT/ with serve.py (python3 http.server), detached.
#   bash registry.sh start     render (always) + start if not running/answering; idempotent
#   bash registry.sh stop      stop the server (pid file)
#   bash registry.sh status    exit 0 if it answers
#   bash registry.sh render    only render
# Env: REGISTRY_PORT (8090), DACHS_PORT (only if /etc/gavo.rc has no serverPort; else 8089),
#      CADCPS_SANDBOX_STATE (/var/lib/cadcps-sandbox).
# Registry URL for clients: http://127.0.0.1:$REGISTRY_PORT/reg/resource-caps
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
STATE=${CADCPS_SANDBOX_STATE:-/var/lib/cadcps-sandbox}/registry
HOST=127.0.0.1
RPORT=${REGISTRY_PORT:-8090}
# DaCHS port: where it really runs (/etc/gavo.rc, written by setup.sh), else DACHS_PORT, else 8089
DPORT=$(awk -F': *' '$1=="serverPort" {print $2}' /etc/gavo.rc 2>/dev/null || true)
DPORT=${DPORT:-${DACHS_PORT:-8089}}
PIDFILE=$STATE/server.pid
LOG=$STATE/server.log
URL="http://$HOST:$RPORT/reg/resource-caps"
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3

answers() { [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$URL" 2>/dev/null)" = 200 ] \
            && curl -s -m 5 "$URL" | grep -q '^ivo://cadc.nrc.ca/argus = '; }
running_pid() { local p; p=$(cat "$PIDFILE" 2>/dev/null) || return 1; [ -n "$p" ] && kill -0 "$p" 2>/dev/null && echo "$p"; }

render() {
  mkdir -p "$STATE"
  local new="$STATE/www.new" stamp; stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  rm -rf "$new"; mkdir -p "$new"
  ( cd "$HERE" && find reg -type f ) | while read -r f; do
    mkdir -p "$new/$(dirname "$f")"
    sed -e "s/@HOST@/$HOST/g" -e "s/@DACHS_PORT@/$DPORT/g" -e "s/@REGISTRY_PORT@/$RPORT/g" \
        -e "s/@RENDERED@/$stamp/g" "$HERE/$f" > "$new/$f"
  done
  # swap in (the running server resolves its directory per request)
  rm -rf "$STATE/www.old"; [ -d "$STATE/www" ] && mv "$STATE/www" "$STATE/www.old"
  mv "$new" "$STATE/www"; rm -rf "$STATE/www.old"
  echo "$RPORT" > "$STATE/port"
  # the server runs from a copy, so it does not depend on this checkout staying in place
  cp "$HERE/serve.py" "$HERE/resolver-names.txt" "$STATE/"
}

stop() {
  local p
  if p=$(running_pid); then
    kill "$p" 2>/dev/null || true
    for i in $(seq 1 40); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$p" 2>/dev/null && kill -9 "$p" 2>/dev/null || true
  fi
  rm -f "$PIDFILE"
}

start() {
  render
  local p
  if p=$(running_pid); then
    # running on the wanted port and answering -> nothing to do; otherwise restart it
    if [ "$(cat "$STATE/running-port" 2>/dev/null)" = "$RPORT" ] && answers; then
      echo "registry up on http://$HOST:$RPORT/ (pid $p, already running; templates re-rendered)"; return 0
    fi
    stop
  fi
  rm -f "$PIDFILE"
  if answers; then echo "port $RPORT already serves a registry not started by us" >&2; return 1; fi
  echo "--- $(date -u +%FT%TZ) start on $HOST:$RPORT" >> "$LOG"
  setsid nohup "$PY" "$STATE/serve.py" --bind "$HOST" --directory "$STATE/www" --pidfile "$PIDFILE" "$RPORT" \
    </dev/null >>"$LOG" 2>&1 &
  echo "$RPORT" > "$STATE/running-port"
  for i in $(seq 1 100); do answers && break; sleep 0.1; done
  if ! answers; then echo "sandbox registry did not come up; see $LOG" >&2; tail -5 "$LOG" >&2; return 1; fi
  echo "registry up on http://$HOST:$RPORT/ (pid $(cat "$PIDFILE")); registry URL $URL; log $LOG"
}

case "${1:-start}" in
  start)  start ;;
  stop)   stop; echo "registry stopped" ;;
  render) render; echo "rendered into $STATE/www" ;;
  status) if answers; then echo "registry answers at $URL"; else echo "registry not answering at $URL"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status|render" >&2; exit 2 ;;
esac
