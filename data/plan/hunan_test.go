package plan

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// testdata/hunan-digital-economy.txt is an invented fixture in the official
// format: a 《湖南省数字经济高质量发展实施方案(2024—2026年)》 as a web page
// prints it, with a news summary before the notice and the page's footer
// after the last clause. It is of another province and topic than the
// embedded plan, so that the parser is checked on a plan it was not written
// from; no rule may name its words.

// hunan parses the Hunan fixture.
func hunan(t testing.TB) *Plan {
	t.Helper()
	b, err := os.ReadFile("testdata/hunan-digital-economy.txt")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(string(b))
	if err != nil {
		t.Fatalf("Parse(hunan-digital-economy.txt): %v", err)
	}
	return p
}

func TestLocalGovernment(t *testing.T) {
	tests := []struct {
		dept, place, kind string
		ok                bool
	}{
		{"岳阳市人民政府", "岳阳", "市", true},
		{"张家界市人民政府", "张家界", "市", true},
		{"湘西州人民政府", "湘西", "州", true},
		{"黔东南州人民政府", "黔东南", "州", true},
		{"湘西土家族苗族自治州人民政府", "湘西土家族苗族", "自治州", true},
		{"宁乡县人民政府", "宁乡", "县", true},
		{"各市州人民政府", "", "", false},
		{"有关市〔州〕人民政府", "", "", false},
		{"各县（市、区）人民政府", "", "", false},
		{"省人民政府", "", "", false},
		{"岳阳市发展改革委", "", "", false},
	}
	p := &Plan{}
	for _, tt := range tests {
		place, kind, ok := p.LocalGovernment(tt.dept)
		if place != tt.place || kind != tt.kind || ok != tt.ok {
			t.Errorf("LocalGovernment(%q) = %q, %q, %v; want %q, %q, %v", tt.dept, place, kind, ok, tt.place, tt.kind, tt.ok)
		}
	}
}

// TestHunanPlaces: the cities are known from the governments the 责任单位
// name and the cluster from the text, and a clause whose title opens with a
// place after its verbs is about it.
func TestHunanPlaces(t *testing.T) {
	p := hunan(t)
	all, _ := p.places()
	for _, want := range []string{"长沙", "株洲", "湘潭", "衡阳", "岳阳", "常德", "郴州", "怀化", "湘西", "长株潭"} {
		if !slices.Contains(all, want) {
			t.Errorf("places %q lack %s", all, want)
		}
	}
	for _, bad := range []string{"各市", "有关市", "实现", "推动长株潭"} {
		if slices.Contains(all, bad) {
			t.Errorf("places %q hold %s", all, bad)
		}
	}
	tests := []struct{ ref, about string }{
		{"15", "长株潭"}, // 建设长株潭数字经济核心区
		{"16", "长沙"},  // 做强长沙数字经济核心引擎
		{"17", "株洲"},  // 加快株洲数字产业特色发展
		{"18", "湘潭"},  // 推动湘潭智能制造和数字经济融合发展
		{"19", "衡阳"},  // 建设衡阳数字经济增长极
		{"20", "岳阳"},
		{"21", "常德"},
		{"22", ""}, // 推动其他市州数字经济特色发展
		{"5", ""},  // 打造全省算力“一张网”
		{"G0", ""},
	}
	for _, tt := range tests {
		c, ok := p.Clause(tt.ref)
		if !ok {
			t.Fatalf("no clause %s", tt.ref)
		}
		if got, kind := c.About(); got != tt.about || kind != "" {
			t.Errorf("clause %s (%s) is about %q %q, want %q", tt.ref, c.Title, got, kind, tt.about)
		}
	}
}

