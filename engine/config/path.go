package config

import (
	"iter"

	"cuelang.org/go/cue"

	"github.com/supportops/supportops/engine/model"
)

// path names a value of the configuration: string elements select fields,
// int elements select list indices.
type path []any

// entries yields the keys of one of the configuration's maps, the field
// named field, in order, each with its path: every check walks a map so.
func entries[K ~string, V any](field string, m map[K]V) iter.Seq2[K, path] {
	return func(yield func(K, path) bool) {
		for _, k := range model.SortedKeys(m) {
			if !yield(k, path{field, string(k)}) {
				return
			}
		}
	}
}

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
