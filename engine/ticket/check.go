package ticket

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/supportops/supportops/engine/model"
)

// MaxIDLength is the longest ticket id.
const MaxIDLength = 64

// idPattern is the grammar of a ticket id: a letter or digit, then up to 63
// letters, digits, '.', '_' or '-'. An id names the ticket's workflow and
// appears in paths, event ids and approval ids ("<id>.A1"), so it holds
// nothing that a path, a shell or a log line would read otherwise.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// IDGrammar says in words what a ticket id may look like, for error
// messages and documentation.
const IDGrammar = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, without '..'"

// CheckID says why id cannot be a ticket id; nil when it can.
func CheckID(id string) error {
	if !idPattern.MatchString(id) || strings.Contains(id, "..") {
		return fmt.Errorf("%q is not a ticket id (%s)", clip(id), IDGrammar)
	}
	return nil
}

// Limits on what intake accepts in a ticket's free fields.
const (
	// MaxNameLength is the longest external id, customer id, tag, flag
	// or configuration name.
	MaxNameLength = 256
	// MaxSubjectLength is the longest subject, in bytes.
	MaxSubjectLength = 1024
	// MaxLabels is the most tags, or customer flags, a ticket carries.
	MaxLabels = 64
)

// Kinds of names a ticket takes from the configuration, as Check and
// Known name them.
const (
	KindChannel  = "channel"
	KindCategory = "category"
	KindTier     = "customer.tier"
	KindPriority = "priority"
	KindImpact   = "impact"
	KindUrgency  = "urgency"
	KindLanguage = "language"
)

