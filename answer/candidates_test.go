package answer

import (
	"slices"
	"testing"
)

// TestPermute sorts as a stable sort does.
func TestPermute(t *testing.T) {
	for _, xs := range [][]int{{}, {1}, {3, 1, 2}, {5, 4, 3, 2, 1}, {2, 2, 1, 1, 3, 3}, {9, 1, 8, 2, 7, 3, 6, 4, 5}} {
		type item struct{ key, pos int }
		items := make([]item, len(xs))
		for i, x := range xs {
			items[i] = item{x, i}
		}
		want := slices.Clone(items)
		slices.SortStableFunc(want, func(a, b item) int { return b.key - a.key })
		permute(items, func(a, b int) int { return items[b].key - items[a].key })
		if !slices.Equal(items, want) {
			t.Errorf("permute(%v) = %v, want %v", xs, items, want)
		}
	}
}
