#!/usr/bin/env bash
# make mem: the daemon's memory under a stream of tickets (issue 11, defect
# 11). Starts supportopsd with the embedded Temporal server on a fresh data
# directory with the acme-shop example, opens MEM_TICKETS tickets over the
# HTTP API on loopback, MEM_JOBS at a time, each with a few events (an
# agent's public reply, waiting for the customer, the customer's reply;
# every other ticket is then solved and closed), and prints the daemon's
# resident set size (VmRSS, and the Go heap from /metrics when it is
# there) fresh and after every MEM_EVERY tickets.
#
#   MEM_TICKETS  tickets to open (default 5000)
#   MEM_EVERY    tickets between two samples (default 250)
#   MEM_MARKS    more sample points (default 450, where issue 11 saw 811 MB)
#   MEM_JOBS     concurrent clients (default 8)
#   MEM_ARGS     extra daemon flags, e.g. "--workflow-cache-size 10000"
#   MEM_PPROF    a loopback host:port for --pprof-listen; the heap profile
#                at the end is saved as heap.pb.gz in MEM_OUT
#   MEM_OUT      directory for the samples (mem.tsv), the daemon's log and
#                the profile (default: a temporary directory, kept)
#   BIN          directory of supportopsd and supportops (default bin)
set -euo pipefail
bin=${BIN:-bin}
example=examples/acme-shop
tickets=${MEM_TICKETS:-5000}
every=${MEM_EVERY:-250}
marks=" ${MEM_MARKS:-450} "
jobs=${MEM_JOBS:-8}
out=${MEM_OUT:-$(mktemp -d)}
mkdir -p "$out"
data=$(mktemp -d)
log="$out/supportopsd.log"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 8431)
token=$("$bin/supportopsd" token add --data-dir "$data" --principal mem-ops --roles ops_admin | tail -n 1)
pprof=()
[[ -n "${MEM_PPROF:-}" ]] && pprof=(--pprof-listen "$MEM_PPROF")
# shellcheck disable=SC2086 # MEM_ARGS is a list of flags
"$bin/supportopsd" --config "$example" --data-dir "$data" --http-addr "127.0.0.1:$port" \
  --log-level warn "${pprof[@]}" ${MEM_ARGS:-} >"$log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT
api="http://127.0.0.1:$port"
for _ in $(seq 1 150); do
  curl -fsS "$api/healthz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "supportopsd exited:"; cat "$log"; exit 1; }
  sleep 0.2
done

# The example's tickets as templates, without their ids: intake derives
# the id from the external id, which each copy gets anew.
mapfile -t templates < <(for f in "$example"/tickets/*.json; do jq -c 'del(.id)' "$f"; done)
run=$(date +%s)

post() { # path body: prints the answer, fails on an HTTP error
  curl -fsS -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data "$2" "$api$1"
}

# one opens ticket $1 and sends its events.
one() {
  local n=$1 tmpl id
  tmpl=${templates[$((n % ${#templates[@]}))]}
  id=$(post /v1/tickets "$(jq -c --arg x "mem-$run-$n" '.external_id = $x' <<<"$tmpl")" | jq -r .id)
  post "/v1/tickets/$id/events" '{"kind":"reply","from":"agent","public":true}' >/dev/null
  post "/v1/tickets/$id/events" '{"kind":"status","status":"pending_customer"}' >/dev/null
  post "/v1/tickets/$id/events" '{"kind":"reply","from":"customer"}' >/dev/null
  if ((n % 2 == 0)); then
    post "/v1/tickets/$id/events" '{"kind":"status","status":"solved"}' >/dev/null
    post "/v1/tickets/$id/events" '{"kind":"close"}' >/dev/null
  fi
}

# worker opens the tickets from $1 to $2 (exclusive) whose number is $3
# modulo jobs.
worker() {
  local n
  for ((n = $1; n < $2; n++)); do
    ((n % jobs == $3)) || continue
    one "$n" || echo "ticket $n failed" >&2
  done
}

rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status"; }
heap_mb() {
  curl -fsS -H "Authorization: Bearer $token" "$api/metrics" 2>/dev/null |
    awk '$1 == "go_memstats_heap_inuse_bytes" {printf "%.0f", $2/1048576; f=1} END {if (!f) printf "-"}'
}
sample() { # tickets events elapsed
  local line
  line=$(printf '%s\t%s\t%s\t%s\t%s' "$1" "$2" "$3" "$(rss_mb)" "$(heap_mb)")
  echo "$line" | tee -a "$out/mem.tsv"
}

echo "supportopsd pid $pid on $api, flags: ${MEM_ARGS:-(defaults)}; output in $out"
printf 'tickets\tevents\telapsed_s\trss_mb\theap_inuse_mb\n' | tee "$out/mem.tsv"
sleep 2
sample 0 0 0
start=$(date +%s)
done_=0
while ((done_ < tickets)); do
  next=$(((done_ / every + 1) * every))
  for m in $marks; do ((m > done_ && m < next)) && next=$m; done
  ((next > tickets)) && next=$tickets
  pids=()
  for ((j = 0; j < jobs; j++)); do
    worker "$done_" "$next" "$j" &
    pids+=($!)
  done
  wait "${pids[@]}"
  kill -0 "$pid" 2>/dev/null || { echo "supportopsd exited:"; tail -n 20 "$log"; exit 1; }
  done_=$next
  # Three events a ticket, two more for every other one.
  sample "$done_" $((done_ * 3 + (done_ + 1) / 2 * 2)) $(($(date +%s) - start))
done
if [[ -n "${MEM_PPROF:-}" ]]; then
  curl -fsS "http://$MEM_PPROF/debug/pprof/heap" -o "$out/heap.pb.gz" && echo "heap profile: $out/heap.pb.gz"
fi
grep -c 'level=ERROR' "$log" | xargs echo "ERROR lines in the daemon's log:"
