package plan

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestScratchRaw(t *testing.T) {
	p := guizhou(t)
	for _, r := range strings.Fields(os.Getenv("REFS")) {
		c, _ := p.Clause(r)
		fmt.Printf("== %s\n%s\n", r, c.Text)
		for _, d := range c.Duties {
			fmt.Printf("  duty %q\n    %q\n", d.Departments, d.Text)
		}
	}
}
