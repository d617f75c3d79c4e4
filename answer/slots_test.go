package answer

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestRead: what stage 2 reads of a question — its slots and the words left
// that say what it is about.
func TestRead(t *testing.T) {
	e := engine(t)
	tests := []struct {
		q      string
		years  []int
		period string
		refs   []string
		places []string // cores
		depts  []string
		terms  []string // every one, in any order
		unit   string
	}{
		{q: "遵义2025城区人口", years: []int{2025}, places: []string{"遵义"}, terms: []string{"城区人口"}},
		{q: "23年城镇化率", years: []int{2023}, terms: []string{"城镇化率"}},
		{q: "2023到2025增加多少", years: []int{2023, 2025}},
		{q: "十四五期间县城新增城区人口", period: "十四五", places: []string{"县城"}},
		{q: "9个中心城市2025人口目标", years: []int{2025}, terms: []string{"中心城市", "人口"}},
		{q: "高新技术企业2000家是哪年", terms: []string{"高新技术企业"}},
		{q: "高标准农田2010万亩", terms: []string{"高标准", "农田"}},
		{q: "第15条", refs: []string{"15"}},
		{q: "15", refs: []string{"15"}},
		{q: "条款57", refs: []string{"57"}},
		{q: "g3说了啥", refs: []string{"G3"}},
		{q: "S1号线啥时候建成", terms: []string{"s1号线"}},
		{q: "住建厅负责哪些", depts: []string{"省住房城乡建设厅"}},
		{q: "我是铜仁市发改委的，海绵城市谁负责", depts: []string{"省发展改革委"}, terms: []string{"海绵城市"}},
		{q: "除了贵阳，其他8个市州中心城市23年城区人口分别是多少", years: []int{2023}},
		{q: "2025年城镇居民人均可支配收入达到多少元", years: []int{2025}, unit: "元"},
		{q: "遵义比六盘水多多少人口", places: []string{"遵义", "六盘水"}},
		{q: "2023年棚改开工多少户", years: []int{2023}, terms: []string{"棚改", "开工"}, unit: "户"},
		{q: "您好，刚调过来不久，凯里中心城市的城区常住人口到2025年目标是多少", years: []int{2025}, places: []string{"凯里"}, terms: []string{"城区常住人口"}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			q := e.read(e.fold(tt.q))
			if fmt.Sprint(q.years) != fmt.Sprint(tt.years) && !(len(q.years) == 0 && tt.years == nil) {
				t.Errorf("years = %v, want %v", q.years, tt.years)
			}
			if q.period != tt.period {
				t.Errorf("period = %q, want %q", q.period, tt.period)
			}
			if fmt.Sprint(q.refs) != fmt.Sprint(tt.refs) && !(len(q.refs) == 0 && tt.refs == nil) {
				t.Errorf("refs = %v, want %v", q.refs, tt.refs)
			}
			var places []string
			for _, h := range q.places {
				places = append(places, h.place.core)
			}
			if fmt.Sprint(places) != fmt.Sprint(tt.places) && !(len(places) == 0 && tt.places == nil) {
				t.Errorf("places = %v, want %v", places, tt.places)
			}
			if got := deptsIn(e, tt.q); fmt.Sprint(got) != fmt.Sprint(tt.depts) && !(len(got) == 0 && tt.depts == nil) {
				t.Errorf("departments = %v, want %v", got, tt.depts)
			}
			var terms []string
			for _, tm := range q.terms {
				terms = append(terms, tm.text)
			}
			for _, w := range tt.terms {
				if !slices.Contains(terms, w) {
					t.Errorf("terms = %v, want %s among them", terms, w)
				}
			}
			if q.unit != tt.unit {
				t.Errorf("unit = %q, want %q", q.unit, tt.unit)
			}
		})
	}
}

// TestReadDropsChatter: greetings, thanks and the parts of a long message
// that ask nothing leave no words behind.
func TestReadDropsChatter(t *testing.T) {
	e := engine(t)
	for _, q := range []string{
		"你好", "谢谢啦", "hello", "辛苦了，麻烦问一下",
		"您好，我是黔东南州这边的，刚调过来不久，领导让我查一下",
	} {
		r := e.read(e.fold(q))
		var left []string
		for _, tm := range r.terms {
			if tm.weight >= 1 {
				left = append(left, tm.text)
			}
		}
		if len(left) > 0 || !r.chatter {
			t.Errorf("%s: chatter %v, words left %v", q, r.chatter, left)
		}
	}
}

func TestReadFuzzSeeds(t *testing.T) {
	e := engine(t)
	for _, q := range []string{"", "和和和、、、", "哪…个", "我是…的", strings.Repeat("遵义", 300), "\xff\xfe", "第999999999999条"} {
		e.read(e.fold(q)) // must not panic
	}
}
