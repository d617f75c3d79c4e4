package index

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/planbot/planbot/data"
	"github.com/planbot/planbot/data/plan"
)

// testPlan is a few clauses written the way the plan writes them.
func testPlan() *plan.Plan {
	return &plan.Plan{
		Title: "贵州省新型城镇化实施方案（2023—2025年）",
		Clauses: []plan.Clause{
			{
				Ref: "15", Number: 15, Title: "做大做强遵义中心城市",
				Text:        "15.做大做强遵义中心城市。支持遵义建设省域副中心城市，推动遵义与贵阳相向发展。到2025年，遵义中心城市城区常住人口达到180万左右。（责任单位：遵义市人民政府，省发展改革委）",
				Departments: []string{"遵义市人民政府", "省发展改革委"},
				Targets: []plan.Target{{
					Ref: "15", Subject: "遵义中心城市", Metric: "城区常住人口", Year: plan.Year{N: 2025},
					Value: "180万左右", Number: 180, Unit: "万", Qualifier: "左右",
					Quote: "到2025年，遵义中心城市城区常住人口达到180万左右",
				}},
			},
			{
				Ref: "12", Number: 12, Title: "推动黔中城市群高质量发展",
				Text:        "12.推动黔中城市群高质量发展。强化贵阳—贵安辐射带动作用，促进黔中城市群一体化发展。（责任单位：省发展改革委，贵阳市人民政府）",
				Departments: []string{"省发展改革委", "贵阳市人民政府"},
			},
			{
				Ref: "23", Number: 23, Title: "推进城镇生活垃圾处理",
				Text:        "23.推进城镇生活垃圾处理。到2025年，城市生活垃圾资源化利用率达70%。（责任单位：省住房城乡建设厅）",
				Departments: []string{"省住房城乡建设厅"},
				Targets: []plan.Target{
					{Ref: "23", Subject: "城市", Metric: "城市生活垃圾资源化利用率", Year: plan.Year{N: 2023}, Value: "60%", Number: 60, Unit: "%", Quote: "2023和2025年，城市生活垃圾资源化利用率分别达60%、70%"},
					{Ref: "23", Subject: "城市", Metric: "城市生活垃圾资源化利用率", Year: plan.Year{N: 2025}, Value: "70%", Number: 70, Unit: "%", Quote: "2023和2025年，城市生活垃圾资源化利用率分别达60%、70%"},
				},
			},
			{
				Ref: "G1", Title: "城镇化水平稳步提升",
				Text: "城镇化水平稳步提升。到2025年，全省常住人口城镇化率达到58%左右。",
				Targets: []plan.Target{{
					Ref: "G1", Subject: "全省", Metric: "常住人口城镇化率", Year: plan.Year{N: 2025},
					Value: "58%左右", Number: 58, Unit: "%", Qualifier: "左右",
					Quote: "到2025年，全省常住人口城镇化率达到58%左右",
				}},
			},
		},
	}
}

var (
	memOnce sync.Once
	memIx   *Index
	memErr  error
)

// memIndex is the in-memory index over testPlan every search test shares.
func memIndex(t testing.TB) *Index {
	t.Helper()
	memOnce.Do(func() {
		memIx, memErr = Build(context.Background(), nil, testPlan(), "", Options{DictDir: testDictDir(), Words: testWords})
	})
	if memErr != nil {
		t.Fatal(memErr)
	}
	return memIx
}

