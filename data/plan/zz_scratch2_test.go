package plan

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestScratchText(t *testing.T) {
	p := guizhou(t)
	for _, r := range strings.Fields(os.Getenv("REFS")) {
		c, _ := p.Clause(r)
		fmt.Printf("== %s\n%s\n", r, withoutDuties(c.Text))
	}
}
