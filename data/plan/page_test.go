package plan

import (
	"strings"
	"testing"
)

// TestPageFooter: a web page goes on after the plan's last 责任单位 block
// with its own furniture; the last clause ends at the block. A block in mid
// paragraph, or a last clause without one, keeps what follows.
func TestPageFooter(t *testing.T) {
	const body = "一、保障措施\n（一）营造良好氛围广泛宣传。（责任单位：省发展改革委）"
	tests := []struct {
		name, text, wantEnd string
	}{
		{"footer dropped", body + "\n编辑:某某\n版权声明:凡注明来源的内容版权所有。\nCopyright © 2015-2024", "（责任单位：省发展改革委）"},
		{"text after a block in its paragraph kept", body + "另行部署。（责任单位：省财政厅）", "（责任单位：省财政厅）"},
		{"no block: every paragraph kept", "一、保障措施\n（一）营造良好氛围广泛宣传。\n编辑:某某", "编辑:某某"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			last := p.Clauses[len(p.Clauses)-1]
			if !strings.HasSuffix(last.Text, tt.wantEnd) {
				t.Errorf("last clause %s ends %q, want %q", last.Ref, last.Text, tt.wantEnd)
			}
		})
	}
}
