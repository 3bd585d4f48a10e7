package daemon

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/supportops/supportops/engine/auth"
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

func newTokenCmd(v *viper.Viper) *cobra.Command {
	token := &cobra.Command{
		Use:   "token",
		Short: "Manage the API's bearer tokens",
		Long: `Tokens live in <data-dir>/tokens.json as hashes ("token add"), or in a
token-hashes list given to the daemon ("token hash"); a token is shown once,
when it is made.`,
	}
	add := &cobra.Command{
		Use:   "add",
		Short: "Add a token for a principal and print it",
		Long: `Add creates a random token for the principal with the given roles, stores only
its hash in the data directory, and prints the token on the last line of its
output, once. A running daemon accepts it at once.

` + rolesHelp,
		Example: `  supportopsd token add --data-dir ./data --principal ops --roles ops_admin
  supportopsd token add --data-dir ./data --principal julia-wagner --roles agent --team after-sales`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var o struct {
				DataDir          string `mapstructure:"data-dir"`
				principalOptions `mapstructure:",squash"`
			}
			if err := decode(v, &o); err != nil {
				return err
			}
			if o.DataDir == "" || o.Principal == "" || o.Roles == "" {
				return errors.New("token add: --data-dir, --principal and --roles are required")
			}
			store, err := auth.Open(filepath.Join(o.DataDir, auth.TokensFile))
			if err != nil {
				return fmt.Errorf("open token store: %w", err)
			}
			p := o.principal()
			tok, err := store.Add(p, time.Now())
			if err != nil {
				return fmt.Errorf("add token: %w", err)
			}
			printToken(cmd.OutOrStdout(), p, tok)
			return nil
		},
	}
	add.Flags().String("data-dir", "", "data directory of the daemon (required)")
	principalFlags(add.Flags())
	token.AddCommand(add, newTokenHashCmd(v))
	return token
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
