package diag

import (
	"fmt"
	"strings"
)

// maxListed is how many known names a diagnostic lists before it says how
// many more there are.
const maxListed = 12

// Known returns a detail for an unknown name: a suggestion when one of the
// known names is close, and the known names (the first few when there are
// many). known must be sorted.
func Known(kind, name string, known []string) string {
	if len(known) == 0 {
		return fmt.Sprintf("no %s are defined", kind)
	}
	var b strings.Builder
	if s := closest(name, known); s != "" {
		fmt.Fprintf(&b, "did you mean %q? ", s)
	}
	fmt.Fprintf(&b, "known %s: ", kind)
	if len(known) <= maxListed {
		b.WriteString(strings.Join(known, ", "))
	} else {
		b.WriteString(strings.Join(known[:maxListed], ", "))
		fmt.Fprintf(&b, " and %d more", len(known)-maxListed)
	}
	return b.String()
}

// closest returns the known name nearest to name by edit distance, if it is
// near enough to be a likely typo: at most two edits, and at most a third of
// the name.
func closest(name string, known []string) string {
	best, bestDist := "", -1
	for _, k := range known {
		if d := distance(name, k); bestDist < 0 || d < bestDist {
			best, bestDist = k, d
		}
	}
	if bestDist > 0 && bestDist <= min(2, max(1, len(name)/3)) {
		return best
	}
	return ""
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
