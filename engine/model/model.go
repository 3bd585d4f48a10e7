package model

import (
	"maps"
	"slices"
	"strings"
)

// Config is the whole operating model of a support center. Its shape mirrors
// #Config in the embedded schema; a test keeps the two in step.
type Config struct {
	Center          Center                            `json:"center"`
	Skills          map[string]Skill                  `json:"skills"`
	Tiers           map[string]Tier                   `json:"tiers"`
	Categories      map[string]Category               `json:"categories"`
	Channels        map[string]Channel                `json:"channels"`
	Roles           map[string]Role                   `json:"roles"`
	Teams           map[string]Team                   `json:"teams"`
	Agents          map[string]Agent                  `json:"agents"`
	Queues          map[string]Queue                  `json:"queues"`
	OnDuty          map[string][]string               `json:"on_duty"`
	Calendars       map[string]Calendar               `json:"calendars"`
	Priorities      *PriorityMatrix                   `json:"priorities,omitempty"`
	SLAPolicies     []SLAPolicy                       `json:"sla_policies"`
	EscalationPaths map[string]EscalationPath         `json:"escalation_paths"`
	KPIs            map[string]KPI                    `json:"kpis"`
	EmergencyPlans  map[string]EmergencyPlan          `json:"emergency_plans"`
	Incentives      map[string]Incentive              `json:"incentives"`
	Approvals       map[ApprovalAction]ApprovalPolicy `json:"approvals"`
	Wellbeing       *Wellbeing                        `json:"wellbeing,omitempty"`
	// Forecasts are keyed by queue id, then channel id.
	Forecasts     map[string]map[string]Forecast `json:"forecasts"`
	Staffing      *Staffing                      `json:"staffing,omitempty"`
	ShiftPatterns map[string]ShiftPattern        `json:"shift_patterns"`
}

// Center names the support center and its defaults.
type Center struct {
	Name            string `json:"name"`
	Timezone        string `json:"timezone"`
	DefaultCalendar string `json:"default_calendar,omitempty"`
}

// Skill is something an agent can do.
type Skill struct {
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
}

// Tier is a class of customer.
type Tier struct {
	Name string `json:"name,omitempty"`
	VIP  bool   `json:"vip,omitempty"`
}

// Category is a kind of ticket and the skill it needs.
type Category struct {
	Name           string `json:"name,omitempty"`
	Skill          string `json:"skill"`
	MinProficiency int    `json:"min_proficiency,omitempty"`
	Complaint      bool   `json:"complaint,omitempty"`
	Difficult      bool   `json:"difficult,omitempty"`
}

// RequiredProficiency is the proficiency the category needs, 1 when unset.
func (c Category) RequiredProficiency() int { return max(c.MinProficiency, 1) }

// ChannelKind is the kind of a channel.
type ChannelKind string

// The channel kinds.
const (
	Phone   ChannelKind = "phone"
	Chat    ChannelKind = "chat"
	Email   ChannelKind = "email"
	Social  ChannelKind = "social"
	WebForm ChannelKind = "web_form"
)

// Channel is a way customers reach the center.
type Channel struct {
	Kind     ChannelKind `json:"kind"`
	Name     string      `json:"name,omitempty"`
	Calendar string      `json:"calendar,omitempty"`
}

// Role is a role a person can hold.
type Role struct {
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
}

// Team is a group of agents.
type Team struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Lead        string `json:"lead,omitempty"`
	Calendar    string `json:"calendar,omitempty"`
}

// Agent is a person who works tickets.
type Agent struct {
	Name      string         `json:"name"`
	Email     string         `json:"email,omitempty"`
	Team      string         `json:"team"`
	Roles     []string       `json:"roles" diff:"set"`
	Skills    map[string]int `json:"skills"`
	Languages []string       `json:"languages" diff:"set"`
	Channels  map[string]int `json:"channels"`
	Timezone  string         `json:"timezone,omitempty"`
	Calendar  string         `json:"calendar,omitempty"`
	Training  *Training      `json:"training,omitempty"`
	// Shifts name shift patterns or are inline shifts ("sat 09:00-13:00").
	Shifts []string `json:"shifts,omitempty"`
}

