package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/supportops/supportops/engine/calendar"
	"github.com/supportops/supportops/engine/model"
)

// calendarOptions are the settings shared by the calendar commands.
type calendarOptions struct {
	Hours    []string      `mapstructure:"hours"`
	Timezone string        `mapstructure:"timezone"`
	Holidays []string      `mapstructure:"holiday"`
	Config   string        `mapstructure:"config"`
	Calendar string        `mapstructure:"calendar"`
	From     string        `mapstructure:"from"`
	To       string        `mapstructure:"to"`
	Add      time.Duration `mapstructure:"add"`
	Output   string        `mapstructure:"output"`
}

const calendarSourceHelp = `The calendar comes either from flags or from a configuration:
  --hours 'DAYS HH:MM-HH:MM[,HH:MM-HH:MM...]' (repeatable; DAYS is daily, a
    range mon-fri, a list mon,wed,fri or one day; 24:00 ends a window at
    midnight), --timezone ZONE (IANA, UTC by default) and --holiday YYYY-MM-DD
    (repeatable, whole local dates); or
  --config DIR --calendar NAME, a calendar of a validated configuration.`

func newCalendarCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "calendar",
		Short: "Compute due times and business durations on a business calendar",
		Long: `calendar answers the questions SLA timers ask of a business calendar: when is
a target due, and how much business time lies between two instants.

` + calendarSourceHelp,
		Example: `  supportops calendar due --hours 'mon-fri 09:00-17:00' --timezone UTC --from 2026-11-20T16:30:00Z --add 1h
  supportops calendar between --config examples/acme-shop --calendar office --from 2026-11-20T16:00:00+01:00 --to 2026-11-23T10:00:00+01:00`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newCalendarDueCmd(a), newCalendarBetweenCmd(a))
	return cmd
}

func newCalendarDueCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "due",
		Short: "Print the instant a business duration from --from is reached",
		Long: `due prints the earliest instant at which the business time counted from --from
reaches --add, in RFC 3339 in the calendar's time zone. On Mon-Fri 09:00-17:00,
Fri 16:00 + 1h is Fri 17:00 and Fri 16:30 + 1h is Mon 09:30.

` + calendarSourceHelp,
		Example: `  supportops calendar due --hours 'mon-fri 09:00-17:00' --timezone UTC --from 2026-11-20T16:30:00Z --add 1h
  supportops calendar due --hours 'mon-fri 09:00-12:00,13:00-17:00' --hours 'sat 10:00-14:00' \
      --timezone Europe/Berlin --holiday 2026-12-25 --from 2026-12-24T16:00:00+01:00 --add 4h --output json`,
		Args: cobra.NoArgs,
		RunE: withCalendar(a, func(cmd *cobra.Command, opts calendarOptions, cal *calendar.Calendar, from time.Time) error {
			if opts.Add <= 0 {
				return usagef("--add must be a positive duration such as 90m or 4h")
			}
			due := cal.Due(from, opts.Add)
			if due.IsZero() {
				return fmt.Errorf("no business time within ten years of %s", from.Format(time.RFC3339))
			}
			return writeCalendar(cmd, opts.Output, due.Format(time.RFC3339), map[string]any{
				"from":     from.In(cal.Location()).Format(time.RFC3339),
				"add":      opts.Add.String(),
				"due":      due.Format(time.RFC3339),
				"timezone": cal.Location().String(),
			})
		}),
	}
	calendarFlags(cmd.Flags())
	cmd.Flags().Duration("add", 0, "business duration to add, e.g. 30s, 90m, 4h (required)")
	return cmd
}

func newCalendarBetweenCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "between",
		Short: "Print the business time between --from and --to",
		Long: `between prints the business time between two instants as a Go duration
(e.g. 2h0m0s); it is 0 when --to is not after --from.

` + calendarSourceHelp,
		Example: `  supportops calendar between --hours 'mon-fri 09:00-17:00' --timezone UTC --from 2026-11-20T16:00:00Z --to 2026-11-23T10:00:00Z`,
		Args:    cobra.NoArgs,
		RunE: withCalendar(a, func(cmd *cobra.Command, opts calendarOptions, cal *calendar.Calendar, from time.Time) error {
			to, err := parseInstant("--to", opts.To)
			if err != nil {
				return err
			}
			d := cal.Between(from, to)
			return writeCalendar(cmd, opts.Output, d.String(), map[string]any{
				"from":     from.In(cal.Location()).Format(time.RFC3339),
				"to":       to.In(cal.Location()).Format(time.RFC3339),
				"business": d.String(),
				"seconds":  d.Seconds(),
				"timezone": cal.Location().String(),
			})
		}),
	}
	calendarFlags(cmd.Flags())
	cmd.Flags().String("to", "", "end instant, RFC 3339 (required)")
	return cmd
}

