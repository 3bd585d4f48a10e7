package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/supportops/supportops/engine/model"
)

// Index is what the engine computes from a configuration once so that a
// decision does not scan every agent: data.supportops.index.
type Index struct {
	// Queues holds, per channel and language, the queues that take them,
	// split by the tiers and categories they name.
	Queues map[string]map[string]*QueueChoice `json:"queues"`
	// TeamMembers lists each team's agents, sorted.
	TeamMembers map[string][]string `json:"team_members"`
	// Qualified holds, per team, category, language and channel, the
	// team's agents who have the category's skill at its minimum
	// proficiency, speak the language and serve the channel, sorted. The
	// policies see each list as a set.
	Qualified map[string]map[string]map[string]map[string][]string `json:"qualified"`
	// PriorityRank is each priority level's position, 0 the highest.
	PriorityRank map[string]int `json:"priority_rank"`
	// VIPTiers holds the tiers marked vip.
	VIPTiers map[string]bool `json:"vip_tiers"`
	// Trainees lists the agents in training, sorted; a set to the policies.
	Trainees []string `json:"trainees"`
	// Certified lists, per category, the trainees certified for it,
	// sorted; sets to the policies.
	Certified map[string][]string `json:"certified"`
	// Wellbeing is the difficult-contact limit, absent when none is set.
	Wellbeing *WellbeingIndex `json:"wellbeing,omitempty"`
}

// QueueChoice holds the queues that take one channel and language, split
// by what else they ask of a ticket, so that the routing policy picks the
// most specific with a few set operations. The lists are sorted; sets to
// the policies.
type QueueChoice struct {
	// Tiers holds, per customer tier, the queues that name it.
	Tiers map[string][]string `json:"tiers"`
	// AnyTier lists the queues that name no tier.
	AnyTier []string `json:"any_tier"`
	// Categories holds, per category, the queues that name it.
	Categories map[string][]string `json:"categories"`
	// AnyCategory lists the queues that name no category.
	AnyCategory []string `json:"any_category"`
}

// WellbeingIndex is the configured difficult-contact limit in the units of
// the policies' input: Unix seconds.
type WellbeingIndex struct {
	// Max is the number of difficult contacts that starts a cool-down.
	Max int `json:"max"`
	// Window is the counting window in seconds.
	Window int64 `json:"window"`
	// CoolDown is the cool-down in seconds after the last of them.
	CoolDown int64 `json:"cool_down"`
}

// NewIndex computes the index of cfg.
func NewIndex(cfg *model.Config) (Index, error) {
	ix := Index{
		Queues:       map[string]map[string]*QueueChoice{},
		TeamMembers:  map[string][]string{},
		Qualified:    map[string]map[string]map[string]map[string][]string{},
		PriorityRank: map[string]int{},
		VIPTiers:     map[string]bool{},
		Trainees:     []string{},
		Certified:    map[string][]string{},
	}
	categories := model.SortedKeys(cfg.Categories)
	for _, id := range model.SortedKeys(cfg.Agents) {
		a := cfg.Agents[id]
		ix.TeamMembers[a.Team] = append(ix.TeamMembers[a.Team], id)
		if a.Training != nil && a.Training.Trainee {
			ix.Trainees = append(ix.Trainees, id)
			for _, c := range a.Training.Certified {
				ix.Certified[c] = append(ix.Certified[c], id)
			}
		}
		for _, c := range categories {
			cat := cfg.Categories[c]
			if a.Skills[cat.Skill] < max(cat.MinProficiency, 1) {
				continue
			}
			for _, lang := range a.Languages {
				for ch := range a.Channels {
					addQualified(ix.Qualified, a.Team, c, lang, ch, id)
				}
			}
		}
	}
	for _, id := range model.SortedKeys(cfg.Queues) {
		q := cfg.Queues[id]
		for _, ch := range q.Channels {
			if ix.Queues[ch] == nil {
				ix.Queues[ch] = map[string]*QueueChoice{}
			}
			for _, lang := range q.Languages {
				c := ix.Queues[ch][lang]
				if c == nil {
					c = &QueueChoice{Tiers: map[string][]string{}, AnyTier: []string{}, Categories: map[string][]string{}, AnyCategory: []string{}}
					ix.Queues[ch][lang] = c
				}
				c.add(id, q)
			}
		}
	}
	if cfg.Priorities != nil {
		for i, l := range cfg.Priorities.Levels {
			ix.PriorityRank[l.ID] = i
		}
	}
	for id, t := range cfg.Tiers {
		if t.VIP {
			ix.VIPTiers[id] = true
		}
	}
	if cfg.Wellbeing != nil && cfg.Wellbeing.DifficultContacts != nil {
		dc := cfg.Wellbeing.DifficultContacts
		window, err := time.ParseDuration(dc.Window)
		if err != nil {
			return Index{}, fmt.Errorf("wellbeing window: %w", err)
		}
		coolDown, err := time.ParseDuration(dc.CoolDown)
		if err != nil {
			return Index{}, fmt.Errorf("wellbeing cool_down: %w", err)
		}
		ix.Wellbeing = &WellbeingIndex{Max: dc.Max, Window: int64(window / time.Second), CoolDown: int64(coolDown / time.Second)}
	}
	return ix, nil
}

