package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// export runs `planbot export args…` and fails the test unless it succeeds.
func export(t *testing.T, args ...string) string {
	t.Helper()
	r := planbot(t, "", nil, append([]string{"export"}, args...)...)
	if r.err != nil || r.code != 0 {
		t.Fatalf("planbot export %q: %v (exit status %d)\n%s", args, r.err, r.code, r.stderr)
	}
	if r.stderr != "" {
		t.Errorf("planbot export %q wrote to stderr: %q", args, r.stderr)
	}
	return r.stdout
}

// exportJSON runs `planbot export kind` and decodes its output, keeping
// numbers as json.Number.
func exportJSON(t *testing.T, kind string) []map[string]any {
	t.Helper()
	out := export(t, kind)
	dec := json.NewDecoder(strings.NewReader(out))
	dec.UseNumber()
	var rows []map[string]any
	if err := dec.Decode(&rows); err != nil {
		t.Fatalf("planbot export %s: not a JSON array of objects: %v", kind, err)
	}
	if dec.More() {
		t.Fatalf("planbot export %s: more than one JSON value", kind)
	}
	return rows
}

// requireFields fails unless every row has every field.
func requireFields(t *testing.T, kind string, rows []map[string]any, fields ...string) {
	t.Helper()
	for i, r := range rows {
		for _, f := range fields {
			if _, ok := r[f]; !ok {
				t.Errorf("%s[%d] (ref %v) has no %q: %v", kind, i, r["ref"], f, r)
			}
		}
	}
}

func TestExportClauses(t *testing.T) {
	rows := exportJSON(t, "clauses")
	requireFields(t, "clauses", rows, "ref", "chapter", "section", "title", "text", "departments")
	var refs []string
	for _, r := range rows {
		ref, _ := r["ref"].(string)
		refs = append(refs, ref)
		if text, _ := r["text"].(string); text == "" {
			t.Errorf("clause %s has no text", ref)
		}
		if _, ok := r["departments"].([]any); !ok {
			t.Errorf("clause %s: departments = %#v, want a list (empty rather than null)", ref, r["departments"])
		}
	}
	want := []string{"R1", "G0", "G1", "G2", "G3", "G4", "G5"}
	for n := 1; n <= 69; n++ {
		want = append(want, fmt.Sprint(n))
	}
	want = append(want, "S29", "S30", "S31", "S32", "S33")
	if !slices.Equal(refs, want) {
		t.Errorf("clause refs (%d):\n%q\nwant (%d):\n%q", len(refs), refs, len(want), want)
	}
	if len(rows) != 81 {
		t.Errorf("%d clauses, want 81", len(rows))
	}
	// Clause 15 is the one the ask tests quote.
	for _, r := range rows {
		if r["ref"] == "15" {
			if r["title"] != "做大做强遵义中心城市" || !strings.Contains(r["text"].(string), "180万左右") {
				t.Errorf("clause 15 = %v", r)
			}
		}
	}
}

func TestExportTargets(t *testing.T) {
	rows := exportJSON(t, "targets")
	requireFields(t, "targets", rows, "ref", "subject", "metric", "year", "value", "quote")
	if len(rows) < 100 {
		t.Errorf("only %d targets", len(rows))
	}
	found := false
	for i, r := range rows {
		switch y := r["year"].(type) {
		case json.Number, string, nil:
		default:
			t.Errorf("targets[%d] (ref %v): year %#v (%T), want a number, a string or null", i, r["ref"], y, y)
		}
		for _, f := range []string{"ref", "subject", "metric", "value", "quote"} {
			if s, ok := r[f].(string); !ok || s == "" && f != "subject" && f != "metric" {
				t.Errorf("targets[%d] (ref %v): %s = %#v, want a non-empty string", i, r["ref"], f, r[f])
			}
		}
		if v, q := r["value"].(string), r["quote"].(string); !strings.Contains(q, v) {
			t.Errorf("targets[%d] (ref %v): value %q is not in its quote %q", i, r["ref"], v, q)
		}
		if r["ref"] == "15" && r["subject"] == "遵义中心城市" && r["year"] == json.Number("2025") && r["value"] == "180万左右" {
			found = true
			if r["metric"] != "城区常住人口" {
				t.Errorf("遵义 2025: metric %q, want 城区常住人口", r["metric"])
			}
		}
	}
	if !found {
		t.Error(`no target {ref "15", subject 遵义中心城市, year 2025, value 180万左右}`)
	}
	// A figure the text ties to no year of its sentence carries the
	// period; a per-year figure says so.
	for _, want := range []map[string]any{
		{"ref": "G4", "value": "3600个", "year": nil, "period": "2023—2025", "per_year": false},
		{"ref": "29", "value": "1600家以上", "year": nil, "period": "2023—2025", "per_year": true},
	} {
		if !slices.ContainsFunc(rows, func(r map[string]any) bool {
			for k, v := range want {
				if r[k] != v {
					return false
				}
			}
			return true
		}) {
			t.Errorf("no target %v", want)
		}
	}
}

