package answer

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"golang.org/x/tools/txtar"

	"github.com/planbot/planbot/data"
)

var update = flag.Bool("update", false, "rewrite testdata/replies.txtar from the current answers")

func refs(a Answer) []string {
	var out []string
	for _, r := range a.Results {
		out = append(out, r.Ref)
	}
	return out
}

func TestAsk(t *testing.T) {
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
		// A figure the plan ties to no year of its sentence says so, and a
		// per-year figure is shown as one; limits keep their words.
		{"智慧安防小区建多少个", IntentTarget, "G4", nil, []string{"3600个（2023—2025年间）"}},
		{"年均引进优强企业多少家", IntentTarget, "29", nil, []string{"每年 1600家以上"}},
		{"超高层建筑能建多高", IntentTarget, "51", []string{"城区常住人口300万以上城市"}, []string{"严格限制新建150米以上", "不得新建250米以上"}},
		{"2023年棚改开工多少户", IntentTarget, "G3", []string{"省住房城乡建设厅"}, []string{"2.13万户"}},
		{"辛苦啦～在写材料，顺便问下非化石能源占比23年目标是多少来着", IntentTarget, "48", []string{"省发展改革委"}, []string{"18%"}},
		{"built-up area 绿化覆盖率 2025 target?", IntentTarget, "46", nil, []string{"38%左右"}},
		{"餐厨垃圾处理谁负责", IntentDuty, "47", []string{"省住房城乡建设厅", "餐厨垃圾处理全覆盖"}, nil},
		{"卫星县城建设谁牵头", IntentDuty, "23", []string{"省交通运输厅", "卫星县城"}, nil},
		{"文明城市创建归谁管", IntentDuty, "50", []string{"省委宣传部<省精神文明办>"}, nil},
		{"省水利厅负责哪些任务", IntentDept, "G3", []string{"第41条", "第46条", "第66条"}, nil},
		{"水利厅负责哪几项", IntentDept, "G3", []string{"第66条"}, nil},
		{"人社厅", IntentDept, "G2", []string{"省人力资源社会保障厅"}, nil},
		{"城镇化领导小组负责哪些", IntentDept, "11", []string{"S33"}, nil},
		{"第38条", IntentClause, "38", []string{"完善城市住房体系", "租赁补贴9万户", "省住房城乡建设厅"}, nil},
		{"第十五条", IntentClause, "15", []string{"做大做强遵义中心城市"}, nil},
		{"条款57", IntentClause, "57", []string{"大部门制"}, nil},
		{"S29讲什么", IntentClause, "S29", []string{"加强党的领导"}, nil},
		{"都市圈建设那条说了啥", IntentClause, "12", []string{"1小时通勤全覆盖"}, nil},
		{"健全协调机制说了什么", IntentClause, "S30", []string{"强化协调调度"}, nil},
		{"一刻钟便民生活圈", IntentTopic, "33", []string{"一刻钟便民生活圈建设全覆盖"}, nil},
		{"三师入乡", IntentTopic, "63", []string{"规划设计师、建筑师、工程师"}, nil},
		{"在城里租房能落户吗", IntentTopic, "1", []string{"含租赁", "省公安厅"}, nil},
		{"老旧小区怎么改", IntentTopic, "35", []string{"拆改结合"}, nil},
		{"贵阳和遵义公交分担率", IntentCompare, "39", []string{"45%", "50%"}, nil},
		{"5G基站2023到2025增加多少", IntentCompare, "43", []string{"16万个 − 10万个 = 6万个"}, nil},
		{"遵义和毕节城区人口对比", IntentCompare, "15", []string{"180万左右", "100万左右"}, nil},
		{"城镇和农村居民收入增速25年对比", IntentCompare, "G5", []string{"7%以上", "8%以上"}, nil},
		{"2025年各市州中心城市城区人口", IntentList, "15", []string{"180万左右", "90万左右", "64万左右", "70万左右", "第22条"}, nil},
		{"四类管网各改造多少公里", IntentTarget, "37", []string{"1500公里", "2500公里", "1100公里", "1400公里"}, nil},
		{"专业功能县城有哪些", IntentTopic, "23", []string{"正安", "贞丰"}, nil},
		{"六大产业基地是哪六个", IntentList, "28", []string{"白酒生产基地", "产业备份基地"}, nil},
		{"市场主体七大行动是哪些", IntentList, "29", []string{"产业大招商行动", "外向型企业培育壮大行动"}, nil},
		{"保障措施有哪些", IntentList, "S29", []string{"凝聚实施合力"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			a := e.Ask(context.Background(), tt.q)
			if tt.intent != IntentTopic && a.Intent != tt.intent {
				t.Errorf("intent = %s, want %s\nreply: %s", a.Intent, tt.intent, a.Reply)
			}
			if len(a.Results) == 0 || a.Results[0].Ref != tt.ref {
				t.Errorf("refs = %v, want %s first\n%s", refs(a), tt.ref, a.Reply)
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
			if a.Reason != "" {
				t.Errorf("reason = %s for an answer", a.Reason)
			}
		})
	}
}