func (c *QueueChoice) add(id string, q model.Queue) {
	if q.Tiers == nil {
		c.AnyTier = append(c.AnyTier, id)
	}
	for _, tier := range q.Tiers {
		c.Tiers[tier] = append(c.Tiers[tier], id)
	}
	if q.Categories == nil {
		c.AnyCategory = append(c.AnyCategory, id)
	}
	for _, cat := range q.Categories {
		c.Categories[cat] = append(c.Categories[cat], id)
	}
}

func addQualified(q map[string]map[string]map[string]map[string][]string, team, category, lang, ch, id string) {
	byCat := q[team]
	if byCat == nil {
		byCat = map[string]map[string]map[string][]string{}
		q[team] = byCat
	}
	byLang := byCat[category]
	if byLang == nil {
		byLang = map[string]map[string][]string{}
		byCat[category] = byLang
	}
	byChan := byLang[lang]
	if byChan == nil {
		byChan = map[string][]string{}
		byLang[lang] = byChan
	}
	byChan[ch] = append(byChan[ch], id)
}

// Data returns the policies' data document for cfg:
// {"supportops": {"config": ..., "index": ...}}. The configuration has the
// schema's field names; unset optional fields are absent.
func Data(cfg *model.Config) (ast.Object, error) {
	ix, err := NewIndex(cfg)
	if err != nil {
		return nil, fmt.Errorf("index configuration: %w", err)
	}
	return dataOf(cfg, ix)
}

func dataOf(cfg *model.Config, ix Index) (ast.Object, error) {
	doc := map[string]any{"supportops": map[string]any{"config": cfg, "index": ix}}
	// The JSON encoding is the schema's shape (see model); this runs once
	// per configuration version, not per decision.
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("encode policy data: %w", err)
	}
	v, err := ast.ValueFromReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("convert policy data: %w", err)
	}
	obj, ok := v.(ast.Object)
	if !ok {
		return nil, fmt.Errorf("convert policy data: got %T", v)
	}
	// Lists of agent ids become sets, which the policies intersect natively.
	index := obj.Get(ast.InternedTerm("supportops")).Value.(ast.Object).Get(ast.InternedTerm("index")).Value.(ast.Object)
	for _, key := range []string{"queues", "qualified", "trainees", "certified"} {
		k := ast.InternedTerm(key)
		index.Insert(k, arraysToSets(index.Get(k)))
	}
	return obj, nil
}

// arraysToSets returns t with every array replaced by a set of its items.
func arraysToSets(t *ast.Term) *ast.Term {
	switch v := t.Value.(type) {
	case *ast.Array:
		items := make([]*ast.Term, 0, v.Len())
		v.Foreach(func(x *ast.Term) { items = append(items, x) })
		return ast.SetTerm(items...)
	case ast.Object:
		out := ast.NewObject()
		v.Foreach(func(k, x *ast.Term) { out.Insert(k, arraysToSets(x)) })
		return ast.NewTerm(out)
	default:
		return t
	}
}