// Known returns the names cfg defines for kind (one of the Kind
// constants), sorted. Languages are those some queue takes: a ticket in
// any other would wait with no queue.
func Known(cfg *model.Config, kind string) []string {
	var out []string
	switch kind {
	case KindChannel:
		out = model.SortedKeys(cfg.Channels)
	case KindCategory:
		out = model.SortedKeys(cfg.Categories)
	case KindTier:
		out = model.SortedKeys(cfg.Tiers)
	case KindPriority:
		if cfg.Priorities != nil {
			for _, l := range cfg.Priorities.Levels {
				out = append(out, l.ID)
			}
		}
	case KindImpact:
		if cfg.Priorities != nil {
			out = slices.Clone(cfg.Priorities.Impacts)
		}
	case KindUrgency:
		if cfg.Priorities != nil {
			out = slices.Clone(cfg.Priorities.Urgencies)
		}
	case KindLanguage:
		for _, q := range cfg.Queues {
			out = append(out, q.Languages...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Check says everything that is wrong with a ticket offered for intake:
// required fields missing, an id outside the grammar (CheckID), control
// characters or oversized values in any text, and, when cfg is not nil,
// a channel, category, tier, priority, impact, urgency or language that
// cfg does not define, with the names it does. nil when nothing is.
func Check(cfg *model.Config, t Ticket) error {
	var errs []error
	var missing []string
	for _, f := range []struct{ name, value string }{
		{KindChannel, t.Channel}, {KindCategory, t.Category}, {KindLanguage, t.Language}, {"customer.id", t.Customer.ID},
	} {
		if strings.TrimSpace(f.value) == "" {
			missing = append(missing, f.name)
		}
	}
	if t.Priority == "" && (t.Impact == "" || t.Urgency == "") {
		missing = append(missing, "priority (or impact and urgency)")
	}
	if len(missing) > 0 {
		errs = append(errs, fmt.Errorf("ticket lacks %s", strings.Join(missing, ", ")))
	}
	if t.ID != "" {
		if err := CheckID(t.ID); err != nil {
			errs = append(errs, fmt.Errorf("id: %w", err))
		}
	}
	text := []struct {
		name, value string
		max         int
	}{
		{"external_id", t.ExternalID, MaxNameLength}, {"source", t.Source, MaxNameLength},
		{KindChannel, t.Channel, MaxNameLength}, {KindCategory, t.Category, MaxNameLength},
		{KindImpact, t.Impact, MaxNameLength}, {KindUrgency, t.Urgency, MaxNameLength},
		{KindPriority, t.Priority, MaxNameLength}, {KindLanguage, t.Language, MaxNameLength},
		{"subject", t.Subject, MaxSubjectLength},
		{"customer.id", t.Customer.ID, MaxNameLength}, {KindTier, t.Customer.Tier, MaxNameLength},
	}
	for i, v := range t.Tags {
		text = append(text, struct {
			name, value string
			max         int
		}{fmt.Sprintf("tags[%d]", i), v, MaxNameLength})
	}
	for i, v := range t.Customer.Flags {
		text = append(text, struct {
			name, value string
			max         int
		}{fmt.Sprintf("customer.flags[%d]", i), v, MaxNameLength})
	}
	for _, f := range text {
		if err := checkText(f.value, f.max); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f.name, err))
		}
	}
	if len(t.Tags) > MaxLabels {
		errs = append(errs, fmt.Errorf("tags: %d of them, at most %d", len(t.Tags), MaxLabels))
	}
	if len(t.Customer.Flags) > MaxLabels {
		errs = append(errs, fmt.Errorf("customer.flags: %d of them, at most %d", len(t.Customer.Flags), MaxLabels))
	}
	if cfg != nil {
		for _, f := range []struct{ kind, value string }{
			{KindChannel, t.Channel}, {KindCategory, t.Category}, {KindLanguage, t.Language}, {KindTier, t.Customer.Tier},
			{KindPriority, t.Priority}, {KindImpact, t.Impact}, {KindUrgency, t.Urgency},
		} {
			if f.value == "" {
				continue
			}
			known := Known(cfg, f.kind)
			if _, ok := slices.BinarySearch(known, f.value); ok {
				continue
			}
			errs = append(errs, fmt.Errorf("%s %q is not configured (%s)", f.kind, clip(f.value), knownList(known)))
		}
	}
	return errors.Join(errs...)
}

// checkText says why s cannot be a value of a ticket's field: invalid
// UTF-8, a control character, or longer than max bytes.
func checkText(s string, max int) error {
	switch {
	case len(s) > max:
		return fmt.Errorf("%d bytes, at most %d", len(s), max)
	case !utf8.ValidString(s):
		return errors.New("not valid UTF-8")
	case strings.ContainsFunc(s, unicode.IsControl):
		return fmt.Errorf("%q holds a control character", clip(s))
	}
	return nil
}

// knownList lists known names for a message.
func knownList(known []string) string {
	const listed = 12
	switch {
	case len(known) == 0:
		return "none are configured"
	case len(known) > listed:
		return fmt.Sprintf("known: %s and %d more", strings.Join(known[:listed], ", "), len(known)-listed)
	}
	return "known: " + strings.Join(known, ", ")
}

// clip shortens s for a message.
func clip(s string) string {
	const most = 80
	if len(s) <= most {
		return s
	}
	return s[:most] + "..."
}

// Differences names the fields in which offered, a ticket offered again for
// intake, differs from existing, the ticket intake holds under the same
// key. The id, the time of intake when offered has none, and what the
// daemon changes after intake (Escalated) are not compared: offering the
// same ticket again differs in nothing.
func Differences(existing, offered Ticket) []string {
	var out []string
	add := func(name string, same bool) {
		if !same {
			out = append(out, name)
		}
	}
	add("external_id", existing.ExternalID == offered.ExternalID)
	add("source", existing.Source == offered.Source)
	add(KindChannel, existing.Channel == offered.Channel)
	add(KindCategory, existing.Category == offered.Category)
	add(KindImpact, existing.Impact == offered.Impact)
	add(KindUrgency, existing.Urgency == offered.Urgency)
	add(KindPriority, existing.Priority == offered.Priority)
	add(KindLanguage, existing.Language == offered.Language)
	add("subject", existing.Subject == offered.Subject)
	add("customer.id", existing.Customer.ID == offered.Customer.ID)
	add(KindTier, existing.Customer.Tier == offered.Customer.Tier)
	add("customer.flags", slices.Equal(existing.Customer.Flags, offered.Customer.Flags))
	add("tags", slices.Equal(existing.Tags, offered.Tags))
	add("created_at", offered.CreatedAt.IsZero() || existing.CreatedAt.Equal(offered.CreatedAt))
	return out
}
