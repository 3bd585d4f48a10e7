package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/engine/bundle"
	"github.com/supportops/supportops/engine/config"
	"github.com/supportops/supportops/engine/diag"
	"github.com/supportops/supportops/engine/policy"
)

// loadEngine opens the configuration in dir (bundle.Open): loads and
// validates it and compiles its policies (the defaults overlaid with
// dir/policies). Invalid configuration or policies are reported as
// findings.
func loadEngine(cmd *cobra.Command, dir string) (*config.Snapshot, *policy.Engine, error) {
	b, err := bundle.Open(cmd.Context(), dir)
	if err != nil {
		return nil, nil, findingsOf(cmd, bundle.Cause(err))
	}
	return b.Snapshot, b.Engine, nil
}

// findingsOf reports diagnostics on stderr as findings; any other error
// is returned as it is.
func findingsOf(cmd *cobra.Command, err error) error {
	if ds, ok := errors.AsType[diag.Diagnostics](err); ok {
		ds.WriteText(cmd.ErrOrStderr())
		return errFindings
	}
	return err
}

// readJSON decodes a JSON file strictly: unknown fields and trailing data
// are usage errors that name the file.
func readJSON(flag, name string, v any) error {
	if name == "" {
		return usagef("%s is required", flag)
	}
	var r io.Reader
	if name == "-" {
		r = os.Stdin
	} else {
		b, err := os.ReadFile(name)
		if err != nil {
			return usagef("%s: %w", flag, err)
		}
		r = bytes.NewReader(b)
	}
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return usagef("%s %s: %w", flag, name, err)
	}
	if dec.More() {
		return usagef("%s %s: more than one JSON value", flag, name)
	}
	return nil
}