// TestAskNone: what the plan does not say is answered as such, with the
// reason, and never with a figure presented as the answer.
func TestAskNone(t *testing.T) {
	e := engine(t)
	tests := []struct {
		q    string
		why  Reason
		want string // in the reply
	}{
		{"", Empty, "请输入一个问题"},
		{"   ", Empty, "请输入一个问题"},
		{"？？？", Empty, "请输入一个问题"},
		{"你好", SmallTalk, "例如"},
		{"hello", SmallTalk, "例如"},
		{"谢谢", SmallTalk, "例如"},
		{"北京城镇化率多少", OutsidePlan, "北京"},
		{"上海地铁有几条线", OutsidePlan, "上海"},
		{"成都都市圈2025常住人口", OutsidePlan, "成都"},
		{"杭州市5G基站", OutsidePlan, "杭州市"},
		{"2030年城镇化率", OtherYear, "2030年"},
		{"遵义2024城区人口", OtherYear, "2024年"},
		{"2030年全省GDP目标", OtherYear, "2030年"},
		{"城镇化率2035年要到多少", OtherYear, "2035年"},
		{"六盘水2025年GDP目标", OtherPlace, "六盘水"},
		{"遵义5G基站多少个", OtherPlace, "遵义"},
		{"安顺2025高新技术企业多少家", OtherPlace, "安顺"},
		{"全省常住人口总数多少", OtherPlace, "全省"},
		{"第99条", NoSuchClause, "第1—69条"},
		{"G9", NoSuchClause, "G0—G5"},
		{"公积金贷款利率多少", NotInPlan, "没有"},
		{"明天天气怎么样", NotInPlan, "没有"},
		{"明天贵阳下雨吗", NotInPlan, "没有"},
		{"贵阳房价调控目标是多少", NotInPlan, "没有"},
		{"公务员工资调整方案", NotInPlan, "没有"},
		{"新能源汽车购置补贴多少钱", NotInPlan, "没有"},
		{"全省森林覆盖率目标是多少", NotInPlan, "没有"},
		// A measure whose words the plan has, but not together: 新能源 in one
		// sentence, 汽车保有量 (of 停车位与汽车保有量之比) in another.
		{"全省新能源汽车保有量目标", NotInPlan, "没有"},
		{"2025年城镇居民人均可支配收入达到多少元", NotInPlan, "没有"},
		{"9个中心城市25年城区人口加起来一共多少", NotInPlan, "合计"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			a := e.Ask(context.Background(), tt.q)
			if a.Intent != IntentNone || a.Reason != tt.why {
				t.Errorf("intent = %s, reason %q; want none, %q; refs %v\n%s", a.Intent, a.Reason, tt.why, refs(a), a.Reply)
			}
			if !strings.Contains(a.Reply, tt.want) {
				t.Errorf("reply lacks %q:\n%s", tt.want, a.Reply)
			}
		})
	}
}

// TestRepliesQuoteThePlan: every number a reply shows stands in the text of
// a clause it cites, or in arithmetic that shows its working, or in the
// question.
func TestRepliesQuoteThePlan(t *testing.T) {
	e := engine(t)
	n := 0
	for _, q := range readQuestions(t) {
		a := e.Ask(context.Background(), q)
		for _, bad := range unquotedFigures(q, a) {
			t.Errorf("%q: reply shows %s, which no cited clause states", q, bad)
		}
		n += len(figureRe.FindAllString(a.Reply, -1))
	}
	t.Logf("%d figures checked", n)
}

var figureRe = regexp.MustCompile(`\d+(?:\.\d+)?`)

