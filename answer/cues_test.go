package answer

import (
	"strings"
	"testing"

	"github.com/planbot/planbot/data"
)

func TestParseCueFile(t *testing.T) {
	id := func(s string) string { return s }
	f, err := parseCueFile("# cues\n[value]\n多少\n几 0.5   # a comment\n[duty]\n谁…负责\n", id)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.sections["value"]; len(got) != 2 || got[1].weight != 0.5 || got[1].line != 4 {
		t.Errorf("value = %+v", got)
	}
	if got := f.sections["duty"]; len(got) != 1 || strings.Join(got[0].parts, "|") != "谁|负责" {
		t.Errorf("duty = %+v", got)
	}
	for _, bad := range []string{"多少\n", "[value\n多少\n", "[value]\n谁… \n", "[value]\n多少 0\n", "[value]\n多少 11\n"} {
		if _, err := parseCueFile(bad, id); err == nil {
			t.Errorf("parseCueFile(%q): no error", bad)
		}
	}
	if _, err := newCues(&cueFile{sections: map[string][]cueEntry{"nosuch": {{parts: []string{"x"}, weight: 1, line: 3}}}}); err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("unknown section: %v", err)
	}
	// The shipped file parses and every section it has is one planbot reads.
	f, err = parseCueFile(data.Cues(), id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := newCues(f); err != nil {
		t.Fatal(err)
	}
}

func TestCueFind(t *testing.T) {
	free := func(int, int) bool { return true }
	entry := func(parts ...string) cueEntry {
		gaps := make([]int, max(len(parts)-1, 0))
		for i := range gaps {
			gaps[i] = gap
		}
		return cueEntry{parts: parts, gaps: gaps, weight: 1}
	}
	tests := []struct {
		e    cueEntry
		text string
		want string // the matches, | between them
	}{
		{entry("谁", "负责"), "餐厨垃圾处理谁来负责", "谁来负责"},
		{entry("谁", "负责"), "谁，负责", ""},               // a gap holds no punctuation
		{entry("谁", "负责"), "谁一二三四五六七负责", ""},         // nor more than six characters
		{entry("hi"), "hi 这条", "hi"},                 // a Latin cue is a word
		{entry("hi"), "this", ""},                    // not part of one
		{entry("多少"), "多少人多少户", "多少|多少"},             // every place it stands
		{entry("与", "比"), "停车位与汽车保有量之比", "与汽车保有量之比"}, // the gap is found, and left to the content
	}
	for _, tt := range tests {
		var got []string
		for _, m := range tt.e.find(tt.text, free) {
			got = append(got, tt.text[m.start:m.end])
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("%v in %q: %q, want %q", tt.e.parts, tt.text, strings.Join(got, "|"), tt.want)
		}
	}
}

// TestWeigh: what a question asks is scored from all its evidence; the
// kind asked most strongly is the one each wording means.
func TestWeigh(t *testing.T) {
	e := engine(t)
	for q, want := range map[string]ask{
		"遵义2025城区人口目标":       askValue,
		"五百亿级的开发区25年要搞几个":    askValue,
		"餐厨垃圾处理谁负责":          askDuty,
		"宅基地确权登记颁证归哪个部门管":    askDuty,
		"增减挂钩节余指标跨县域流转哪个部门管": askDuty, // 指标 is the plan's word, 哪个部门 asks who
		"水利厅负责哪几项":           askDept,
		"能源局要干哪些事":           askDept,
		"省气象局涉及方案哪几处":        askDept,
		"六大产业基地是哪六个":         askMembers,
		"要建成哪几个机场":           askMembers,
		"3个100万是啥意思":         askDefine,
		"老旧小区怎么改":            askHow,
		"在城里租房能落户吗":          askWhether,
		"物业服务是不是要覆盖所有小区":     askWhether,
		"S1号线啥时候建成":          askWhen,
		"贵阳和遵义公交分担率":         askCompare,
		"铜仁和都匀25年城区人口比一比":    askCompare,
		"5G基站2023到2025增加多少":  askChange,
		"2025年各市州中心城市城区人口":   askAcross,
		"第38条": askClause,
		"城乡基本公共服务普惠共享是哪条": askClause,
		"海绵城市": askTopic,
	} {
		if got, _ := e.read(e.fold(q)).asks.top(); got != want {
			t.Errorf("%s: asks %s, want %s", q, got, want)
		}
	}
}