// TestHunanStructure: the page's news summary and footer are no clause's.
func TestHunanStructure(t *testing.T) {
	p := hunan(t)
	if p.Title != "湖南省数字经济高质量发展实施方案(2024—2026年)" || p.DocNumber != "湘发改数字〔2024〕88号" || p.Date != "2024-05-10" {
		t.Errorf("metadata %q %q %q", p.Title, p.DocNumber, p.Date)
	}
	if n := len(p.Clauses); n != 48+6+5+1 {
		t.Errorf("%d clauses", n)
	}
	last := p.Clauses[len(p.Clauses)-1]
	if !strings.HasSuffix(last.Text, "各市州人民政府)") {
		t.Errorf("last clause ends %q", last.Text[max(0, len(last.Text)-60):])
	}
	for _, c := range p.Clauses {
		for _, s := range []string{"版权", "编辑:", "5月14日", "0731"} {
			if strings.Contains(c.Text, s) {
				t.Errorf("clause %s holds the page's %q", c.Ref, s)
			}
		}
	}
	if n := len(p.Targets()); n < 250 {
		t.Errorf("only %d targets", n)
	}
	checkVerbatim(t, p)
}

// TestHunanTargets pins what the kinds of target of the fixture parse to:
// places as subjects, ranges, limits, per-year values, years inside a
// segment, units, and lists that name their measure once.
func TestHunanTargets(t *testing.T) {
	p := hunan(t)
	y := func(n int) Year { return Year{N: n} }
	tests := []struct {
		name  string
		ref   string
		value string
		want  Target // Ref, Value and Quote are not compared
	}{
		// Subjects: a place that opens the metric, and the place a clause
		// is about where the sentence names none.
		{"city metric", "20", "1600亿元以上", Target{Subject: "岳阳", Metric: "数字经济规模", Year: y(2026), Number: 1600, Unit: "亿元", Qualifier: "以上"}},
		{"city with 市", "16", "7800亿元以上", Target{Subject: "长沙", Metric: "数字经济规模", Year: y(2026), Number: 7800, Unit: "亿元", Qualifier: "以上"}},
		{"cluster with 地区", "15", "1.2万亿元以上", Target{Subject: "长株潭", Metric: "数字经济规模", Year: y(2026), Number: 1.2, Unit: "万亿元", Qualifier: "以上"}},
		{"share of the metric before", "15", "50%左右", Target{Subject: "长株潭", Metric: "数字经济规模占全省比重", Year: y(2024), Number: 50, Unit: "%", Qualifier: "左右"}},
		{"city clause, no place in the sentence", "20", "160万标箱", Target{Subject: "岳阳", Metric: "城陵矶港集装箱吞吐量", Year: y(2026), Number: 160, Unit: "万标箱"}},
		{"cities paired with values", "22", "1.5万架以上", Target{Subject: "怀化", Metric: "数据中心标准机架", Year: y(2026), Number: 1.5, Unit: "万架", Qualifier: "以上"}},
		{"每个市: the governments of the span", "22", "20个以上", Target{Subject: "邵阳", Metric: "建设省级数字化车间", Number: 20, Unit: "个", Qualifier: "以上"}},
		{"3个市州各", "22", "1个以上", Target{Subject: "永州", Metric: "建成省级数字经济特色园区", Year: y(2026), Number: 1, Unit: "个", Qualifier: "以上"}},
		// Ranges.
		{"range of firms", "13", "3—5家", Target{Subject: "全省", Metric: "培育独角兽企业", Year: Year{Label: "2024—2026"}, Number: 3, Unit: "家"}},
		{"list item after a range", "13", "300家以上", Target{Subject: "全省", Metric: "培育瞪羚企业", Year: Year{Label: "2024—2026"}, Number: 300, Unit: "家", Qualifier: "以上"}},
		{"range of bases", "34", "2—3个", Target{Subject: "全省", Metric: "建成数据标注基地", Year: y(2026), Number: 2, Unit: "个"}},
		// Limits.
		{"降至, year inside the segment", "6", "1.4以下", Target{Subject: "全省", Metric: "存量数据中心电能利用效率(PUE)", Year: y(2026), Number: 1.4, Qualifier: "以下"}},
		{"分别降至", "G1", "1.25以下", Target{Subject: "全省", Metric: "新建大型以上数据中心电能利用效率(PUE)", Year: y(2026), Number: 1.25, Qualifier: "以下"}},
		// Years.
		{"其中 and a year of its own", "1", "450亿元左右", Target{Subject: "全省", Metric: "完成数字新基建投资", Year: y(2024), Number: 450, Unit: "亿元", Qualifier: "左右"}},
		{"每年", "1", "200个以上", Target{Subject: "全省", Metric: "滚动实施重点项目", PerYear: true, Number: 200, Unit: "个", Qualifier: "以上"}},
		{"每年 with 人次", "43", "50万人次以上", Target{Subject: "全省", Metric: "开展数字技能培训", PerYear: true, Number: 50, Unit: "万人次", Qualifier: "以上"}},
		{"每年 and a bound", "S20", "10亿元", Target{Subject: "全省", Metric: "省级相关专项资金安排", PerYear: true, Number: 10, Unit: "亿元", Qualifier: "不少于", Remark: "支持数字基础设施建设"}},
		// Units and measures.
		{"computing power", "G1", "15EFLOPS以上", Target{Subject: "全省", Metric: "在用算力总规模", Year: y(2026), Number: 15, Unit: "EFLOPS", Qualifier: "以上"}},
		{"bandwidth", "3", "60Tbps", Target{Subject: "全省", Metric: "互联网省际出口带宽", Year: y(2026), Number: 60, Unit: "Tbps"}},
		{"a level", "G4", "5级", Target{Subject: "全省", Metric: "二级以上公立医院电子病历系统应用水平平均级别", Year: y(2026), Number: 5, Unit: "级"}},
		{"per workers", "24", "350台", Target{Subject: "全省", Metric: "工业机器人密度(每万名工人)", Year: y(2026), Number: 350, Unit: "台"}},
		{"measure named once for a list", "10", "1500亿元", Target{Subject: "全省", Metric: "计算产业营业收入", Year: y(2026), Number: 1500, Unit: "亿元"}},
		{"share named after its measure", "G0", "42%以上", Target{Subject: "全省", Metric: "数字经济规模占地区生产总值比重", Year: y(2026), Number: 42, Unit: "%", Qualifier: "以上"}},
		{"size of a fund", "S21", "200亿元", Target{Subject: "全省", Metric: "数字经济产业基金规模", Number: 200, Unit: "亿元"}},
		{"time goal, reach shared", "5", "1毫秒", Target{Subject: "长株潭", Metric: "城市算力时延圈", Number: 1, Unit: "毫秒"}},
		{"time goal in quotes", "15", "半小时", Target{Subject: "长株潭", Metric: "数字生活圈", Number: 0.5, Unit: "小时"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := p.Clause(tt.ref)
			if !ok {
				t.Fatalf("no clause %s", tt.ref)
			}
			var got []Target
			for _, tg := range c.Targets {
				if tg.Value == tt.value {
					tg.Ref, tg.Value, tg.Quote, tg.Period = "", "", "", ""
					got = append(got, tg)
				}
			}
			if !slices.ContainsFunc(got, func(g Target) bool { return reflect.DeepEqual(g, tt.want) }) {
				t.Errorf("clause %s, value %s:\n got %+v\nwant %+v", tt.ref, tt.value, got, tt.want)
			}
		})
	}
}

// TestHunanNoFalseTargets: names with numbers, the news summary and the
// page's footer give no target.
func TestHunanNoFalseTargets(t *testing.T) {
	p := hunan(t)
	for _, tg := range p.Targets() {
		// A value that runs on into a name (5G, 10G-PON, 三类500强).
		at := strings.Index(tg.Quote, tg.Value)
		if next, _ := utf8.DecodeRuneInString(tg.Quote[at+len(tg.Value):]); strings.ContainsRune("GA-强", next) {
			t.Errorf("clause %s: value %q of %q runs on into a name", tg.Ref, tg.Value, tg.Quote)
		}
		if strings.HasPrefix(tg.Metric, "每年") || strings.HasPrefix(tg.Metric, "年均") {
			t.Errorf("clause %s: metric %q opens with its per-year word", tg.Ref, tg.Metric)
		}
		if strings.ContainsAny(tg.Metric, "0123456789") && strings.Contains(tg.Metric, "—") {
			t.Errorf("clause %s: metric %q holds a range", tg.Ref, tg.Metric)
		}
	}
}