// unquotedFigures lists the numbers of a reply that no clause it cites
// states, outside arithmetic that shows its working; a greeting's or an
// empty question's hint names the plan's title and example questions.
func unquotedFigures(q string, a Answer) []string {
	if a.Reason == SmallTalk || a.Reason == Empty {
		return nil
	}
	var cited strings.Builder
	for _, r := range a.Results {
		cited.WriteString(r.Ref + " " + r.Text + r.Label + r.Place + "\n")
	}
	var bad []string
	for _, line := range strings.Split(a.Reply, "\n") {
		if strings.Contains(line, "按计划数字计算") || strings.Contains(line, "第1—") {
			continue
		}
		for _, num := range figureRe.FindAllString(line, -1) {
			if !strings.Contains(cited.String(), num) && !strings.Contains(q, num) {
				bad = append(bad, num+" in "+line)
			}
		}
	}
	return bad
}

func TestEngineCommands(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	if a := e.Clause(ctx, "15"); a.Intent != IntentClause || a.Results[0].Ref != "15" {
		t.Errorf("Clause(15) = %s %v", a.Intent, refs(a))
	}
	if a := e.Clause(ctx, "十五"); a.Intent != IntentClause || a.Results[0].Ref != "15" {
		t.Errorf("Clause(十五) = %s %v", a.Intent, refs(a))
	}
	for _, bad := range []string{"999", "abc", "", "<b>"} {
		if a := e.Clause(ctx, bad); a.Intent != IntentNone || a.Reason != NoSuchClause || a.Reply == "" {
			t.Errorf("Clause(%q) = %s %s %q, want none (no such clause) with a reply", bad, a.Intent, a.Reason, a.Reply)
		}
	}
	if a := e.Department(ctx, "省水利厅"); a.Intent != IntentDept || len(a.Results) != 4 {
		t.Errorf("Department(省水利厅) = %s %v", a.Intent, refs(a))
	}
	if a := e.Department(ctx, "住建厅"); a.Intent != IntentDept || len(a.Results) < 20 {
		t.Errorf("Department(住建厅) = %s %v", a.Intent, refs(a))
	}
	if a := e.Department(ctx, "省统计局"); a.Intent != IntentNone || a.Reason != NoSuchDepartment {
		t.Errorf("Department(省统计局) = %s %s, want none (no such department)", a.Intent, a.Reason)
	}
	a := e.Targets(ctx, "遵义")
	if a.Intent != IntentList || !strings.Contains(a.Reply, "180万左右") {
		t.Errorf("Targets(遵义) = %s:\n%s", a.Intent, a.Reply)
	}
	a = e.Targets(ctx, "2023")
	if len(a.Results) < 20 || strings.Contains(a.Reply, "2025年") {
		t.Errorf("Targets(2023) cites %d clauses and shows other years:\n%s", len(a.Results), a.Reply)
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
		head := fmt.Sprintf("intent: %s\nrefs: %v\n", a.Intent, refs(a))
		if a.Reason != "" {
			head += fmt.Sprintf("reason: %s\n", a.Reason)
		}
		ar.Files = append(ar.Files, txtar.File{Name: q, Data: []byte(head + a.Reply + "\n")})
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
	for _, q := range []string{"遵义2025城区人口目标", "第15条", "", "<b>&</b>", "遵义 人口 +目标:", "\u200b\x00\x7f", "第999999999999条",
		"２０２５ＧＤＰ", "😀", "除了贵阳，其他…分别多少", "我是…的", "哪…个", "和和和、、、", "二〇二五年二〇二三年", "\xff\xfe"} {
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
		if (a.Intent == IntentNone) != (a.Reason != "") {
			t.Fatalf("intent %s with reason %q", a.Intent, a.Reason)
		}
	})
}

func BenchmarkAnswer(b *testing.B) {
	e := engine(b)
	qs := readQuestions(b)
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		e.Ask(ctx, qs[i%len(qs)])
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		e, err := Load(context.Background(), nil, data.GuizhouUrbanization(), defaultWords(), Options{DictDir: testDicts})
		if err != nil {
			b.Fatal(err)
		}
		e.Close()
	}
}

