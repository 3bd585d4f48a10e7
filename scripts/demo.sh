#!/usr/bin/env bash
# make demo: what supportops does today, on the acme-shop example.
set -euo pipefail
bin=${1:-bin/supportops}
example=examples/acme-shop
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "${*:2}"; }

step "Validate the example configuration" "$bin validate $example"
"$bin" validate "$example"

step "An ops lead edits the configuration: a new agent, a tighter chat SLA, languages reordered" "(edits in a copy)"
cp "$example"/*.cue "$work"/
cat >> "$work/agents.cue" <<'CUE'

agents: zoe: {
	name:  "Zoe Becker"
	team:  "after-sales" // new hire
	roles: ["agent"]
	skills: {returns: 3, refunds: 2}
	languages: ["de", "en"]
	channels: {chat: 3, email: 10}
}
CUE
sed -i 's/target: "30s"/target: "20s"/' "$work/sla.cue"
# Reordering a set (an agent's languages) is not a change.
sed -i '0,/languages: \["de", "en"\]/s//languages: ["en", "de"]/' "$work/agents.cue"

step "Plan: what the change does, entity by entity" "$bin plan --base $example --head $work"
"$bin" plan --base "$example" --head "$work"

step "Impact: the change replayed on last month's tickets (the same as a pull-request comment with --output markdown)" \
  "$bin impact --base $example --head $work --history $example/history/2026-11.jsonl.gz"
"$bin" impact --base "$example" --head "$work" --history "$example/history/2026-11.jsonl.gz"

step "A mistake is caught with its file:line:col (exit 1)" "$bin validate $work"
sed -i 's|"after-sales" // new hire|"aftersales" // new hire|' "$work/agents.cue"
set +e
"$bin" validate "$work"
code=$?
set -e
echo "exit code: $code"

step "Business-hours clock: Fri 16:30 + 1h on Mon-Fri 09:00-17:00" \
  "$bin calendar due --hours 'mon-fri 09:00-17:00' --timezone UTC --from 2026-11-20T16:30:00Z --add 1h"
"$bin" calendar due --hours 'mon-fri 09:00-17:00' --timezone UTC --from 2026-11-20T16:30:00Z --add 1h

step "Business time Fri 16:00 to Mon 10:00" \
  "$bin calendar between --hours 'mon-fri 09:00-17:00' --timezone UTC --from 2026-11-20T16:00:00Z --to 2026-11-23T10:00:00Z"
"$bin" calendar between --hours 'mon-fri 09:00-17:00' --timezone UTC --from 2026-11-20T16:00:00Z --to 2026-11-23T10:00:00Z

step "An SLA on the example's office calendar, over Christmas" \
  "$bin calendar due --config $example --calendar office-berlin --from 2026-12-24T11:00:00+01:00 --add 8h"
"$bin" calendar due --config "$example" --calendar office-berlin --from 2026-12-24T11:00:00+01:00 --add 8h
