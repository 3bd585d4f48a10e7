package impact

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/staffing"
)

// StaffingVolume is what the head's routing does to the volume of one
// queue channel of the head's forecasts over the records compared: Base
// and Head count the records routed there under each configuration, and
// the head's forecast is scaled by Factor, Head ÷ Base rounded to
// factorDecimals, for the staffing effect. A queue channel the base routes no record to keeps its forecast
// (Factor 1, see Kept); one the head routes none to gets no volume
// (Factor 0).
type StaffingVolume struct {
	Queue   string  `json:"queue"`
	Channel string  `json:"channel"`
	Base    int     `json:"base"`
	Head    int     `json:"head"`
	Factor  float64 `json:"factor"`
}

// factorDecimals are the decimals StaffingVolume.Factor is rounded to.
const factorDecimals = 4

// Kept says the forecast was kept as it is because the history routes no
// record to the queue channel under the base: there is nothing to scale
// by.
func (v StaffingVolume) Kept() bool { return v.Base == 0 }

// moved says the head routes another number of records to the queue
// channel than the base.
func (v StaffingVolume) moved() bool { return v.Base != v.Head }

// staffing sets res's staffing effect of the change when both
// configurations have forecasts: the head's forecast of each queue channel
// scaled by the records its routing sends there against the base's
// (res.StaffingVolumes), both sides analysed on one week (see
// Result.StaffingWeek) and compared with staffing.Effect. With the same
// routing every factor is 1 and only what the configurations' forecasts
// and rosters change shows. The week is the latest record's next when
// neither configuration names one. res.StaffingError is set when either
// side cannot be analysed.
func (c *Comparer) staffing(res *Result) {
	base, head := c.base.cfg, c.head.cfg
	if len(base.Forecasts) == 0 || len(head.Forecasts) == 0 {
		return
	}
	res.StaffingVolumes = c.staffingVolumes(head)
	weekOf := head
	if head.Staffing == nil {
		weekOf = base
	}
	p, err := staffing.CheckWeek(weekOf, c.latest)
	if err != nil {
		res.StaffingError = err.Error()
		return
	}
	res.StaffingWeek = p.String()
	before, err := staffing.AnalyseWeek(base, p)
	if err != nil {
		res.StaffingError = "staffing of the base: " + err.Error()
		return
	}
	after, err := staffing.AnalyseWeek(withVolumes(head, res.StaffingVolumes), p)
	if err != nil {
		res.StaffingError = "staffing of the head: " + err.Error()
		return
	}
	res.Staffing = staffing.Effect(before, after)
}

// staffingVolumes are the volumes of each queue channel of head's
// forecasts, sorted by queue then channel.
func (c *Comparer) staffingVolumes(head *model.Config) []StaffingVolume {
	out := []StaffingVolume{}
	for queue, channels := range head.Forecasts {
		for channel := range channels {
			v := StaffingVolume{Queue: queue, Channel: channel, Factor: 1}
			if n := c.volumes[volumeKey{queue, channel}]; n != nil {
				v.Base, v.Head = n[0], n[1]
			}
			if v.Base > 0 {
				scale := math.Pow10(factorDecimals)
				v.Factor = math.Round(float64(v.Head)/float64(v.Base)*scale) / scale
			}
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b StaffingVolume) int {
		return cmp.Or(strings.Compare(a.Queue, b.Queue), strings.Compare(a.Channel, b.Channel))
	})
	return out
}

// withVolumes is a copy of cfg whose forecasts are scaled by volumes'
// factors; cfg, the compiled bundle's and shared, is not changed.
func withVolumes(cfg *model.Config, volumes []StaffingVolume) *model.Config {
	scaled := *cfg
	scaled.Forecasts = make(map[string]map[string]model.Forecast, len(cfg.Forecasts))
	for queue, channels := range cfg.Forecasts {
		scaled.Forecasts[queue] = make(map[string]model.Forecast, len(channels))
		for channel, f := range channels {
			scaled.Forecasts[queue][channel] = f
		}
	}
	for _, v := range volumes {
		if f, ok := cfg.Forecasts[v.Queue][v.Channel]; ok {
			scaled.Forecasts[v.Queue][v.Channel] = f.Scaled(v.Factor)
		}
	}
	return &scaled
}
