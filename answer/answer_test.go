package answer

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"golang.org/x/tools/txtar"

	"github.com/planbot/planbot/data"
)

var update = flag.Bool("update", false, "rewrite testdata/replies.txtar from the current answers")

// The engine takes a second to build (jieba's dictionaries): build it once
// for the whole test binary.
var (
	engineOnce sync.Once
	testEngine *Engine
	engineErr  error
)

func engine(tb testing.TB) *Engine {
	tb.Helper()
	engineOnce.Do(func() {
		testEngine, engineErr = LoadWith(context.Background(), nil, data.GuizhouUrbanization(), data.Synonyms(),
			Options{DictDir: filepath.Join(os.TempDir(), "planbot-test-dicts")})
	})
	if engineErr != nil {
		tb.Fatalf("load engine: %v", engineErr)
	}
	return testEngine
}

func refs(a Answer) []string {
	var out []string
	for _, r := range a.Results {
		out = append(out, r.Ref)
	}
	return out
}

func TestAskIntents(t *testing.T) {
	e := engine(t)
	tests := []struct {
		q       string
		intent  Intent
		ref     string   // the first answer's ref
		want    []string // in the reply
		figures []string // in the reply's first 200 characters
	}{
		{"遵义2025城区人口目标", IntentTarget, "15", []string{"第15条 做大做强遵义中心城市", "省发展改革委", "遵义市人民政府"}, []string{"180万左右", "168万左右"}},
		{"遵義2025城區人口", IntentTarget, "15", nil, []string{"180万左右"}},
		{"六盘术城区人口2025", IntentTarget, "17", []string{"六盘水市人民政府"}, []string{"90万左右"}},
		{"二〇二五年城镇化率", IntentTarget, "G0", nil, []string{"60%左右"}},
		{"２０２５年 ５G基站", IntentTarget, "43", []string{"省大数据局"}, []string{"16万个以上"}},
		{"十四五期间新增城区人口", IntentTarget, "G1", []string{"省会贵阳", "县城"}, []string{"100万以上"}},
		{"路网密度", IntentTarget, "G3", nil, []string{"7公里/平方公里", "8公里/平方公里"}},
		{"餐厨垃圾处理谁负责", IntentDuty, "47", []string{"省住房城乡建设厅", "餐厨垃圾处理全覆盖"}, nil},
		{"卫星县城建设谁牵头", IntentDuty, "23", []string{"省交通运输厅", "卫星县城"}, nil},
		{"省水利厅负责哪些任务", IntentDept, "G3", []string{"第41条", "第46条", "第66条"}, nil},
		{"人社厅", IntentDept, "G2", []string{"省人力资源社会保障厅"}, nil},
		{"第38条", IntentClause, "38", []string{"完善城市住房体系", "租赁补贴9万户", "省住房城乡建设厅"}, nil},
		{"第十五条", IntentClause, "15", []string{"做大做强遵义中心城市"}, nil},
		{"条款57", IntentClause, "57", []string{"大部门制"}, nil},
		{"S29讲什么", IntentClause, "S29", []string{"加强党的领导"}, nil},
		{"都市圈建设那条说了啥", IntentClause, "12", []string{"1小时通勤全覆盖"}, nil},
		{"海绵城市", IntentTarget, "41", []string{"海绵城市建设要求"}, nil},
		{"一刻钟便民生活圈", IntentTopic, "33", []string{"一刻钟便民生活圈建设全覆盖"}, nil},
		{"三师入乡", IntentTopic, "63", []string{"规划设计师、建筑师、工程师"}, nil},
		{"贵阳和遵义公交分担率", IntentCompare, "39", []string{"45%", "50%"}, nil},
		{"5G基站2023到2025增加多少", IntentCompare, "43", []string{"16万个 − 10万个 = 6万个"}, nil},
		{"遵义和毕节城区人口对比", IntentCompare, "15", []string{"180万左右", "100万左右"}, nil},
		{"2025年各市州中心城市城区人口", IntentList, "15", []string{"180万左右", "90万左右", "64万左右", "70万左右", "第22条"}, nil},
		{"四类管网各改造多少公里", IntentList, "37", []string{"1500公里", "2500公里", "1100公里", "1400公里"}, nil},
		{"专业功能县城有哪些", IntentList, "23", []string{"正安", "贞丰"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			a := e.Ask(context.Background(), tt.q)
			if a.Intent != tt.intent {
				t.Errorf("intent = %s, want %s\nreply: %s", a.Intent, tt.intent, a.Reply)
			}
			if len(a.Results) == 0 || a.Results[0].Ref != tt.ref {
				t.Errorf("refs = %v, want %s first", refs(a), tt.ref)
			}
			for _, w := range tt.want {
				if !strings.Contains(a.Reply, w) {
					t.Errorf("reply lacks %q:\n%s", w, a.Reply)
				}
			}
			head := string([]rune(a.Reply)[:min(200, utf8.RuneCountInString(a.Reply))])
			for _, f := range tt.figures {
				if !strings.Contains(head, f) {
					t.Errorf("figure %q not in the first 200 characters:\n%s", f, a.Reply)
				}
			}
			if a.Question != tt.q {
				t.Errorf("question = %q, want %q", a.Question, tt.q)
			}
		})
	}
}