// TestSecondPlan: the engine answers another plan in the official format,
// with nothing of the Guizhou plan built in: its province, places,
// departments and targets all come from its own text.
func TestSecondPlan(t *testing.T) {
	e := fixtureEngine(t, "second-plan.txt")
	tests := []struct {
		q      string
		intent Intent
		ref    string
		want   string
	}{
		{"东湖2026年城区常住人口", IntentTarget, "4", "85万左右"},
		{"东湖市城区人口26年目标", IntentTarget, "4", "85万左右"},
		{"政务云资源利用率", IntentTarget, "1", "80%以上"},
		{"某某省政务云资源利用率", IntentTarget, "1", "80%以上"},
		{"全省政务云资源利用率2024", IntentTarget, "1", "65%"},
		{"临江和东湖中心城市新建政务外网节点", IntentCompare, "G1", "30个"},
		{"“跨省通办”事项2026年多少项", IntentTarget, "5", "200项"},
		{"第2条", IntentClause, "2", "省大数据局"},
		{"大数据局负责哪些", IntentDept, "G1", "第2条"},
		{"政务服务中心有哪些任务", IntentDept, "G2", "第5条"},
		{"网信办负责什么", IntentDept, "S5", "强化安全保障"},
		{"便民服务站建设谁负责", IntentDuty, "6", "省民政厅"},
		{"保障措施有哪些", IntentList, "S4", "强化安全保障"},
		{"北京政务云资源利用率", IntentNone, "", "北京"},
		{"2030年政务云资源利用率", IntentNone, "", "2030年"},
		{"你好", IntentNone, "", "某某省数字政府建设实施方案"},
	}
	for _, tt := range tests {
		a := e.Ask(context.Background(), tt.q)
		if a.Intent != tt.intent || (tt.ref != "" && (len(a.Results) == 0 || a.Results[0].Ref != tt.ref)) || !strings.Contains(a.Reply, tt.want) {
			t.Errorf("%s: %s %v, want %s %s with %q\n%s", tt.q, a.Intent, refs(a), tt.intent, tt.ref, tt.want, a.Reply)
		}
	}
}

// TestAskConcurrently asks at once questions that name places and
// departments by synonyms, which readPlaces and readDepts add to the
// gazetteer's forms for the one question: each must get the answer it gets
// alone (and go test -race sees no write to what they share).
func TestAskConcurrently(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	qs := []string{"凉都城区人口目标", "人防办负责哪些", "遵义城区人口", "省水利厅负责哪些工作"}
	want := make([]string, len(qs))
	for i, q := range qs {
		want[i] = e.Ask(ctx, q).Reply
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 20 {
				k := (g + i) % len(qs)
				if got := e.Ask(ctx, qs[k]).Reply; got != want[k] {
					t.Errorf("%s, asked alongside others:\n%s\nalone:\n%s", qs[k], got, want[k])
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestHunanPlan answers from the parser's Hunan fixture, a plan of another
// province and topic: its cities are known from the governments its
// 责任单位 name, and a measure the question names outright but the plan
// sets for other years only is no answer, even where another figure
// shares its words (数字经济产业基金规模).
func TestHunanPlan(t *testing.T) {
	e := fixtureEngine(t, "hunan-digital-economy.txt")
	tests := []struct {
		q      string
		intent Intent
		refs   []string // among the answers' refs, in any order
		want   string
	}{
		{"岳阳2026年数字经济规模", IntentTarget, []string{"20"}, "1600亿元以上"},
		{"衡阳岳阳常德2026数字经济规模哪个最大", IntentList, []string{"19", "20", "21"}, "1250亿元左右"},
		{"郴州和怀化数据中心机架各多少", IntentCompare, []string{"22"}, "1.5万架以上"},
		{"存量数据中心PUE降到多少", IntentTarget, []string{"6"}, "1.4以下"},
		{"每年新增上云企业多少家", IntentTarget, []string{"23"}, "每年 10万家以上"},
		{"2025年全省数字经济规模目标", IntentNone, nil, "2025年"},
		{"怀化26年数字经济规模多少", IntentNone, nil, "怀化"},
	}
	for _, tt := range tests {
		a := e.Ask(context.Background(), tt.q)
		got := refs(a)
		ok := a.Intent == tt.intent && strings.Contains(a.Reply, tt.want)
		for _, r := range tt.refs {
			ok = ok && slices.Contains(got, r)
		}
		if !ok {
			t.Errorf("%s: %s %v, want %s %v with %q\n%s", tt.q, a.Intent, got, tt.intent, tt.refs, tt.want, a.Reply)
		}
	}
}

// fixtureEngine answers from a plan among the parser's fixtures
// (data/plan/testdata), with the Guizhou plan's synonyms left out: nothing
// of that plan is built in. It is closed when the test ends.
func fixtureEngine(t *testing.T, name string) *Engine {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("..", "data", "plan", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	words := defaultWords()
	words.Synonyms = ""
	e, err := Load(context.Background(), nil, string(text), words, Options{DictDir: testDicts})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}
