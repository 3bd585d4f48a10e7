package cli

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/apiv1"
)

// serverOptions reach supportopsd.
type serverOptions struct {
	Server string `mapstructure:"server"`
	Token  string `mapstructure:"token"`
	Output string `mapstructure:"output"`
}

// serverFlags adds the flags that name the daemon and the token and,
// when formats are given, --output with those formats (outputFlag).
func serverFlags(cmd *cobra.Command, formats ...string) {
	cmd.Flags().String("server", "http://127.0.0.1:8420", "URL of supportopsd")
	cmd.Flags().String("token", "", "API token (supportopsd token add); better set as SUPPORTOPS_TOKEN")
	if len(formats) > 0 {
		outputFlag(cmd.Flags(), formats...)
	}
}

// keyPrefix starts the Idempotency-Keys of the CLI's requests, which
// tells them apart in the daemon's log.
const keyPrefix = "cli-"

// client is the API client of the daemon the options name, with their
// token.
func (o serverOptions) client() *apiv1.Client {
	return apiv1.New(o.Server, o.Token, apiv1.WithKeyPrefix(keyPrefix))
}

// daemonError is an error of the API client as the CLI reports it: a
// refusal (4xx) as findings (exit 1), a --server that makes no request as
// a usage error, anything else as an error.
func daemonError(err error) error {
	var refused *apiv1.Error
	var badURL *url.Error
	switch {
	case errors.As(err, &refused) && refused.Status < http.StatusInternalServerError:
		return findings{err}
	case errors.Is(err, apiv1.ErrServerURL) && errors.As(err, &badURL):
		return usagef("--server: %w", badURL)
	}
	return err
}

// checkLimit refuses a --limit the daemon refuses, with its words and as a
// refusal (apiv1.CheckListLimit): the client leaves a zero limit out of
// the request, which the daemon would take for its default.
func checkLimit(limit int) error {
	_, err := apiv1.CheckListLimit(strconv.Itoa(limit))
	return daemonError(err)
}

// findings is an error already described that exits with ExitFindings.
type findings struct{ err error }

func (f findings) Error() string { return f.err.Error() }
func (f findings) Unwrap() error { return errFindings }

// show asks the daemon with ask and renders its answer (render): as JSON
// with --output json, else as text writes it.
func show[T any](cmd *cobra.Command, o serverOptions, ask func(context.Context, *apiv1.Client) (T, error), text func(io.Writer, T) error) error {
	v, err := ask(cmd.Context(), o.client())
	if err != nil {
		return daemonError(err)
	}
	return render(cmd, o.Output, v, func(w io.Writer) error { return text(w, v) })
}