// TestAskNone: what the plan does not say is answered as such, never with a
// figure presented as the answer.
func TestAskNone(t *testing.T) {
	e := engine(t)
	for _, q := range []string{
		"公积金贷款利率多少", "北京城镇化率多少", "2024高考几号", "六盘水2025年GDP目标",
		"2030年城镇化率", "遵义2024城区人口", "第99条", "明天天气怎么样", "", "   ", "？？？",
		"北京城市建成区路网密度", "上海人口", "杭州市5G基站", "铜仁GDP目标", "遵义5G基站多少个", "贵州2025年GDP目标",
	} {
		t.Run(q, func(t *testing.T) {
			a := e.Ask(context.Background(), q)
			if a.Intent != IntentNone {
				t.Errorf("intent = %s, want none; refs %v\n%s", a.Intent, refs(a), a.Reply)
			}
			if a.Reply == "" {
				t.Error("empty reply")
			}
		})
	}
}

// TestRepliesQuoteThePlan: every number a reply shows stands in the text of
// a clause it cites, or in arithmetic that shows its working.
func TestRepliesQuoteThePlan(t *testing.T) {
	e := engine(t)
	numRe := regexp.MustCompile(`\d+(?:\.\d+)?`)
	for _, q := range readQuestions(t) {
		a := e.Ask(context.Background(), q)
		var cited strings.Builder
		for _, r := range a.Results {
			cited.WriteString(r.Ref + " " + r.Text + r.Label + r.Place + "\n")
		}
		for _, line := range strings.Split(a.Reply, "\n") {
			if strings.Contains(line, "按计划数字计算") || strings.Contains(line, "第1—") {
				continue
			}
			for _, n := range numRe.FindAllString(line, -1) {
				if !strings.Contains(cited.String(), n) && !strings.Contains(q, n) {
					t.Errorf("%q: reply shows %s, which no cited clause states:\n%s", q, n, line)
				}
			}
		}
	}
}