func TestSearch(t *testing.T) {
	ix := memIndex(t)
	tests := []struct {
		name  string
		q     Query
		first Hit // Score ignored
		none  bool
	}{
		{"clause by words", Query{Text: "黔中城市群 一体化"}, Hit{Kind: KindClause, Ref: "12", Target: -1}, false},
		{"clause by traditional full-width words", Query{Text: "黔中城市群　一體化"}, Hit{Kind: KindClause, Ref: "12", Target: -1}, false},
		{"target by metric and subject", Query{Text: "遵义 城区常住人口", Kind: KindTarget}, Hit{Kind: KindTarget, Ref: "15", Target: 0}, false},
		{"target by metric and year", Query{Text: "城市生活垃圾资源化利用率", Kind: KindTarget, Must: []string{"2023"}}, Hit{Kind: KindTarget, Ref: "23", Target: 0}, false},
		{"department", Query{Text: "省住房城乡建设厅"}, Hit{Kind: KindClause, Ref: "23", Target: -1}, false},
		{"must excludes", Query{Text: "城镇化", Must: []string{"黔中"}}, Hit{Kind: KindClause, Ref: "12", Target: -1}, false},
		{"refs restrict", Query{Text: "省发展改革委", Refs: []string{"12"}}, Hit{Kind: KindClause, Ref: "12", Target: -1}, false},
		{"kind clause", Query{Text: "常住人口城镇化率", Kind: KindClause}, Hit{Kind: KindClause, Ref: "G1", Target: -1}, false},
		{"hostile operators", Query{Text: "遵义 人口 +目标:"}, Hit{Kind: KindTarget, Ref: "15", Target: 0}, false},
		{"operators only", Query{Text: "*?~^"}, Hit{}, true},
		{"quotes only", Query{Text: `""`}, Hit{}, true},
		{"empty", Query{}, Hit{}, true},
		{"punctuation", Query{Text: "，。、（）", Must: []string{"！"}}, Hit{}, true},
		{"unknown word", Query{Text: "量子计算机"}, Hit{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := ix.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if tt.none {
				if len(hits) != 0 {
					t.Fatalf("got %v, want no hits", hits)
				}
				return
			}
			if len(hits) == 0 {
				t.Fatal("no hits")
			}
			got := hits[0]
			got.Score = 0
			if got != tt.first {
				t.Errorf("first hit %+v, want %+v (all: %+v)", got, tt.first, hits)
			}
			for _, h := range hits {
				if tt.q.Kind != "" && h.Kind != tt.q.Kind {
					t.Errorf("hit %+v is not of kind %s", h, tt.q.Kind)
				}
				if len(tt.q.Refs) > 0 && h.Ref != tt.q.Refs[0] {
					t.Errorf("hit %+v is outside %v", h, tt.q.Refs)
				}
			}
		})
	}
}

