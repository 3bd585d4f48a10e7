package command_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/spf13/cobra"

	"github.com/supportops/supportops/internal/command"
	"github.com/supportops/supportops/internal/testutil"
)

var errFound = errors.New("findings reported")

// root is a command that returns err and has one flag.
func root(err error) *cobra.Command {
	c := &cobra.Command{
		Use: "prog", SilenceErrors: true, SilenceUsage: true,
		RunE: func(*cobra.Command, []string) error { return err },
	}
	c.Flags().Bool("x", false, "a flag")
	return c
}

func TestExecute(t *testing.T) {
	tests := map[string]struct {
		reason     string
		hint       string
		err        error
		args       []string
		wantCode   int
		wantStderr string
	}{
		"ok": {
			reason:   "a command without error exits 0 and prints nothing",
			wantCode: command.ExitOK,
		},
		"findings reported": {
			reason:   "bare findings were reported by the command: exit 1, nothing printed",
			err:      errFound,
			wantCode: command.ExitFindings,
		},
		"findings wrapped": {
			reason:     "wrapped findings are printed once",
			err:        fmt.Errorf("%w: approval denied", errFound),
			wantCode:   command.ExitFindings,
			wantStderr: "prog: findings reported: approval denied\n",
		},
		"internal": {
			reason:     "any other error exits 2",
			err:        errors.New("disk full"),
			wantCode:   command.ExitError,
			wantStderr: "prog: disk full\n",
		},
		"usage with hint": {
			reason:     "a usage error is followed by the hint",
			hint:       "Run 'prog --help' for usage.",
			err:        command.Usagef("give --%s", "base"),
			wantCode:   command.ExitError,
			wantStderr: "prog: give --base\nRun 'prog --help' for usage.\n",
		},
		"usage without hint": {
			reason:     "a program without a hint prints the error only",
			err:        fmt.Errorf("read: %w", command.Usagef("bad")),
			wantCode:   command.ExitError,
			wantStderr: "prog: read: bad\n",
		},
		"internal with hint": {
			reason:     "the hint follows usage errors only",
			hint:       "Run 'prog --help' for usage.",
			err:        errors.New("disk full"),
			wantCode:   command.ExitError,
			wantStderr: "prog: disk full\n",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			p := command.Program{Name: "prog", Findings: errFound, UsageHint: tc.hint}
			code := p.Execute(t.Context(), root(tc.err), tc.args, &stdout, &stderr)
			if code != tc.wantCode {
				t.Errorf("%s\nExecute() = %d, want %d", tc.reason, code, tc.wantCode)
			}
			if diff := cmp.Diff(tc.wantStderr, stderr.String()); diff != "" {
				t.Errorf("%s\nstderr (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}

// options are the settings decoded in the tests.
type options struct {
	Name  string        `mapstructure:"name"`
	Count int           `mapstructure:"count"`
	Wait  time.Duration `mapstructure:"wait"`
	Tags  []string      `mapstructure:"tags"`
}

// decodeRun runs a command with the flags of options through NewSettings,
// LoadSettings and Decode, and returns what it decoded.
func decodeRun(t *testing.T, args []string) (options, error) {
	t.Helper()
	v := command.NewSettings()
	var got options
	c := &cobra.Command{
		Use: "prog", SilenceErrors: true, SilenceUsage: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error { return command.LoadSettings(v, cmd) },
		RunE:              func(*cobra.Command, []string) error { return command.Decode(v, &got) },
	}
	command.AddSettingsFlag(c.PersistentFlags())
	c.Flags().String("name", "default", "")
	c.Flags().Int("count", 1, "")
	c.Flags().Duration("wait", time.Second, "")
	c.Flags().StringSlice("tags", nil, "")
	c.SetArgs(args)
	c.SetOut(&bytes.Buffer{})
	c.SetErr(&bytes.Buffer{})
	err := c.Execute()
	return got, err
}

func TestSettings(t *testing.T) {
	file := testutil.TempFile(t, "settings.yaml", "name: file\ncount: 3\nwait: 2m\n")
	tests := map[string]struct {
		reason    string
		env       map[string]string
		args      []string
		want      options
		wantUsage bool
	}{
		"defaults": {
			reason: "unset, every option has its flag's default",
			want:   options{Name: "default", Count: 1, Wait: time.Second},
		},
		"file": {
			reason: "the settings file wins over the defaults",
			args:   []string{"--settings", file},
			want:   options{Name: "file", Count: 3, Wait: 2 * time.Minute},
		},
		"environment": {
			reason: "the environment wins over the file; lists split at ';'",
			env:    map[string]string{"SUPPORTOPS_NAME": "env", "SUPPORTOPS_TAGS": "a;b"},
			args:   []string{"--settings", file},
			want:   options{Name: "env", Count: 3, Wait: 2 * time.Minute, Tags: []string{"a", "b"}},
		},
		"flag": {
			reason: "a flag wins over the environment",
			env:    map[string]string{"SUPPORTOPS_NAME": "env"},
			args:   []string{"--settings", file, "--name", "flag"},
			want:   options{Name: "flag", Count: 3, Wait: 2 * time.Minute},
		},
		"bad value": {
			reason:    "a value that does not convert is a usage error",
			env:       map[string]string{"SUPPORTOPS_COUNT": "many"},
			want:      options{Name: "default", Wait: time.Second},
			wantUsage: true,
		},
		"missing file": {
			reason:    "an unreadable settings file is a usage error",
			args:      []string{"--settings", filepath.Join(filepath.Dir(file), "missing.yaml")},
			wantUsage: true,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			for _, k := range []string{"SUPPORTOPS_NAME", "SUPPORTOPS_COUNT", "SUPPORTOPS_TAGS"} {
				t.Setenv(k, tc.env[k])
				if tc.env[k] == "" {
					os.Unsetenv(k)
				}
			}
			got, err := decodeRun(t, tc.args)
			var ue command.UsageError
			if isUsage := errors.As(err, &ue); isUsage != tc.wantUsage || (err != nil && !isUsage) {
				t.Fatalf("%s\nerror = %v, want a usage error: %t", tc.reason, err, tc.wantUsage)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s\noptions (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}