func TestUnderstand(t *testing.T) {
	e := engine(t)
	tests := []struct {
		q      string
		years  []int
		ref    string
		places []string
		depts  []string
	}{
		{"遵义2025城区人口", []int{2025}, "", []string{"遵义"}, nil},
		{"23年城镇化率", []int{2023}, "", nil, nil},
		{"二〇二五年", []int{2025}, "", nil, nil},
		{"２０２５年ＧＤＰ", []int{2025}, "", nil, nil},
		{"2023到2025增加多少", []int{2023, 2025}, "", nil, nil},
		{"5G基站25年建多少", []int{2025}, "", nil, nil},
		{"高新技术企业2000家是哪年", nil, "", nil, nil}, // a figure, not a year
		{"高标准农田2010万亩", nil, "", nil, nil},
		{"第15条", nil, "15", nil, nil},
		{"15条", nil, "15", nil, nil},
		{"条款15", nil, "15", nil, nil},
		{"第六十九条", nil, "69", nil, nil},
		{"g3说了啥", nil, "G3", nil, nil},
		{"遵意城区人口", nil, "", []string{"遵义"}, nil},
		{"安全生产", nil, "", nil, nil}, // 安全 is a word of the plan, not a typo of 安顺
		{"住建厅负责哪些", nil, "", nil, []string{"省住房城乡建设厅"}},
		{"省委编办", nil, "", nil, []string{"省委编办"}},
		{"水利厅", nil, "", nil, []string{"省水利厅"}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			q := e.understand(tt.q)
			if fmt.Sprint(q.years) != fmt.Sprint(tt.years) {
				t.Errorf("years = %v, want %v", q.years, tt.years)
			}
			if q.ref != tt.ref {
				t.Errorf("ref = %q, want %q", q.ref, tt.ref)
			}
			if fmt.Sprint(q.places) != fmt.Sprint(tt.places) {
				t.Errorf("places = %v, want %v", q.places, tt.places)
			}
			if fmt.Sprint(q.depts) != fmt.Sprint(tt.depts) {
				t.Errorf("depts = %v, want %v", q.depts, tt.depts)
			}
		})
	}
}

func TestEngineCommands(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	if a := e.Clause(ctx, "15"); a.Intent != IntentClause || a.Results[0].Ref != "15" {
		t.Errorf("Clause(15) = %s %v", a.Intent, refs(a))
	}
	for _, bad := range []string{"999", "abc", "", "<b>"} {
		if a := e.Clause(ctx, bad); a.Intent != IntentNone || a.Reply == "" {
			t.Errorf("Clause(%q) = %s %q, want none with a reply", bad, a.Intent, a.Reply)
		}
	}
	if a := e.Department(ctx, "省水利厅"); a.Intent != IntentDept || len(a.Results) != 4 {
		t.Errorf("Department(省水利厅) = %s %v", a.Intent, refs(a))
	}
	if a := e.Department(ctx, "省统计局"); a.Intent != IntentNone {
		t.Errorf("Department(省统计局) = %s, want none", a.Intent)
	}
	a := e.Targets(ctx, "遵义")
	if a.Intent != IntentList || !strings.Contains(a.Reply, "180万左右") {
		t.Errorf("Targets(遵义) = %s:\n%s", a.Intent, a.Reply)
	}
	if a := e.Targets(ctx, "2023"); len(a.Results) < 20 {
		t.Errorf("Targets(2023) cites %d clauses, want the many with 2023 targets", len(a.Results))
	}
	if a := e.Search(ctx, "海绵城市"); len(a.Results) == 0 || a.Results[0].Ref != "41" {
		t.Errorf("Search(海绵城市) = %v", refs(a))
	}
}

func TestSynonyms(t *testing.T) {
	s, err := ParseSynonyms("# comment\n\n省会 = 贵阳\n垃圾资源化率 = 城市生活垃圾资源化利用率\ngdp = 地区生产总值, 区域生产总值\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(s.Expand("省会gdp")); got != "[贵阳 地区生产总值 区域生产总值]" {
		t.Errorf("Expand = %s", got)
	}
	for _, bad := range []string{"no equals sign", " = 右边", "左边 = ", "a = ,"} {
		if _, err := ParseSynonyms(bad, nil); err == nil {
			t.Errorf("ParseSynonyms(%q): no error", bad)
		}
	}
	e := engine(t)
	if err := e.ReloadSynonyms("水厅 = 省水利厅\n"); err != nil {
		t.Fatal(err)
	}
	defer e.ReloadSynonyms(data.Synonyms())
	if a := e.Ask(context.Background(), "水厅负责哪些"); a.Intent != IntentDept {
		t.Errorf("after reload, 水厅负责哪些 = %s", a.Intent)
	}
}

