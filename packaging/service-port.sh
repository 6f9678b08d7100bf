# Sourced by the class archive trainings (cds-archive.sh, cds-sign-training.sh), which start a Signing Service
# on port 0 in the background.
#   service_port LOG PID: the port the service at PID says in LOG it listens on, once it does (at most 2 min);
#   when it stops first or never says it, LOG goes to standard error, the service is stopped, and the caller exits.
service_port() {
  local log=$1 pid=$2 port=
  for _ in $(seq 1200); do
    port=$(sed -n 's/.* listening on https:\/\/127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$log")
    if [ -n "$port" ] || ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [ -z "$port" ]; then kill "$pid" 2>/dev/null || true; cat "$log" >&2; echo "training: no service" >&2; exit 1; fi
  echo "$port"
}
