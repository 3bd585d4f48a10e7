package kpi

import (
	"github.com/supportops/supportops/engine/model"
)

// Band is a performance band.
type Band string

// The performance bands, best first; NoData is a KPI with nothing to
// measure in its scope and period.
const (
	Excellent Band = "excellent"
	Good      Band = "good"
	OK        Band = "ok"
	Below     Band = "below"
	NoData    Band = "no_data"
)

// The directions of a KPI.
const (
	Higher = "higher"
	Lower  = "lower"
)

// Result is one KPI in one concrete scope and period.
type Result struct {
	KPI    string `json:"kpi"`
	Metric string `json:"metric"`
	// Scope is concrete: "center", "team:after-sales", never "team:*".
	Scope string `json:"scope"`
	// Value is nil when there is no data.
	Value       *float64 `json:"value"`
	Numerator   float64  `json:"numerator"`
	Denominator float64  `json:"denominator"`
	Target      float64  `json:"target"`
	Band        Band     `json:"band"`
	// Direction is "higher" or "lower".
	Direction string `json:"-"`
	// Period is the period's Period.String().
	Period string `json:"-"`
}

// Gap is value − target, signed so that a positive gap is better than the
// target; false when there is no data.
func (r Result) Gap() (float64, bool) {
	if r.Value == nil {
		return 0, false
	}
	if r.Direction == Lower {
		return r.Target - *r.Value, true
	}
	return *r.Value - r.Target, true
}

// Card is every KPI result of one period.
type Card struct {
	Period string `json:"period"`
	// Results are sorted by KPI id, then scope.
	Results []Result `json:"results"`
}

// BandOf bands a value by the KPI's direction and bands: for "higher" a
// value at or above excellent is excellent, at or above good is good, at
// or above ok is ok, else below; for "lower" the same with at or below.
func BandOf(k model.KPI, value float64) Band {
	if k.Direction == Lower {
		switch {
		case value <= k.Bands.Excellent:
			return Excellent
		case value <= k.Bands.Good:
			return Good
		case value <= k.Bands.OK:
			return OK
		}
		return Below
	}
	switch {
	case value >= k.Bands.Excellent:
		return Excellent
	case value >= k.Bands.Good:
		return Good
	case value >= k.Bands.OK:
		return OK
	}
	return Below
}