// Trainee reports whether the agent is still in training.
func (a Agent) Trainee() bool { return a.Training != nil && a.Training.Trainee }

// Training is an agent's training status.
type Training struct {
	Trainee   bool     `json:"trainee"`
	Certified []string `json:"certified,omitempty" diff:"set"`
}

// Queue is where tickets wait for an agent.
type Queue struct {
	Name           string   `json:"name,omitempty"`
	Team           string   `json:"team"`
	Channels       []string `json:"channels" diff:"set"`
	Categories     []string `json:"categories,omitempty" diff:"set"`
	Languages      []string `json:"languages" diff:"set"`
	Tiers          []string `json:"tiers,omitempty" diff:"set"`
	Calendar       string   `json:"calendar,omitempty"`
	EscalationPath string   `json:"escalation_path,omitempty"`
}

// Wellbeing holds guardrails that protect agents.
type Wellbeing struct {
	DifficultContacts *DifficultContacts `json:"difficult_contacts,omitempty"`
}

// DifficultContacts limits how many difficult contacts an agent takes.
type DifficultContacts struct {
	Max      int    `json:"max"`
	Window   string `json:"window"`
	CoolDown string `json:"cool_down"`
}

// Calendar is a set of business hours in one time zone.
type Calendar struct {
	Name        string       `json:"name,omitempty"`
	Timezone    string       `json:"timezone"`
	Hours       []string     `json:"hours" diff:"set"`
	Holidays    []Holiday    `json:"holidays,omitempty" diff:"set"`
	SpecialDays []SpecialDay `json:"special_days,omitempty" diff:"set"`
}

// Holiday is a date with no business hours.
type Holiday struct {
	Date string `json:"date"`
	Name string `json:"name,omitempty"`
}

// SpecialDay replaces the weekly hours on one date.
type SpecialDay struct {
	Date    string   `json:"date"`
	Windows []string `json:"windows"`
	Name    string   `json:"name,omitempty"`
}

// PriorityMatrix maps impact × urgency to a priority level.
type PriorityMatrix struct {
	Levels    []PriorityLevel              `json:"levels"`
	Impacts   []string                     `json:"impacts"`
	Urgencies []string                     `json:"urgencies"`
	Matrix    map[string]map[string]string `json:"matrix"`
}

// PriorityLevel is one priority.
type PriorityLevel struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// SLAPolicy sets service-level targets for the tickets it matches.
type SLAPolicy struct {
	Name           string     `json:"name"`
	Description    string     `json:"description,omitempty"`
	Match          *SLAMatch  `json:"match,omitempty"`
	Calendar       string     `json:"calendar,omitempty"`
	PauseStatuses  []Status   `json:"pause_statuses,omitempty" diff:"set"`
	EscalationPath string     `json:"escalation_path,omitempty"`
	Metrics        SLAMetrics `json:"metrics"`
}

// SLAMatch selects tickets for an SLA policy.
type SLAMatch struct {
	Priorities []string `json:"priorities,omitempty" diff:"set"`
	Channels   []string `json:"channels,omitempty" diff:"set"`
	Categories []string `json:"categories,omitempty" diff:"set"`
	Tiers      []string `json:"tiers,omitempty" diff:"set"`
	Queues     []string `json:"queues,omitempty" diff:"set"`
}

// SLAMetrics are the clocks an SLA policy runs.
type SLAMetrics struct {
	FirstReply     *SLAMetric `json:"first_reply,omitempty"`
	NextReply      *SLAMetric `json:"next_reply,omitempty"`
	PeriodicUpdate *SLAMetric `json:"periodic_update,omitempty"`
	Resolution     *SLAMetric `json:"resolution,omitempty"`
}

// Each calls f for every metric that is set, in a fixed order, with its
// field name.
func (m SLAMetrics) Each(f func(name string, metric *SLAMetric)) {
	for _, e := range []struct {
		name string
		m    *SLAMetric
	}{{"first_reply", m.FirstReply}, {"next_reply", m.NextReply}, {"periodic_update", m.PeriodicUpdate}, {"resolution", m.Resolution}} {
		if e.m != nil {
			f(e.name, e.m)
		}
	}
}

