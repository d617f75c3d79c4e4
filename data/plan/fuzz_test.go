package plan

import (
	"os"
	"strings"
	"testing"

	"github.com/planbot/planbot/data"
)

// FuzzParse: Parse returns an error or a plan, never panics; and a plan's
// every target stands verbatim in its own clause.
func FuzzParse(f *testing.F) {
	f.Add(data.GuizhouUrbanization())
	for _, file := range []string{"testdata/second-plan.txt", "testdata/hunan-digital-economy.txt"} {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(string(b))
		}
	}
	for _, s := range []string{
		"",
		"一、总体要求",
		"一、总体要求\n二、工作目标\n——目标。2023和2025年，全省常住人口城镇化率分别达56%以上、60%左右。",
		"一、主要任务\n（一）重点任务\n1.完善设施。2023和2025年,比分别达1.6:1、1.7：1。(责任单位:省公安厅等,各市〔州〕人民政府)",
		"一、主要任务\n(一)推进\n1.分类引导县城发展。培育。（责任单位：省发展改革委）加快。（责任单位：有关市〔州〕人民政府）",
		"一、主要任务\n（二十九）加强党的领导充分发挥作用。（责任单位：省委",
		"一、任务\n1.做大做强遵义中心城市。到2025年，贵阳、遵义中心城市内涝防治设计重现期不低于50年一遇。",
		"一、任务\n1.建设。“十四五”时期分别新增100万以上；2023—2025年省级改造国省干线2100公里以上。",
		"一、任务\n1.建设。（责任单位：省“强省会”工作领导小组成员单位）二、任务\n2.发行2只REITs产品。",
		"一、任务\n1.建设。累计建设改造城镇供水管网1500公里、3.5千瓦/辆、“3个100万”、5G、S1号线。",
		"一、任务\n1.建设。培育独角兽企业3—5家;每年新增上云企业10万家以上;其中2024年完成投资450亿元左右;PUE到2026年降至1.4以下。",
		"一、任务\n1.建设岳阳数字经济增长极。岳阳市数字经济规模达1200亿元;每个市建设车间20个以上。(责任单位:岳阳市人民政府、湘西州人民政府)",
		"一、任务\n1.建设。实现“300米见绿、500米见园”,打造“半小时”通勤圈,县城至少有一个医院,构建长株潭1毫秒、全省3毫秒城市算力时延圈。",
		"一、任务\n1.建设。城区常住人口300万以下城市严格限制新建150米以上超高层建筑,不得新建250米以上;设立规模200亿元的基金,床位80张左右的中心。",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		p, err := Parse(text)
		if err != nil {
			if p != nil {
				t.Fatalf("Parse returned a plan and the error %v", err)
			}
			return
		}
		if p == nil {
			t.Fatal("Parse returned neither a plan nor an error")
		}
		if len(p.Chapters) == 0 {
			t.Fatal("a plan without chapters")
		}
		seen := map[string]bool{}
		for _, c := range p.Clauses {
			if seen[c.Ref] {
				t.Fatalf("ref %s twice", c.Ref)
			}
			seen[c.Ref] = true
			for _, d := range c.Duties {
				for _, n := range d.Departments {
					if n == "" || strings.HasSuffix(n, "等") {
						t.Fatalf("clause %s: department %q", c.Ref, n)
					}
				}
			}
		}
		checkVerbatim(t, p)
	})
}