func calendarFlags(fs *pflag.FlagSet) {
	fs.StringArray("hours", nil, "business hours 'DAYS HH:MM-HH:MM[,...]' (repeatable)")
	fs.String("timezone", "UTC", "IANA time zone of --hours and --holiday")
	fs.StringArray("holiday", nil, "holiday YYYY-MM-DD (repeatable)")
	fs.String("config", "", "configuration directory to take --calendar from")
	fs.String("calendar", "", "calendar id in --config")
	fs.String("from", "", "start instant, RFC 3339 (required)")
	outputFlag(fs, outputText, outputJSON)
}

// withCalendar returns a RunE that decodes the calendar options, builds
// the calendar they name and parses --from before calling run.
func withCalendar(a *app, run func(*cobra.Command, calendarOptions, *calendar.Calendar, time.Time) error) func(*cobra.Command, []string) error {
	return withOptions(a, func(cmd *cobra.Command, _ []string, opts calendarOptions) error {
		from, err := parseInstant("--from", opts.From)
		if err != nil {
			return err
		}
		cal, err := opts.calendar(cmd)
		if err != nil {
			return err
		}
		return run(cmd, opts, cal, from)
	})
}

func (o calendarOptions) calendar(cmd *cobra.Command) (*calendar.Calendar, error) {
	switch {
	case o.Config != "" && len(o.Hours) > 0:
		return nil, usagef("use either --config with --calendar or --hours, not both")
	case o.Config != "":
		if o.Calendar == "" {
			return nil, usagef("--config needs --calendar NAME")
		}
		return calendarFromConfig(cmd, o.Config, o.Calendar)
	case len(o.Hours) == 0:
		return nil, usagef("give --hours (with --timezone, --holiday) or --config with --calendar")
	}
	loc, err := time.LoadLocation(o.Timezone)
	if err != nil {
		return nil, usagef("--timezone %q: unknown time zone", o.Timezone)
	}
	spec := calendar.Spec{Location: loc}
	if err = spec.Weekly.AddHours(o.Hours...); err != nil {
		return nil, usagef("--hours: %w", err)
	}
	for _, h := range o.Holidays {
		d, perr := calendar.ParseDate(h)
		if perr != nil {
			return nil, usagef("--holiday: %w", perr)
		}
		spec.Holidays = append(spec.Holidays, d)
	}
	cal, err := calendar.New(spec)
	if err != nil {
		return nil, usagef("%w", err)
	}
	return cal, nil
}

// calendarFromConfig loads and validates a configuration and returns one
// of its calendars. An invalid configuration is reported as findings.
func calendarFromConfig(cmd *cobra.Command, dir, id string) (*calendar.Calendar, error) {
	snap, ds, err := loadConfig(cmd, dir)
	if err != nil {
		return nil, err
	}
	if snap == nil {
		ds.WriteText(cmd.ErrOrStderr())
		return nil, errFindings
	}
	cal, ok := snap.Calendars[id]
	if !ok {
		return nil, usagef("--calendar %q: no such calendar in %s (calendars: %v)", id, dir, model.SortedKeys(snap.Calendars))
	}
	return cal, nil
}

func parseInstant(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, usagef("%s is required (RFC 3339, e.g. 2026-11-20T16:30:00Z)", flag)
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, usagef("%s %q: want RFC 3339, e.g. 2026-11-20T16:30:00Z", flag, s)
	}
	return t, nil
}

// writeCalendar prints the text result or the JSON object.
func writeCalendar(cmd *cobra.Command, output, text string, obj map[string]any) error {
	return render(cmd, output, obj, func(w io.Writer) error {
		_, err := fmt.Fprintln(w, text)
		return err
	})
}
