package impact

import (
	"github.com/supportops/supportops/engine/staffing"
)

// staffing is the staffing effect of the change when both configurations
// have forecasts: both analysed on one week (see Result.StaffingWeek) and
// compared with staffing.Effect. It does not depend on the records but on
// the configurations' forecasts and rosters; the week is the latest
// record's next when neither names one. errMsg is set when either side
// cannot be analysed.
func (c *Comparer) staffing() (week string, effect []staffing.Transition, errMsg string) {
	base, head := c.base.cfg, c.head.cfg
	if len(base.Forecasts) == 0 || len(head.Forecasts) == 0 {
		return "", nil, ""
	}
	weekOf := head
	if head.Staffing == nil {
		weekOf = base
	}
	p, err := staffing.CheckWeek(weekOf, c.latest)
	if err != nil {
		return "", nil, err.Error()
	}
	before, err := staffing.AnalyseWeek(base, p)
	if err != nil {
		return p.String(), nil, "staffing of the base: " + err.Error()
	}
	after, err := staffing.AnalyseWeek(head, p)
	if err != nil {
		return p.String(), nil, "staffing of the head: " + err.Error()
	}
	return p.String(), staffing.Effect(before, after), ""
}
