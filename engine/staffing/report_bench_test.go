package staffing_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/supportops/supportops/engine/staffing"
)

// BenchmarkWeekReport is the whole `supportops staffing --output html`
// run on bigCenter but the CUE load: the week laid out and analysed
// (AnalyseWeek: roster.Week and Analyse) and rendered as the HTML page,
// for the 200 queue channels and 5,000 agents (target ≤ 1 s).
func BenchmarkWeekReport(b *testing.B) {
	cfg := bigCenter()
	week, err := staffing.CheckWeek(cfg, time.Time{})
	if err != nil {
		b.Fatal(err)
	}
	var page bytes.Buffer
	for b.Loop() {
		rep, err := staffing.AnalyseWeek(cfg, week)
		if err != nil {
			b.Fatal(err)
		}
		page.Reset()
		if err := staffing.HTML(&page, cfg.Center.Name, rep); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(page.Len()), "html-bytes")
}
