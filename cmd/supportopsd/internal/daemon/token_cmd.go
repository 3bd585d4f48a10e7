package daemon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/supportops/supportops/engine/auth"
	"github.com/supportops/supportops/engine/pgstate"
	"github.com/supportops/supportops/engine/policy"
)

// rolesHelp lists the roles a token may carry.
const rolesHelp = "Roles: agent, supervisor, manager, integration, ops_admin (may do everything)."

// principalOptions are the settings of the token commands that name whom a
// token stands for.
type principalOptions struct {
	Principal string `mapstructure:"principal"`
	Roles     string `mapstructure:"roles"`
	Team      string `mapstructure:"team"`
}

// principal is the principal the options name, its roles split.
func (o principalOptions) principal() policy.Principal {
	return policy.Principal{ID: o.Principal, Roles: splitRoles(o.Roles), Team: o.Team}
}

// principalFlags adds the flags of principalOptions.
func principalFlags(f *pflag.FlagSet) {
	f.String("principal", "", "who the token stands for (required)")
	f.String("roles", "", "comma-separated roles (required)")
	f.String("team", "", "the principal's team, for agents")
}

// printToken prints a new token, the only time it is shown.
func printToken(out io.Writer, p policy.Principal, tok string) {
	fmt.Fprintf(out, "token for %s (%s), shown once:\n", p.ID, strings.Join(p.Roles, ", "))
	fmt.Fprintln(out, tok)
}

// storeOptions are the settings of the token commands that say where the
// tokens are: the database of --events-dsn, which replicas share, else
// <data-dir>/tokens.json.
type storeOptions struct {
	DataDir   string `mapstructure:"data-dir"`
	EventsDSN string `mapstructure:"events-dsn"`
}

// storeFlags adds the flags of storeOptions.
func storeFlags(f *pflag.FlagSet) {
	f.String("data-dir", "", "data directory of the daemon, whose tokens.json holds the tokens (required without --events-dsn)")
	f.String("events-dsn", "", "PostgreSQL database of the daemons, postgres://... (prefer SUPPORTOPS_EVENTS_DSN), which holds the tokens instead of <data-dir>/tokens.json")
}

// given reports whether the options name a store.
func (o storeOptions) given() bool { return o.DataDir != "" || o.EventsDSN != "" }

// tokenStore is where the token commands keep tokens: fileTokens or
// pgstate.Tokens.
type tokenStore interface {
	Add(ctx context.Context, p policy.Principal, now time.Time) (string, error)
	List(ctx context.Context) ([]auth.Entry, error)
	Revoke(ctx context.Context, id string) (int, error)
}

// open opens the token store the options name; done closes it.
func (o storeOptions) open(ctx context.Context) (store tokenStore, done func(), err error) {
	if o.EventsDSN != "" {
		if err = checkEventsDSN(o.EventsDSN); err != nil {
			return nil, nil, err
		}
		db, oerr := pgstate.Open(ctx, o.EventsDSN)
		if oerr != nil {
			return nil, nil, fmt.Errorf("open token store: %w", oerr)
		}
		return db.Tokens(), func() { _ = db.Close() }, nil
	}
	s, err := auth.Open(filepath.Join(o.DataDir, auth.TokensFile))
	if err != nil {
		return nil, nil, fmt.Errorf("open token store: %w", err)
	}
	return fileTokens{s}, func() {}, nil
}

// fileTokens is the token file of a data directory as a tokenStore.
type fileTokens struct{ store *auth.Store }

// Add adds a token to the file.
func (f fileTokens) Add(_ context.Context, p policy.Principal, now time.Time) (string, error) {
	return f.store.Add(p, now)
}

// List lists the file's tokens.
func (f fileTokens) List(context.Context) ([]auth.Entry, error) { return f.store.List() }

// Revoke removes the principal's tokens from the file.
func (f fileTokens) Revoke(_ context.Context, id string) (int, error) { return f.store.Revoke(id) }

// tokensHelp says where the token commands keep tokens.
const tokensHelp = `Tokens live in <data-dir>/tokens.json, or, with --events-dsn (best
SUPPORTOPS_EVENTS_DSN), in the PostgreSQL database the daemons share, which
then read no file.`

func newTokenCmd(v *viper.Viper) *cobra.Command {
	token := &cobra.Command{
		Use:   "token",
		Short: "Manage the API's bearer tokens",
		Long: `Tokens live as hashes in <data-dir>/tokens.json, or in the daemons'
PostgreSQL database with --events-dsn ("token add", "token list", "token
revoke"), or in a token-hashes list given to the daemon ("token hash"); a
token is shown once, when it is made.`,
	}
	add := &cobra.Command{
		Use:   "add",
		Short: "Add a token for a principal and print it",
		Long: `Add creates a random token for the principal with the given roles, stores only
its hash, and prints the token on the last line of its output, once. A
running daemon accepts it at once.

` + tokensHelp + `

` + rolesHelp,
		Example: `  supportopsd token add --data-dir ./data --principal ops --roles ops_admin
  supportopsd token add --data-dir ./data --principal julia-wagner --roles agent --team after-sales
  SUPPORTOPS_EVENTS_DSN=postgres://supportops@db/supportops supportopsd token add --principal ops --roles ops_admin`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var o struct {
				storeOptions     `mapstructure:",squash"`
				principalOptions `mapstructure:",squash"`
			}
			if err := decode(v, &o); err != nil {
				return err
			}
			if !o.given() || o.Principal == "" || o.Roles == "" {
				return errors.New("token add: --data-dir (or --events-dsn), --principal and --roles are required")
			}
			store, done, err := o.open(cmd.Context())
			if err != nil {
				return err
			}
			defer done()
			p := o.principal()
			tok, err := store.Add(cmd.Context(), p, time.Now())
			if err != nil {
				return fmt.Errorf("add token: %w", err)
			}
			printToken(cmd.OutOrStdout(), p, tok)
			return nil
		},
	}
	storeFlags(add.Flags())
	principalFlags(add.Flags())
	token.AddCommand(add, newTokenListCmd(v), newTokenRevokeCmd(v), newTokenHashCmd(v))
	return token
}