// SLAMetric is one SLA clock.
type SLAMetric struct {
	Target         string       `json:"target"`
	BusinessHours  *bool        `json:"business_hours,omitempty"`
	Calendar       string       `json:"calendar,omitempty"`
	PauseStatuses  []Status     `json:"pause_statuses,omitempty" diff:"set"`
	ResetOn        []ResetEvent `json:"reset_on,omitempty" diff:"set"`
	WarnAt         []float64    `json:"warn_at,omitempty" diff:"set"`
	WarnBefore     []string     `json:"warn_before,omitempty" diff:"set"`
	EscalationPath string       `json:"escalation_path,omitempty"`
}

// Status is the status of a ticket.
type Status string

// ResetEvent is an event that restarts an SLA clock.
type ResetEvent string

// EscalationPath is an ordered list of escalation levels.
type EscalationPath struct {
	Description string            `json:"description,omitempty"`
	Levels      []EscalationLevel `json:"levels"`
}

// EscalationLevel is one step of an escalation path.
type EscalationLevel struct {
	After       string               `json:"after"`
	Targets     []string             `json:"targets"`
	Actions     []string             `json:"actions" diff:"set"`
	Repeat      int                  `json:"repeat,omitempty"`
	RepeatEvery string               `json:"repeat_every,omitempty"`
	RoundRobin  bool                 `json:"round_robin,omitempty"`
	When        *EscalationCondition `json:"when,omitempty"`
}

// EscalationCondition branches an escalation path.
type EscalationCondition struct {
	WorkingHours *bool    `json:"working_hours,omitempty"`
	Priorities   []string `json:"priorities,omitempty" diff:"set"`
}

// KPI is a performance target.
type KPI struct {
	Description string  `json:"description,omitempty"`
	Metric      string  `json:"metric"`
	Scope       string  `json:"scope"`
	Target      float64 `json:"target"`
	Direction   string  `json:"direction"`
	Period      string  `json:"period"`
	Within      string  `json:"within,omitempty"`
	Channel     string  `json:"channel,omitempty"`
	// Gate makes `supportops kpi` exit 1 when the KPI is below its ok band.
	Gate bool `json:"gate,omitempty"`
	// Weights are the workload weight of a solved ticket per channel id;
	// a channel not listed weighs 1.
	Weights map[string]float64 `json:"weights,omitempty"`
	Bands   Bands              `json:"bands"`
}

// Bands are performance band thresholds.
type Bands struct {
	Excellent float64 `json:"excellent"`
	Good      float64 `json:"good"`
	OK        float64 `json:"ok"`
}

// EmergencyPlan is what the center does in an emergency.
type EmergencyPlan struct {
	Name            string         `json:"name"`
	Kind            string         `json:"kind"`
	Severity        string         `json:"severity"`
	Description     string         `json:"description,omitempty"`
	Activation      Activation     `json:"activation"`
	TimeLimit       string         `json:"time_limit"`
	Roles           []string       `json:"roles" diff:"set"`
	Commander       string         `json:"commander"`
	Steps           []PlanStep     `json:"steps"`
	AbortConditions []string       `json:"abort_conditions,omitempty" diff:"set"`
	EscalationPath  string         `json:"escalation_path,omitempty"`
	Drill           *DrillSettings `json:"drill,omitempty"`
	Scenario        *Scenario      `json:"scenario,omitempty"`
}

// Activation says when and by whom a plan is started.
type Activation struct {
	Criteria []string `json:"criteria" diff:"set"`
	Roles    []string `json:"roles,omitempty" diff:"set"`
}

// PlanStep is one step of an emergency plan.
type PlanStep struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Owner     string   `json:"owner"`
	Deadline  string   `json:"deadline"`
	After     []string `json:"after,omitempty" diff:"set"`
	Checklist []string `json:"checklist,omitempty"`
	Template  string   `json:"template,omitempty"`
	OnMiss    string   `json:"on_miss,omitempty"`
	Weight    float64  `json:"weight,omitempty"`
}