func TestExportDepartments(t *testing.T) {
	rows := exportJSON(t, "departments")
	requireFields(t, "departments", rows, "name", "refs")
	byName := map[string][]string{}
	for i, r := range rows {
		name, _ := r["name"].(string)
		if _, dup := byName[name]; dup || name == "" {
			t.Errorf("departments[%d]: name %q empty or listed twice", i, name)
		}
		var refs []string
		for _, ref := range r["refs"].([]any) {
			refs = append(refs, ref.(string))
		}
		if len(refs) == 0 {
			t.Errorf("department %s owns no clause", name)
		}
		byName[name] = refs
	}
	if got, want := byName["省水利厅"], []string{"G3", "41", "46", "66"}; !reflect.DeepEqual(got, want) {
		t.Errorf("省水利厅 refs = %q, want %q", got, want)
	}
	if _, ok := byName["遵义市人民政府"]; !ok {
		t.Error("遵义市人民政府 (责任单位 of clause 15) is not listed")
	}
}

// TestExportCSV checks that each export as CSV opens in Excel (a UTF-8 byte
// order mark), parses, and holds the same rows as the JSON.
func TestExportCSV(t *testing.T) {
	for _, tc := range []struct {
		kind string
		head []string // leading columns
	}{
		{"clauses", []string{"ref", "number", "chapter", "section", "title", "text", "departments"}},
		{"targets", []string{"ref", "subject", "metric", "year", "value"}},
		{"departments", []string{"name", "refs"}},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			out := export(t, tc.kind, "--format", "csv")
			body, ok := strings.CutPrefix(out, "\ufeff")
			if !ok {
				t.Fatalf("does not start with the UTF-8 BOM: %q", out[:min(len(out), 20)])
			}
			recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
			if err != nil {
				t.Fatalf("not CSV: %v", err)
			}
			if len(recs) == 0 || !slices.Equal(recs[0][:min(len(recs[0]), len(tc.head))], tc.head) {
				t.Fatalf("header %q, want it to start with %q", recs[0], tc.head)
			}
			rows := exportJSON(t, tc.kind)
			if len(recs)-1 != len(rows) {
				t.Fatalf("%d CSV rows after the header, %d JSON objects", len(recs)-1, len(rows))
			}
			// Every plain string field reads the same in both.
			for i, r := range rows {
				for j, col := range recs[0] {
					if s, ok := r[col].(string); ok && recs[i+1][j] != s {
						t.Errorf("row %d %s: CSV %q, JSON %q", i+1, col, recs[i+1][j], s)
					}
				}
			}
		})
	}
}

// TestExportTargetsGolden keeps `planbot export targets --format csv` in
// testdata/export-targets.csv, so that a change in how the plan is parsed
// shows up as a diff to review (go test -update rewrites it).
func TestExportTargetsGolden(t *testing.T) {
	golden(t, "export-targets.csv", []byte(export(t, "targets", "--format", "csv")))
}

// TestExportFormatFlag checks the flag's forms: before or after the kind,
// = or a separate argument, and json as the default.
func TestExportFormatFlag(t *testing.T) {
	def := export(t, "departments")
	for _, args := range [][]string{
		{"departments", "--format", "json"},
		{"departments", "--format=json"},
		{"--format", "json", "departments"},
		{"-format=json", "departments"},
	} {
		if got := export(t, args...); got != def {
			t.Errorf("planbot export %q differs from planbot export departments", args)
		}
	}
	csvOut := export(t, "departments", "--format", "csv")
	if got := export(t, "--format=csv", "departments"); got != csvOut {
		t.Errorf("planbot export --format=csv departments differs from planbot export departments --format csv")
	}
}
