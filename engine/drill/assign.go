package drill

import (
	"fmt"
	"slices"
	"strings"

	"github.com/supportops/supportops/engine/model"
)

// AllRoles are the roles that take part in a run of the plan: its roles,
// its commander and its steps' owners, each once, in that order.
func (p *Plan) AllRoles() []string {
	roles := slices.Clone(p.Roles)
	add := func(role string) {
		if role != "" && !slices.Contains(roles, role) {
			roles = append(roles, role)
		}
	}
	add(p.Commander)
	for _, s := range p.Steps {
		add(s.Owner)
	}
	return roles
}

// Assignment is who fills each role of a run.
type Assignment struct {
	// People maps each filled role to its person.
	People map[string]string `json:"assignments"`
	// Unfilled are the roles nobody fills, in the plan's order (see
	// AllRoles): a run notifies "role:ROLE" for them and lets anyone
	// answer.
	Unfilled []string `json:"unfilled,omitempty"`
}

// Assign fills the roles of a run of p from cfg: overrides first, then
// the first person of the role's on_duty rota, then the first agent (by
// id) who holds the role. An override naming a role p does not have is an
// error that names the roles it has.
func Assign(cfg *model.Config, p *Plan, overrides map[string]string) (Assignment, error) {
	roles := p.AllRoles()
	var unknown []string
	for _, role := range model.SortedKeys(overrides) {
		if !slices.Contains(roles, role) {
			unknown = append(unknown, role)
		}
	}
	if len(unknown) > 0 {
		noun := "role"
		if len(unknown) > 1 {
			noun = "roles"
		}
		return Assignment{}, fmt.Errorf("assign the roles of plan %s: unknown %s %s (roles: %s)",
			p.ID, noun, strings.Join(quote(unknown), ", "), strings.Join(roles, ", "))
	}
	a := Assignment{People: map[string]string{}}
	for _, role := range roles {
		if person := strings.TrimSpace(overrides[role]); person != "" {
			a.People[role] = person
			continue
		}
		if rota := cfg.OnDuty[role]; len(rota) > 0 && rota[0] != "" {
			a.People[role] = rota[0]
			continue
		}
		if person := firstHolder(cfg, role); person != "" {
			a.People[role] = person
			continue
		}
		a.Unfilled = append(a.Unfilled, role)
	}
	return a, nil
}

// firstHolder is the first agent, by id, holding role; "" when none does.
func firstHolder(cfg *model.Config, role string) string {
	for _, id := range model.SortedKeys(cfg.Agents) {
		if slices.Contains(cfg.Agents[id].Roles, role) {
			return id
		}
	}
	return ""
}

func quote(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}
