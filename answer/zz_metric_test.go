package answer

import (
	"context"
	"fmt"
	"os"
	"testing"
)

func TestDebugNamed(t *testing.T) {
	qs := os.Getenv("DEBUGN")
	if qs == "" {
		t.Skip()
	}
	e := engine(t)
	q := e.read(e.fold(qs))
	_ = context.Background()
	last, mod := measureWords(q)
	fmt.Println("last", last, "mod", mod, "unit", q.unit, "increase", asksIncrease(q))
	for _, m := range []string{"建成千亿级开发区", "新增规模以上企业", "城区常住人口", "城镇人均年消费"} {
		fmt.Println(m, e.metricHeld(q, m), e.namesHead(q, m), e.head(m))
	}
}
