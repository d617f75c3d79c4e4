package answer

import (
	"slices"
	"testing"
)

// TestDepartments: a department's everyday name resolves to the plan's
// name and the very clauses the plan names it in.
func TestDepartments(t *testing.T) {
	e := engine(t)
	refs := map[string][]string{}
	for _, d := range e.Plan().Departments() {
		refs[d.Name] = d.Refs
	}
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"省水利厅", []string{"省水利厅"}},
		{"水利厅", []string{"省水利厅"}},
		{"住建厅", []string{"省住房城乡建设厅"}},
		{"发改委", []string{"省发展改革委"}},
		{"卫健委负责哪些", []string{"省卫生健康委"}},
		{"文旅厅", []string{"省文化和旅游厅", "省文化旅游厅"}}, // one body the plan writes two ways
		{"海关总署", nil},
		{"", nil},
	} {
		got := e.Departments(tc.name)
		var names []string
		for _, d := range got {
			names = append(names, d.Name)
			if !slices.Equal(d.Refs, refs[d.Name]) || len(d.Refs) == 0 {
				t.Errorf("%s: %s's refs %v, want the plan's %v", tc.name, d.Name, d.Refs, refs[d.Name])
			}
		}
		slices.Sort(names)
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(names, want) {
			t.Errorf("Departments(%q) = %v, want %v", tc.name, names, want)
		}
	}
}
