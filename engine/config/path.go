package config

import "cuelang.org/go/cue"

// path names a value of the configuration: string elements select fields,
// int elements select list indices.
type path []any

// at returns p extended by more elements.
func (p path) at(more ...any) path {
	return append(append(path(nil), p...), more...)
}

// cue converts p to a CUE path.
func (p path) cue() cue.Path {
	sels := make([]cue.Selector, 0, len(p))
	for _, e := range p {
		switch e := e.(type) {
		case int:
			sels = append(sels, cue.Index(e))
		case string:
			sels = append(sels, cue.Str(e))
		}
	}
	return cue.MakePath(sels...)
}

// String renders p the way CUE prints paths, e.g. teams."after-sales".lead.
func (p path) String() string { return p.cue().String() }