func TestSearchErrors(t *testing.T) {
	ix := memIndex(t)
	if _, err := ix.Search(context.Background(), Query{Text: "遵义", Kind: "chapter"}); err == nil {
		t.Error("unknown kind: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, Query{Text: "遵义"}); err == nil {
		t.Error("cancelled context: no error")
	}
}

func TestTermsAndNormalize(t *testing.T) {
	ix := memIndex(t)
	got := ix.Terms("遵義城區常住人口，黔中，城区！")
	want := []string{"遵义", "城区", "常住", "人口", "城区常住人口", "黔中"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Terms = %q, want %q", got, want)
	}
	if got := ix.Terms("，。 "); len(got) != 0 {
		t.Errorf("Terms of punctuation = %q", got)
	}
	if got := ix.Normalize("ＧＤＰ遵義\u200b"); got != "gdp遵义" {
		t.Errorf("Normalize = %q", got)
	}
}

func TestDocID(t *testing.T) {
	tests := []struct {
		kind, ref string
		target    int
	}{
		{KindClause, "15", -1},
		{KindTarget, "15", 0},
		{KindTarget, "a/b", 12},
		{KindClause, "a/b", -1},
	}
	for _, tt := range tests {
		k, r, n, ok := parseDocID(docID(tt.kind, tt.ref, tt.target))
		if !ok || k != tt.kind || r != tt.ref || n != tt.target {
			t.Errorf("parseDocID(docID(%q, %q, %d)) = %q, %q, %d, %v", tt.kind, tt.ref, tt.target, k, r, n, ok)
		}
	}
	for _, id := range []string{"", "clause", "target/15", "target/15/x", "target/15/-1", "chapter/1"} {
		if _, _, _, ok := parseDocID(id); ok {
			t.Errorf("parseDocID(%q) ok", id)
		}
	}
}

// TestOnDisk builds an index in a directory, reopens it, rebuilds it when
// the plan changes, and refuses a directory holding other files.
func TestOnDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("loads jieba several times")
	}
	ctx := context.Background()
	opts := Options{DictDir: testDictDir(), Words: testWords}
	dir := filepath.Join(t.TempDir(), "idx")
	p := testPlan()

	search := func(ix *Index, text string) []Hit {
		t.Helper()
		hits, err := ix.Search(ctx, Query{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		return hits
	}

	ix, err := Build(ctx, nil, p, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	if h := search(ix, "黔中"); len(h) == 0 || h[0].Ref != "12" {
		t.Fatalf("built index: hits %+v", h)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	meta, err := os.Stat(filepath.Join(dir, "index_meta.json"))
	if err != nil {
		t.Fatal(err)
	}

	// Same plan: opened, not rebuilt.
	ix, err = Build(ctx, nil, p, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	if h := search(ix, "黔中"); len(h) == 0 || h[0].Ref != "12" {
		t.Fatalf("reopened index: hits %+v", h)
	}
	ix.Close()
	if again, err := os.Stat(filepath.Join(dir, "index_meta.json")); err != nil || !again.ModTime().Equal(meta.ModTime()) {
		t.Errorf("index rebuilt for an unchanged plan (%v)", err)
	}

	// Another plan: rebuilt.
	p.Clauses[1].Text += "打造黔中经济区。"
	p.Clauses = append(p.Clauses, plan.Clause{Ref: "30", Title: "量子计算", Text: "发展量子计算。"})
	ix, err = Build(ctx, nil, p, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	if h := search(ix, "量子计算"); len(h) == 0 || h[0].Ref != "30" {
		t.Errorf("rebuilt index: hits %+v", h)
	}
	ix.Close()
	if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".idx.*")); len(leftovers) != 0 {
		t.Errorf("left behind %v", leftovers)
	}

	// A directory of other files is left alone.
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if ix, err := Build(ctx, nil, p, other, opts); err == nil {
		ix.Close()
		t.Error("built over a directory holding other files")
	}
}

func TestBuildErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := Build(ctx, nil, nil, "", Options{DictDir: testDictDir()}); err == nil {
		t.Error("nil plan: no error")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if ix, err := Build(cancelled, nil, testPlan(), "", Options{DictDir: testDictDir()}); err == nil {
		ix.Close()
		t.Error("cancelled context: no error")
	}
}

func FuzzSearch(f *testing.F) {
	for _, s := range []string{"", "遵义 人口 +目标:", "*?~^", `""`, "黔中城市群", "title:遵义 AND -人口", "/re.*/", "２０２５", "\xff\x00"} {
		f.Add(s, s)
	}
	ix := memIndex(f)
	f.Fuzz(func(t *testing.T, text, must string) {
		for _, kind := range []string{"", KindTarget} {
			hits, err := ix.Search(context.Background(), Query{Text: text, Must: []string{must}, Kind: kind, Size: 5})
			if err != nil {
				t.Fatalf("Search(%q, must %q): %v", text, must, err)
			}
			if len(hits) > 5 {
				t.Fatalf("%d hits, asked for 5", len(hits))
			}
		}
	})
}

// benchPlan is about 80 clauses cut from the embedded official text, one
// per paragraph, for benchmarks until the parser's plan can be used.
func benchPlan() *plan.Plan {
	p := &plan.Plan{}
	for _, line := range strings.Split(data.GuizhouUrbanization(), "\n") {
		line = strings.TrimSpace(line)
		if len([]rune(line)) < 20 {
			continue
		}
		title, _, _ := strings.Cut(line, "。")
		p.Clauses = append(p.Clauses, plan.Clause{Ref: strconv.Itoa(len(p.Clauses) + 1), Title: title, Text: line})
	}
	return p
}

// BenchmarkBuild measures indexing a plan of ~80 clauses in memory. It
// reuses one mapping, hence one jieba: Build also pays for loading jieba,
// which would swamp the indexing.
func BenchmarkBuild(b *testing.B) {
	p := benchPlan()
	b.Logf("%d clauses", len(p.Clauses))
	m, err := newMapping(testWords, testDictDir())
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := fill(ctx, idx, p); err != nil {
			b.Fatal(err)
		}
		idx.Close()
	}
}

func BenchmarkSearch(b *testing.B) {
	ix, err := Build(context.Background(), nil, benchPlan(), "", Options{DictDir: testDictDir(), Words: testWords})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ix.Search(ctx, Query{Text: "到2025年遵义中心城市城区常住人口目标是多少"}); err != nil {
			b.Fatal(err)
		}
	}
}
