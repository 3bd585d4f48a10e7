package daemon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/supportops/supportops/internal/command"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// defaultRetention is how long a namespace made by setup keeps the
// histories of closed tickets and drills: the embedded server's own.
const defaultRetention = 72 * time.Hour

// setupTimeout bounds setup, which waits for the cluster's services to
// learn of a new namespace and of new search attributes (their caches
// refresh every 10 s by default).
const setupTimeout = 2 * time.Minute

// setupOptions are the settings of supportopsd setup: the frontend, its
// connection settings (Options' Temporal* fields) and the namespace.
type setupOptions struct {
	Options   `mapstructure:",squash"`
	Retention time.Duration `mapstructure:"retention"`
}

func newSetupCmd(v *viper.Viper) *cobra.Command {
	setup := &cobra.Command{
		Use:   "setup",
		Short: "Prepare a Temporal cluster's namespace for supportopsd replicas",
		Long: `Setup makes the namespace ready for supportopsd on a Temporal cluster
(--temporal-address): it registers the namespace when the cluster does not
have it (with --retention for closed tickets' histories) and adds the search
attributes the ticket list, the Temporal UI's filters and the agents' load
after a restart depend on (TicketId, TicketStatus, TicketQueue, ...). It
changes nothing that is already right, so it is safe to run on every
deploy, and refuses a search attribute registered with another type.

The embedded server needs none of this. On Temporal Cloud, create the
namespace in the Cloud console first; setup then adds the search attributes
with an API key allowed to.`,
		Example: `  supportopsd setup --temporal-address temporal-frontend:7233 --namespace support --retention 168h`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var o setupOptions
			if err := decode(v, &o); err != nil {
				return err
			}
			if !v.IsSet("temporal-tls") {
				o.TemporalTLS = nil
			}
			if o.TemporalAddress == "" {
				return command.Usagef("setup: --temporal-address is required (the embedded server needs no setup)")
			}
			if o.Retention < 24*time.Hour {
				return command.Usagef("setup: --retention %v: Temporal keeps closed histories for at least 24h", o.Retention)
			}
			if _, err := loadTemporalConn(o.Options); err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), setupTimeout)
			defer cancel()
			return setupNamespace(ctx, cmd.OutOrStdout(), o)
		},
	}
	f := setup.Flags()
	temporalFlags(f)
	f.Duration("retention", defaultRetention, "how long a namespace registered by setup keeps closed workflows' histories (at least 24h)")
	return setup
}

// setupNamespace registers the namespace unless it exists, then its
// search attributes, and says what it did on out.
func setupNamespace(ctx context.Context, out io.Writer, o setupOptions) error {
	c, err := dialTemporal(ctx, o.Options, o.TemporalAddress, o.Namespace, sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		return err
	}
	defer c.Close()
	created, err := ensureNamespace(ctx, c, o.Namespace, o.Retention)
	if err != nil {
		return err
	}
	if created {
		fmt.Fprintf(out, "namespace %s registered, retention %v\n", o.Namespace, o.Retention)
	} else {
		fmt.Fprintf(out, "namespace %s exists\n", o.Namespace)
	}
	if err := registerSearchAttributes(ctx, c, o.Namespace); err != nil {
		return err
	}
	fmt.Fprintf(out, "search attributes of namespace %s: %s\n", o.Namespace, strings.Join(slices.Sorted(maps.Keys(ticketwf.SearchAttributes())), ", "))
	return nil
}

// ensureNamespace registers namespace with retention unless the cluster
// has it, and waits until the frontend serves it. It reports whether it
// registered it.
func ensureNamespace(ctx context.Context, c client.Client, namespace string, retention time.Duration) (bool, error) {
	var missing *serviceerror.NamespaceNotFound
	_, err := c.WorkflowService().DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: namespace})
	if err == nil {
		return false, nil
	}
	if !errors.As(err, &missing) {
		return false, fmt.Errorf("describe namespace %s: %w", namespace, err)
	}
	_, regErr := c.WorkflowService().RegisterNamespace(ctx, &workflowservice.RegisterNamespaceRequest{
		Namespace: namespace, WorkflowExecutionRetentionPeriod: durationpb.New(retention),
		Description: "supportops tickets and drills",
	})
	var exists *serviceerror.NamespaceAlreadyExists // registered meanwhile by another setup
	if regErr != nil && !errors.As(regErr, &exists) {
		return false, fmt.Errorf("register namespace %s: %w", namespace, regErr)
	}
	// The services learn of a new namespace when their namespace cache
	// refreshes: wait until the frontend knows it.
	for {
		// ListWorkflow goes through the namespace cache, as the daemon's
		// calls will.
		_, err = c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Namespace: namespace, PageSize: 1})
		if err == nil {
			return regErr == nil, nil
		}
		select {
		case <-ctx.Done():
			return false, fmt.Errorf("wait for the cluster to serve namespace %s: %w", namespace, err)
		case <-time.After(250 * time.Millisecond):
		}
	}
}
