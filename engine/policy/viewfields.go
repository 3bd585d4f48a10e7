package policy

// ViewFields returns the paths of the ticket fields the routing policy's
// ticket view reads (its view_fields; see policies/README.md), or nil
// when the policy declares no view. A routing decision without agent
// state takes its priority and queue from the view, so two tickets equal
// on these fields get the same priority and queue. The result is a copy.
func (e *Engine) ViewFields() [][]string {
	if e.views == nil || e.views.fields == nil {
		return nil
	}
	out := make([][]string, len(e.views.fields))
	for i, p := range e.views.fields {
		out[i] = append([]string(nil), p...)
	}
	return out
}