// DrillSettings say how a plan is rehearsed.
type DrillSettings struct {
	Cadence      string        `json:"cadence"`
	Participants []string      `json:"participants,omitempty" diff:"set"`
	Scoring      *DrillScoring `json:"scoring,omitempty"`
}

// DrillScoring holds the weights of a drill score.
type DrillScoring struct {
	OnTime      float64 `json:"on_time"`
	Acknowledge float64 `json:"acknowledge"`
	Mitigate    float64 `json:"mitigate"`
}

// Scenario is what a drill injects.
type Scenario struct {
	SyntheticTickets *SyntheticTickets `json:"synthetic_tickets,omitempty"`
}

// SyntheticTickets are tickets a drill opens, flagged "drill".
type SyntheticTickets struct {
	Count    int    `json:"count"`
	Channel  string `json:"channel"`
	Category string `json:"category"`
	Over     string `json:"over"`
}

// Incentive turns results into a reward.
type Incentive struct {
	Name             string      `json:"name"`
	Description      string      `json:"description,omitempty"`
	Period           string      `json:"period"`
	Recipient        string      `json:"recipient"`
	When             []Condition `json:"when" diff:"set"`
	Top              int         `json:"top,omitempty"`
	Reward           Reward      `json:"reward"`
	Cap              float64     `json:"cap,omitempty"`
	RequiresApproval bool        `json:"requires_approval,omitempty"`
}

// Condition is a condition on a KPI (KPI set) or on counted events (Event set).
type Condition struct {
	KPI           string   `json:"kpi,omitempty"`
	Band          string   `json:"band,omitempty"`
	AtLeast       *float64 `json:"at_least,omitempty"`
	AtMost        *float64 `json:"at_most,omitempty"`
	Event         string   `json:"event,omitempty"`
	MinCount      int      `json:"min_count,omitempty"`
	MaxComplaints *int     `json:"max_complaints,omitempty"`
}

// Reward is a bonus, points or an award.
type Reward struct {
	Bonus    float64 `json:"bonus,omitempty"`
	Currency string  `json:"currency,omitempty"`
	Points   int     `json:"points,omitempty"`
	Award    string  `json:"award,omitempty"`
}

// ApprovalAction is a kind of action that may need approval.
type ApprovalAction string

// The approval actions.
const (
	Refund             ApprovalAction = "refund"
	Compensation       ApprovalAction = "compensation"
	SLAException       ApprovalAction = "sla_exception"
	EscalationOverride ApprovalAction = "escalation_override"
	IncentivePayout    ApprovalAction = "incentive_payout"
)

// ApprovalPolicy says who must approve an action, by amount.
type ApprovalPolicy struct {
	Currency string         `json:"currency,omitempty"`
	Tiers    []ApprovalTier `json:"tiers"`
}

// ApprovalTier is one amount band of an approval policy.
type ApprovalTier struct {
	UpTo      *float64 `json:"up_to,omitempty"`
	Approvers []string `json:"approvers"`
}

// SortedKeys returns the keys of m in ascending order, for deterministic
// iteration over a config's entities.
func SortedKeys[K ~string, V any](m map[K]V) []K {
	return slices.Sorted(maps.Keys(m))
}

// People resolves escalation targets into agent ids, in the order of the
// targets, each once: "on_duty:ROLE" is the rota in its order, "role:ROLE"
// the agents holding the role and "team:TEAM" the team's agents, both
// sorted by id, and "agent:ID" the agent. A target of another kind names
// nobody (the configuration's validation reports it).
func (c *Config) People(targets []string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(id string) {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, t := range targets {
		kind, name, _ := strings.Cut(t, ":")
		switch kind {
		case "on_duty":
			for _, id := range c.OnDuty[name] {
				add(id)
			}
		case "role":
			for _, id := range SortedKeys(c.Agents) {
				if slices.Contains(c.Agents[id].Roles, name) {
					add(id)
				}
			}
		case "team":
			for _, id := range SortedKeys(c.Agents) {
				if c.Agents[id].Team == name {
					add(id)
				}
			}
		case "agent":
			add(name)
		}
	}
	return out
}
