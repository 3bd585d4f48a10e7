// Package incentive evaluates a configuration's incentive rules over a
// period's KPI results and counted events: who earns which reward, why,
// who missed one by a single condition, and which payouts the approval
// policy must decide.
//
// # Counted events
//
// A Counter credits each ticket record with an agent to that agent
// ("agent:ID") and to the agent's team in the configuration ("team:ID",
// the sum of its agents), in the period of every kind (day, ISO week,
// month, quarter, year, in the center's time zone) of the record's
// credit time: its solved_at, else its created_at.
//
//   - difficult_contact_handled: records marked difficult.
//   - DifficultComplaints: those difficult records that are also a
//     complaint.
//   - complaint_resolved: records marked complaint that have a solved_at.
//   - commendation: records whose customer commended the agent.
//   - drill_participation: the days (in the center's zone) on which the
//     agent handled a drill ticket. A drill opens many synthetic tickets
//     and a record does not say which drill it belongs to, so taking part
//     in a drill is counted once a day, however many of its tickets the
//     agent handled. A drill ticket counts here and nowhere else: its
//     difficult, complaint and commendation marks are the drill's script,
//     not the agent's work.
//   - Complaints: every record marked complaint (the complaints among the
//     recipient's tickets of the period).
//
// # Conditions
//
// Every condition of a rule must hold. A KPI condition takes the
// recipient's result of the KPI in the period's card: "agent:ID" for an
// agent and "team:ID" for a team when the KPI is per agent or per team;
// an agent recipient of a per-team KPI takes their team's result. A KPI
// scoped to the center, a channel or a queue has one result, which
// applies to every recipient alike. band holds at that band or better
// (excellent > good > ok > below), at_least and at_most compare the
// value, and no_data fails every KPI condition.
//
// An event condition holds when the recipient's count of the event is at
// least min_count and, with max_complaints, the complaints among those
// contacts are at most max_complaints: DifficultComplaints for
// difficult_contact_handled, and for every other event the recipient's
// Complaints of the period.
//
// # Rewards
//
// top N ranks the recipients who meet every condition by the value of the
// first KPI condition in its KPI's direction; equal values go to the
// larger denominator (more evidence), then to the smaller recipient id,
// and an award won on such a tie at the cut says so in Tie. A rule
// without KPI conditions ranks by the first event's count.
//
// A rule whose conditions are all event conditions pays per counted
// event: its bonus and points are multiplied by the count of the first
// event condition (10 points per commendation). cap limits the bonus and
// the points paid to one recipient in one period; an award (a title) is
// given once. A bonus of a rule with requires_approval is a payout the
// approval policy decides (action incentive_payout, see Approve).
//
// # Near misses
//
// A recipient who fails exactly one check, and fails it narrowly, is a
// near miss: a band one below the one required, a value within 10 % of an
// at_least or at_most threshold, or a count of at least 70 % of
// min_count. A missed max_complaints or a KPI without data is never a
// near miss. Recipients who meet every condition but rank outside top N
// are near misses too.
package incentive
