#!/usr/bin/env bash
# make demo, part 2: tickets run durably in supportopsd on the embedded
# Temporal server. Opens the example's tickets, drives them as agents and
# customers would, lets one chat breach its 30-second first-reply SLA and
# escalate, and prints the outcome; then drills the outage plan with
# simulated participants and writes its HTML report. --keep leaves the
# daemon running.
set -euo pipefail
bin=${BIN:-bin}
example=examples/acme-shop
port=${DEMO_PORT:-8421}
keep=false
[[ "${1:-}" == "--keep" ]] && keep=true

data=$(mktemp -d)
log="$data/supportopsd.log"
step() { printf '\n\033[1m== %s\033[0m\n' "$1"; [[ $# -gt 1 ]] && printf '$ %s\n' "${*:2}"; return 0; }

step "A token for the demo's ops admin" "$bin/supportopsd token add --data-dir $data --principal demo-ops --roles ops_admin"
token=$("$bin/supportopsd" token add --data-dir "$data" --principal demo-ops --roles ops_admin | tail -n 1)
echo "(token stored as a hash in $data/tokens.json)"

step "Start supportopsd with the embedded Temporal server" \
  "$bin/supportopsd --config $example --data-dir $data --http-addr 127.0.0.1:$port"
"$bin/supportopsd" --config "$example" --data-dir "$data" --http-addr "127.0.0.1:$port" >"$log" 2>&1 &
pid=$!
cleanup() {
  if ! $keep; then
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    rm -rf "$data"
  fi
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "supportopsd exited:"; cat "$log"; exit 1; }
  sleep 0.2
done
echo "listening on 127.0.0.1:$port (log: $log)"
export SUPPORTOPS_SERVER="http://127.0.0.1:$port" SUPPORTOPS_TOKEN="$token"
cli="$bin/supportops"

step "Open the example tickets" "$cli ticket open $example/tickets/<name>.json"
declare -A id
for f in "$example"/tickets/*.json; do
  name=$(basename "$f" .json)
  id[$name]=$("$cli" ticket open "$f")
  printf '%-24s -> %s\n' "$name" "${id[$name]}"
done
echo "(opening one again finds the same ticket: $("$cli" ticket open "$example/tickets/vip-refund-complaint.json"))"

ev() { "$cli" ticket event "$@" >/dev/null; }

step "Agents and customers at work"
echo "VIP complaint: a reply, waiting for the customer (SLA paused), the customer answers, solved, rated"
ev "${id[vip-refund-complaint]}" --kind reply --from agent --public
ev "${id[vip-refund-complaint]}" --kind status --status pending_customer
ev "${id[vip-refund-complaint]}" --kind reply --from customer
ev "${id[vip-refund-complaint]}" --kind reply --from agent --public
ev "${id[vip-refund-complaint]}" --kind status --status solved
ev "${id[vip-refund-complaint]}" --kind csat --rating 5 --comment "Fast and friendly"
echo "Trainee's order status: answered, solved, closed without waiting for the survey"
ev "${id[trainee-order-status]}" --kind reply --from agent --public
ev "${id[trainee-order-status]}" --kind status --status solved
ev "${id[trainee-order-status]}" --kind close
echo "After-hours P1 and the full-capacity call: answered, still open"
ev "${id[after-hours-p1]}" --kind reply --from agent --public
ev "${id[full-capacity]}" --kind reply --from agent --public
echo "An event the ticket refuses (exit 1, nothing applied):"
set +e
"$cli" ticket event "${id[trainee-order-status]}" --kind csat --rating 9
echo "exit code: $?"
set -e

step "A refund of 800 needs a supervisor, then a manager; nobody approves their own request"
tok() { "$bin/supportopsd" token add --data-dir "$data" "$@" | tail -n 1; }
julia=$(tok --principal julia-wagner --roles agent --team after-sales)
petra=$(tok --principal petra-hoffmann --roles supervisor,manager)
markus=$(tok --principal markus-weber --roles manager)
t=${id[abusive-customer]}
echo "\$ SUPPORTOPS_TOKEN=<julia, agent> $cli ticket request $t --action refund --amount 800"
SUPPORTOPS_TOKEN=$julia "$cli" ticket request "$t" --action refund --amount 800 --comment "parcel lost twice"
set +e
echo "\$ SUPPORTOPS_TOKEN=<julia, agent> $cli ticket approve $t.A1"
SUPPORTOPS_TOKEN=$julia "$cli" ticket approve "$t.A1"
echo "\$ SUPPORTOPS_TOKEN=<petra, supervisor and manager> $cli ticket approve $t.A1"
SUPPORTOPS_TOKEN=$petra "$cli" ticket approve "$t.A1"
echo "\$ SUPPORTOPS_TOKEN=<petra again> $cli ticket approve $t.A1"
SUPPORTOPS_TOKEN=$petra "$cli" ticket approve "$t.A1"
set -e
echo "\$ SUPPORTOPS_TOKEN=<markus, manager> $cli ticket approve $t.A1"
SUPPORTOPS_TOKEN=$markus "$cli" ticket approve "$t.A1"

step "Nobody answers the abusive customer's chat: its 30 s first-reply SLA warns, breaches and escalates"
"$cli" ticket show "${id[abusive-customer]}"
sleep 33
"$cli" ticket show "${id[abusive-customer]}"
grep -E 'notification.*(sla_warning|sla_breach|notify)' "$log" | sed -E 's/^time=[^ ]+ level=INFO msg=notification //' | head -n 6
echo "\$ $cli ticket list --breached   # found by the search attributes the workflows keep current"
"$cli" ticket list --breached
ev "${id[abusive-customer]}" --kind reply --from agent --public
ev "${id[abusive-customer]}" --kind status --status solved

step "Summary" "$cli ticket show ${id[*]}"
"$cli" ticket show "${id[@]}"

step "An emergency-plan drill: outage-major with simulated participants, 600 times faster" \
  "$cli drill run outage-major --simulate --seed 7 --speed 600 --wait --pass-mark 70"
"$cli" drill run outage-major --simulate --seed 7 --speed 600 --wait --pass-mark 70 | tee "$data/drill.txt"
drill=$(head -n 1 "$data/drill.txt")
"$cli" drill report "$drill" --format html -o "$bin/drill-outage-major.html"
echo "report with the SVG timeline: $bin/drill-outage-major.html"

if $keep; then
  printf '\nsupportopsd keeps running (pid %s). Explore with:\n' "$pid"
  printf '  export SUPPORTOPS_SERVER=%s SUPPORTOPS_TOKEN=%s\n' "$SUPPORTOPS_SERVER" "$SUPPORTOPS_TOKEN"
  printf '  %s ticket show %s --output json\n' "$cli" "${id[vip-refund-complaint]}"
  printf '  %s ticket list --status open\n' "$cli"
  printf 'Stop it with: kill %s\n' "$pid"
fi