func newTokenListCmd(v *viper.Viper) *cobra.Command {
	list := &cobra.Command{
		Use:   "list",
		Short: "List the principals that have tokens",
		Long: `List prints one line per stored token: its principal, roles, team and when it
was added (UTC), by principal then time. Tokens themselves are never stored,
so never shown.

` + tokensHelp,
		Example: `  supportopsd token list --data-dir ./data
  SUPPORTOPS_EVENTS_DSN=postgres://supportops@db/supportops supportopsd token list`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var o storeOptions
			if err := decode(v, &o); err != nil {
				return err
			}
			if !o.given() {
				return errors.New("token list: --data-dir (or --events-dsn) is required")
			}
			store, done, err := o.open(cmd.Context())
			if err != nil {
				return err
			}
			defer done()
			entries, err := store.List(cmd.Context())
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "PRINCIPAL\tROLES\tTEAM\tADDED")
			for _, e := range entries {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", e.Principal.ID, strings.Join(e.Principal.Roles, ","), e.Principal.Team,
					e.CreatedAt.UTC().Format(time.RFC3339))
			}
			return w.Flush()
		},
	}
	storeFlags(list.Flags())
	return list
}

func newTokenRevokeCmd(v *viper.Viper) *cobra.Command {
	revoke := &cobra.Command{
		Use:   "revoke",
		Short: "Revoke every token of a principal",
		Long: `Revoke removes every stored token of the principal and prints how many. A
running daemon refuses them at once. Tokens of a token-hashes list are
revoked by removing their entries and restarting the daemon.

` + tokensHelp,
		Example: `  supportopsd token revoke --data-dir ./data --principal julia-wagner
  SUPPORTOPS_EVENTS_DSN=postgres://supportops@db/supportops supportopsd token revoke --principal crm-sync`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var o struct {
				storeOptions `mapstructure:",squash"`
				Principal    string `mapstructure:"principal"`
			}
			if err := decode(v, &o); err != nil {
				return err
			}
			if !o.given() || o.Principal == "" {
				return errors.New("token revoke: --data-dir (or --events-dsn) and --principal are required")
			}
			store, done, err := o.open(cmd.Context())
			if err != nil {
				return err
			}
			defer done()
			n, err := store.Revoke(cmd.Context(), o.Principal)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "revoked %d tokens of %s\n", n, o.Principal)
			return nil
		},
	}
	storeFlags(revoke.Flags())
	revoke.Flags().String("principal", "", "whose tokens to revoke (required)")
	return revoke
}

func newTokenHashCmd(v *viper.Viper) *cobra.Command {
	hash := &cobra.Command{
		Use:   "hash",
		Short: "Make a token for --token-hashes and print it with its entry",
		Long: `Hash creates a random token for the principal with the given roles and prints
it, once, followed by its entry for a token-hashes list (--token-hashes or
SUPPORTOPS_TOKEN_HASHES) on the last line:

  PRINCIPAL:ROLE[+ROLE...][:TEAM]=SHA256

Nothing is stored: keep the entry with the deployment's secrets and give the
token to the principal. Entries are separated by ";" or line breaks; the
daemon reads them at start, so it must be restarted to take a new one.

` + rolesHelp,
		Example: `  supportopsd token hash --principal crm-sync --roles integration
  supportopsd token hash --principal julia-wagner --roles agent --team after-sales`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var o principalOptions
			if err := decode(v, &o); err != nil {
				return err
			}
			if o.Principal == "" || o.Roles == "" {
				return errors.New("token hash: --principal and --roles are required")
			}
			p := o.principal()
			tok, entry, err := auth.NewHashEntry(p)
			if err != nil {
				return fmt.Errorf("token hash: %w", err)
			}
			out := cmd.OutOrStdout()
			printToken(out, p, tok)
			fmt.Fprintln(out, "its entry for SUPPORTOPS_TOKEN_HASHES or --token-hashes:")
			fmt.Fprintln(out, entry)
			return nil
		},
	}
	principalFlags(hash.Flags())
	return hash
}

// splitRoles splits a comma-separated list of roles, dropping empty ones.
func splitRoles(list string) []string {
	var roles []string
	for _, r := range strings.Split(list, ",") {
		if r = strings.TrimSpace(r); r != "" {
			roles = append(roles, r)
		}
	}
	return roles
}