// TestRepliesGolden pins every reply to the questions in testdata; run with
// -update after a change that is meant to change them, and read the diff.
func TestRepliesGolden(t *testing.T) {
	e := engine(t)
	ar := &txtar.Archive{Comment: []byte("planbot replies to testdata/questions.txt; regenerate with go test ./answer -update\n")}
	for _, q := range readQuestions(t) {
		a := e.Ask(context.Background(), q)
		ar.Files = append(ar.Files, txtar.File{Name: q, Data: []byte(fmt.Sprintf("intent: %s\nrefs: %v\n%s\n", a.Intent, refs(a), a.Reply))})
	}
	path := filepath.Join("testdata", "replies.txtar")
	if *update {
		if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./answer -update to create it)", err)
	}
	got := map[string]string{}
	for _, f := range ar.Files {
		got[f.Name] = string(f.Data)
	}
	for _, f := range want.Files {
		if got[f.Name] != string(f.Data) {
			t.Errorf("%s:\n got: %s\nwant: %s", f.Name, got[f.Name], f.Data)
		}
	}
	if len(want.Files) != len(ar.Files) {
		t.Errorf("%d replies, golden has %d", len(ar.Files), len(want.Files))
	}
}

func readQuestions(tb testing.TB) []string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "questions.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	var qs []string
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			qs = append(qs, l)
		}
	}
	return qs
}

func FuzzAsk(f *testing.F) {
	for _, q := range []string{"遵义2025城区人口目标", "第15条", "", "<b>&</b>", "遵义 人口 +目标:", "\u200b\x00\x7f", "第999999999999条", "２０２５ＧＤＰ", "😀"} {
		f.Add(q)
	}
	e := engine(f)
	f.Fuzz(func(t *testing.T, q string) {
		a := e.Ask(context.Background(), q)
		if a.Reply == "" {
			t.Fatalf("empty reply to %q", q)
		}
		if !utf8.ValidString(a.Reply) {
			t.Fatalf("reply to %q is not valid UTF-8", q)
		}
		if a.Question != q {
			t.Fatalf("question = %q, want %q", a.Question, q)
		}
	})
}

func BenchmarkAnswer(b *testing.B) {
	e := engine(b)
	qs := readQuestions(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		e.Ask(ctx, qs[i%len(qs)])
	}
}

func BenchmarkLoad(b *testing.B) {
	dicts := filepath.Join(os.TempDir(), "planbot-test-dicts")
	for b.Loop() {
		if _, err := LoadWith(context.Background(), nil, data.GuizhouUrbanization(), data.Synonyms(), Options{DictDir: dicts}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSecondPlan: the engine answers any plan in the official format, with
// nothing of the Guizhou plan built in.
func TestSecondPlan(t *testing.T) {
	text, err := os.ReadFile(filepath.Join("..", "data", "plan", "testdata", "second-plan.txt"))
	if err != nil {
		t.Fatal(err)
	}
	e, err := LoadWith(context.Background(), nil, string(text), "", Options{DictDir: filepath.Join(os.TempDir(), "planbot-test-dicts")})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	tests := []struct {
		q      string
		intent Intent
		ref    string
		want   string
	}{
		{"东湖2026年城区常住人口", IntentTarget, "4", "85万左右"},
		{"政务云资源利用率", IntentTarget, "1", "80%以上"},
		{"第2条", IntentClause, "2", "省大数据局"},
		{"省大数据局负责哪些", IntentDept, "", "第2条"},
		{"北京政务云资源利用率", IntentNone, "", ""},
	}
	for _, tt := range tests {
		a := e.Ask(context.Background(), tt.q)
		if a.Intent != tt.intent || (tt.ref != "" && (len(a.Results) == 0 || a.Results[0].Ref != tt.ref)) || !strings.Contains(a.Reply, tt.want) {
			t.Errorf("%s: %s %v, want %s %s with %q\n%s", tt.q, a.Intent, refs(a), tt.intent, tt.ref, tt.want, a.Reply)
		}
	}
}
