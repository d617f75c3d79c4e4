package plan

import "testing"

func TestChineseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"一", 1, true}, {"九", 9, true}, {"十", 10, true}, {"十五", 15, true}, {"二十", 20, true},
		{"二十九", 29, true}, {"三十三", 33, true}, {"六十九", 69, true}, {"一百", 100, true},
		{"一百零五", 105, true}, {"", 0, false}, {"零", 0, false}, {"五五", 0, false}, {"十x", 0, false}, {"15", 0, false},
	}
	for _, tt := range tests {
		got, err := ChineseNumber(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ChineseNumber(%q) = %d, %v; want %d, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}
