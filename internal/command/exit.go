package command

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/spf13/cobra"
)

// Exit codes, the contract scripts and CI pipelines rely on.
const (
	// ExitOK means success: the command did what was asked.
	ExitOK = 0
	// ExitFindings means the command ran and found problems (an invalid
	// configuration, a failing policy test, a refusal).
	ExitFindings = 1
	// ExitError means a usage error or an internal error.
	ExitError = 2
)

// UsageError marks an error in how a command was called.
type UsageError struct{ Err error }

// Error returns the message of the error it marks.
func (e UsageError) Error() string { return e.Err.Error() }

// Unwrap returns the error it marks.
func (e UsageError) Unwrap() error { return e.Err }

// Usagef returns a usage error formatted as fmt.Errorf does.
func Usagef(format string, args ...any) error {
	return UsageError{fmt.Errorf(format, args...)}
}

// Program is how one binary ends a run: its name, what counts as findings
// and what follows a usage error.
type Program struct {
	// Name prefixes every error printed: "NAME: message".
	Name string
	// Findings is the sentinel error of a run that found problems
	// (ExitFindings). A command returns it bare when it has reported them
	// itself, and wrapped to have the error printed.
	Findings error
	// UsageHint, when not empty, is printed on a line of its own after a
	// usage error.
	UsageHint string
}

// Run runs the function that runs a binary: with the process's arguments
// and streams and a context cancelled by the given signals, returning the
// exit code.
func Run(run func(ctx context.Context, args []string, stdout, stderr io.Writer) int, signals ...os.Signal) int {
	ctx, stop := signal.NotifyContext(context.Background(), signals...)
	defer stop()
	return run(ctx, os.Args[1:], os.Stdout, os.Stderr)
}

// Execute runs root with args and streams, prints the error it ends with
// once, and returns the exit code.
func (p Program) Execute(ctx context.Context, root *cobra.Command, args []string, stdout, stderr io.Writer) int {
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	switch {
	case err == nil:
		return ExitOK
	case p.Findings != nil && errors.Is(err, p.Findings):
		if err != p.Findings { // a refusal not yet reported
			fmt.Fprintf(stderr, "%s: %v\n", p.Name, err)
		}
		return ExitFindings
	default:
		fmt.Fprintf(stderr, "%s: %v\n", p.Name, err)
		var ue UsageError
		if p.UsageHint != "" && errors.As(err, &ue) {
			fmt.Fprintln(stderr, p.UsageHint)
		}
		return ExitError
	}
}
