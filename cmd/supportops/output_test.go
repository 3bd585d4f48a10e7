package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/cmd/supportops/internal/cli"
)

// TestOutputRefused: every command with --output refuses a format it does
// not offer, before doing anything else, as a usage error naming the
// formats it offers; the flag (or SUPPORTOPS_OUTPUT) is checked once, where
// the command's settings are decoded.
func TestOutputRefused(t *testing.T) {
	const textJSON = "supportops: unknown --output \"yaml\": want text, json\nRun 'supportops --help' for usage.\n"
	type result struct {
		Code   int
		Stderr string
	}
	tests := []struct {
		name   string
		reason string
		args   []string
		env    string
		want   result
	}{
		{name: "validate", reason: "validate offers github too", args: []string{"validate", "."},
			want: result{cli.ExitError, "supportops: unknown --output \"yaml\": want text, json, github\nRun 'supportops --help' for usage.\n"}},
		{name: "plan", reason: "refused before the base is checked", args: []string{"plan"}, want: result{cli.ExitError, textJSON}},
		{name: "test", reason: "a local command", args: []string{"test"}, want: result{cli.ExitError, textJSON}},
		{name: "route", reason: "refused before --ticket is read", args: []string{"route"}, want: result{cli.ExitError, textJSON}},
		{name: "approve", reason: "refused before --request is read", args: []string{"approve"}, want: result{cli.ExitError, textJSON}},
		{name: "calendar due", reason: "refused before --from is parsed", args: []string{"calendar", "due"}, want: result{cli.ExitError, textJSON}},
		{name: "drill run", reason: "refused before the daemon is asked", args: []string{"drill", "run", "tiny"}, want: result{cli.ExitError, textJSON}},
		{name: "drill status", reason: "a daemon command", args: []string{"drill", "status", "D-1"}, want: result{cli.ExitError, textJSON}},
		{name: "drill list", reason: "refused before --limit is checked", args: []string{"drill", "list", "--limit", "0"}, want: result{cli.ExitError, textJSON}},
		{name: "drill ack", reason: "a daemon command", args: []string{"drill", "ack", "D-1", "page"}, want: result{cli.ExitError, textJSON}},
		{name: "drill abort", reason: "refused before --reason is checked", args: []string{"drill", "abort", "D-1"}, want: result{cli.ExitError, textJSON}},
		{name: "drill schedule sync", reason: "a daemon command", args: []string{"drill", "schedule", "sync"}, want: result{cli.ExitError, textJSON}},
		{name: "drill simulate", reason: "refused before the configuration is loaded", args: []string{"drill", "simulate", "--config", "nope"},
			want: result{cli.ExitError, textJSON}},
		{name: "ticket show", reason: "a daemon command", args: []string{"ticket", "show", "T-1"}, want: result{cli.ExitError, textJSON}},
		{name: "ticket migrate", reason: "a daemon command", args: []string{"ticket", "migrate", "T-1"}, want: result{cli.ExitError, textJSON}},
		{name: "ticket event", reason: "a daemon command", args: []string{"ticket", "event", "T-1"}, want: result{cli.ExitError, textJSON}},
		{name: "ticket list", reason: "a daemon command", args: []string{"ticket", "list"}, want: result{cli.ExitError, textJSON}},
		{name: "ticket qa", reason: "refused before --score is checked", args: []string{"ticket", "qa", "T-1"}, want: result{cli.ExitError, textJSON}},
		{name: "staffing", reason: "the week report offers html too, refused before the configuration is loaded", args: []string{"staffing", "--config", "nope"},
			want: result{cli.ExitError, "supportops: unknown --output \"yaml\": want text, json, html\nRun 'supportops --help' for usage.\n"}},
		{name: "impact", reason: "offers markdown too, refused before the base or the history is read", args: []string{"impact", "--history", "nope"},
			want: result{cli.ExitError, "supportops: unknown --output \"yaml\": want text, json, markdown\nRun 'supportops --help' for usage.\n"}},
		{name: "staffing erlang", reason: "the calculator keeps its own --output", args: []string{"staffing", "erlang"}, want: result{cli.ExitError, textJSON}},
		{name: "from the environment", reason: "SUPPORTOPS_OUTPUT is checked as the flag is", args: []string{"ticket", "list"}, env: "yaml",
			want: result{cli.ExitError, textJSON}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("SUPPORTOPS_SERVER", "http://127.0.0.1:1")
			args := tt.args
			if tt.env != "" {
				t.Setenv("SUPPORTOPS_OUTPUT", tt.env)
			} else {
				args = append(args, "--output", "yaml")
			}
			code, stdout, stderr := runCLI(t, args...)
			if diff := cmp.Diff(tt.want, result{code, stderr}); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
		})
	}
}
