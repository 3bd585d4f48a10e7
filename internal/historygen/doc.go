// Package historygen generates a seeded, realistic month of ticket
// history (engine/history records) for a configuration: the example
// history of examples/acme-shop and a test bed for the KPI and incentive
// engines.
//
// The month follows how a support center works: more contacts on Monday
// than on Friday, few at the weekend, peaks mid-morning and early
// afternoon; calls and chats arrive only while their queue's calendar is
// open, written contacts at any time and are worked in business hours.
// Callers who wait too long hang up; an abandoned caller often calls
// again. Customers who were not helped the first time come back about the
// same thing within a week (repeat contacts). About six in ten solved
// tickets are rated, each agent has about four QA reviews, and complaints,
// difficult contacts, commendations and a drill's tickets are marked.
//
// The center's normal level is that of the KPI descriptions in the
// example's kpis.cue (a phone service level 80/20 of about 64 %, an answer
// rate of about 78 %, CSAT 4.3, FCR 62 %, 12 % repeats, 1.5 %
// complaints). People and teams differ, by a shape rather than by chance
// alone: of the agents, ranked by a seeded draw in which seniority helps
// and training hurts, about one in ten is a star and one in ten is weak;
// one team is understaffed on the phones and one well staffed. The seed
// picks who; the shape makes every seed's month believable.
//
// The same configuration, options and seed give the same records, and
// WriteGzip the same bytes.
package historygen
