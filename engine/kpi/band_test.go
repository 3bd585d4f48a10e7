package kpi

import (
	"testing"

	"github.com/supportops/supportops/engine/model"
)

func TestBandOf(t *testing.T) {
	higher := model.KPI{Direction: "higher", Target: 80, Bands: model.Bands{Excellent: 80, Good: 70, OK: 60}}
	lower := model.KPI{Direction: "lower", Target: 9.5, Bands: model.Bands{Excellent: 9.5, Good: 11, OK: 13}}
	tests := map[string]struct {
		kpi   model.KPI
		value float64
		want  Band
	}{
		"higher above excellent":      {higher, 95, Excellent},
		"higher at excellent":         {higher, 80, Excellent},
		"higher just below excellent": {higher, 79.99, Good},
		"higher at good":              {higher, 70, Good},
		"higher just below good":      {higher, 69.99, OK},
		"higher at ok":                {higher, 60, OK},
		"higher just below ok":        {higher, 59.99, Below},
		"higher zero":                 {higher, 0, Below},
		"lower below excellent":       {lower, 3, Excellent},
		"lower at excellent":          {lower, 9.5, Excellent},
		"lower just above excellent":  {lower, 9.51, Good},
		"lower at good":               {lower, 11, Good},
		"lower just above good":       {lower, 11.01, OK},
		"lower at ok":                 {lower, 13, OK},
		"lower just above ok":         {lower, 13.01, Below},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := BandOf(tc.kpi, tc.value); got != tc.want {
				t.Errorf("BandOf(%v) = %q, want %q", tc.value, got, tc.want)
			}
		})
	}
}

func TestGap(t *testing.T) {
	v := func(f float64) *float64 { return &f }
	tests := map[string]struct {
		r    Result
		want float64
		ok   bool
	}{
		"higher above target": {Result{Value: v(85), Target: 80, Direction: "higher"}, 5, true},
		"higher below target": {Result{Value: v(75), Target: 80, Direction: "higher"}, -5, true},
		"lower below target":  {Result{Value: v(8), Target: 9.5, Direction: "lower"}, 1.5, true},
		"lower above target":  {Result{Value: v(12), Target: 9.5, Direction: "lower"}, -2.5, true},
		"no data":             {Result{Target: 80, Direction: "higher", Band: NoData}, 0, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, ok := tc.r.Gap()
			if got != tc.want || ok != tc.ok {
				t.Errorf("Gap() = %v, %v, want %v, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}
