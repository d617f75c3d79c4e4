package plan

import (
	"errors"
	"testing"
)

// TestParseErrors: a text that is not a plan gets an error code and the
// line to look at.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		text string
		code error
		line int
		msg  string
	}{
		{"empty", "", ErrNoChapters, 0, ErrNoChapters.Error()},
		{"no chapters", "\n\n一份通知\n\n各位同事：请按时参会。\n", ErrNoChapters, 3, "line 3: " + ErrNoChapters.Error()},
		{"not UTF-8", "标题\n一、总体要求\n\xff\xfe正文\n", ErrNotUTF8, 3, "line 3: " + ErrNotUTF8.Error()},
		{"no clauses", "标题\n\n一、总体要求\n", ErrNoClauses, 3, "line 3: " + ErrNoClauses.Error()},
		{"a clause twice", "一、总体要求\n（一）第一节\n1.甲。乙。\n2.丙。\n1.丁。\n", nil, 5, "line 5: clause 1 appears twice (first on line 3)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.text)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse: %v, want a *ParseError", err)
			}
			if tt.code != nil && !errors.Is(err, tt.code) {
				t.Errorf("error %v is not %v", err, tt.code)
			}
			if pe.Line != tt.line || err.Error() != tt.msg {
				t.Errorf("error = %q on line %d, want %q on line %d", err, pe.Line, tt.msg, tt.line)
			}
		})
	}
}
