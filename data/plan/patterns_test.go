package plan

import (
	"reflect"
	"strings"
	"testing"

	"github.com/planbot/planbot/data"
)

// placeTitles are clause titles that name places: a plan learns its place
// names from its titles, so that clause 1 of oneClause can name them.
const placeTitles = "2.做大做强遵义中心城市。\n3.建设贵阳贵安特大城市。\n4.推动黔中城市群高质量发展。\n" +
	"5.加快建设贵阳—贵安—安顺都市圈。\n6.加快发展凯里中心城市。\n"

// oneClause parses a minimal plan whose first numbered clause is "1.text"
// (under 一、主要任务 ›（一）重点任务), followed by placeTitles, and returns
// clause 1.
func oneClause(t *testing.T, text string) *Clause {
	t.Helper()
	p, err := Parse("一、主要任务\n（一）重点任务\n1." + text + "\n" + placeTitles)
	if err != nil {
		t.Fatalf("Parse(%q): %v", text, err)
	}
	c, ok := p.Clause("1")
	if !ok {
		t.Fatalf("Parse(%q): no clause 1 in %v", text, refsOf(p))
	}
	return c
}

func refsOf(p *Plan) []string {
	var out []string
	for _, c := range p.Clauses {
		out = append(out, c.Ref)
	}
	return out
}

// tg builds the Target a test expects in clause "1".
func tg(subject, metric string, year Year, value string, number float64, unit, qualifier, quote string) Target {
	return Target{Ref: "1", Subject: subject, Metric: metric, Year: year, Value: value,
		Number: number, Unit: unit, Qualifier: qualifier, Quote: quote}
}

var (
	y2023 = Year{N: 2023}
	y2025 = Year{N: 2025}
	noYr  = Year{}
)

func checkTargets(t *testing.T, text string, got, want []Target) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s\n got %d targets, want %d", text, len(got), len(want))
	}
	for i := 0; i < max(len(got), len(want)); i++ {
		switch {
		case i >= len(got):
			t.Errorf("missing %+v", want[i])
		case i >= len(want):
			t.Errorf("extra %+v", got[i])
		case !reflect.DeepEqual(got[i], want[i]):
			t.Errorf("target %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

// TestTargetPatterns feeds one clause per target pattern through Parse and
// compares whole targets.
func TestTargetPatterns(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []Target
	}{
		{
			name: "ratio, half width",
			text: "培育乡村新产业。2023和2025年,农产品加工产值与农业总产值比分别达1.6:1、1.7:1。",
			want: []Target{
				tg("全省", "农产品加工产值与农业总产值比", y2023, "1.6:1", 1.6, ":1", "", "2023和2025年,农产品加工产值与农业总产值比分别达1.6:1、1.7:1"),
				tg("全省", "农产品加工产值与农业总产值比", y2025, "1.7:1", 1.7, ":1", "", "2023和2025年,农产品加工产值与农业总产值比分别达1.6:1、1.7:1"),
			},
		},
		{
			name: "ratio, full width",
			text: "培育乡村新产业。2023和2025年，农产品加工产值与农业总产值比分别达1.6：1、1.7：1。",
			want: []Target{
				tg("全省", "农产品加工产值与农业总产值比", y2023, "1.6：1", 1.6, ":1", "", "2023和2025年，农产品加工产值与农业总产值比分别达1.6：1、1.7：1"),
				tg("全省", "农产品加工产值与农业总产值比", y2025, "1.7：1", 1.7, ":1", "", "2023和2025年，农产品加工产值与农业总产值比分别达1.6：1、1.7：1"),
			},
		},
		{
			name: "a list's measure left out, in the same unit",
			text: "提高参保率。到2025年,城镇职工养老保险参保人数达800万人,工伤保险达620万人,医疗保险参保率达95%以上。",
			want: []Target{
				tg("全省", "城镇职工养老保险参保人数", y2025, "800万人", 800, "万人", "", "到2025年,城镇职工养老保险参保人数达800万人"),
				tg("全省", "工伤保险参保人数", y2025, "620万人", 620, "万人", "", "工伤保险达620万人"),
				tg("全省", "医疗保险参保率", y2025, "95%以上", 95, "%", "以上", "医疗保险参保率达95%以上"),
			},
		},
		{
			name: "full-width percent",
			text: "强化城市环境保护。到2025年，城市生活垃圾资源化利用率达70％以上。",
			want: []Target{
				tg("全省", "城市生活垃圾资源化利用率", y2025, "70％以上", 70, "%", "以上", "到2025年，城市生活垃圾资源化利用率达70％以上"),
			},
		},
		{
			name: "two years, values in order",
			text: "做大做强遵义中心城市。推进新蒲新区建设。2023和2025年，城区常住人口分别达168万左右、180万左右。",
			want: []Target{
				tg("遵义中心城市", "城区常住人口", y2023, "168万左右", 168, "万", "左右", "2023和2025年，城区常住人口分别达168万左右、180万左右"),
				tg("遵义中心城市", "城区常住人口", y2025, "180万左右", 180, "万", "左右", "2023和2025年，城区常住人口分别达168万左右、180万左右"),
			},
		},
		{
			name: "到2025年",
			text: "推进城乡基础设施一体化发展。到2025年力争农村客运公交化运营比例达10%以上。",
			want: []Target{
				tg("全省", "农村客运公交化运营比例", y2025, "10%以上", 10, "%", "以上", "到2025年力争农村客运公交化运营比例达10%以上"),
			},
		},
		{
			name: "several metrics share one year phrase (clause 14)",
			text: "建设贵阳贵安特大城市。2023和2025年，全市各类总部企业分别达60家以上、300家以上，高新技术企业分别突破1680家、2000家；人才总量分别达130万人、150万人。",
			want: []Target{
				tg("贵阳贵安", "各类总部企业", y2023, "60家以上", 60, "家", "以上", "2023和2025年，全市各类总部企业分别达60家以上、300家以上"),
				tg("贵阳贵安", "各类总部企业", y2025, "300家以上", 300, "家", "以上", "2023和2025年，全市各类总部企业分别达60家以上、300家以上"),
				tg("贵阳贵安", "高新技术企业", y2023, "1680家", 1680, "家", "", "高新技术企业分别突破1680家、2000家"),
				tg("贵阳贵安", "高新技术企业", y2025, "2000家", 2000, "家", "", "高新技术企业分别突破1680家、2000家"),
				tg("贵阳贵安", "人才总量", y2023, "130万人", 130, "万人", "", "人才总量分别达130万人、150万人"),
				tg("贵阳贵安", "人才总量", y2025, "150万人", 150, "万人", "", "人才总量分别达130万人、150万人"),
			},
		},
		{
			name: "one value for every year (年均增长)",
			text: "加快创新平台建设。2023和2025年，全社会研发经费投入年均增长12%以上。",
			want: []Target{
				tg("全省", "全社会研发经费投入年均增长", y2023, "12%以上", 12, "%", "以上", "2023和2025年，全社会研发经费投入年均增长12%以上"),
				tg("全省", "全社会研发经费投入年均增长", y2025, "12%以上", 12, "%", "以上", "2023和2025年，全社会研发经费投入年均增长12%以上"),
			},
		},
		{
			name: "保持在 holds for every year",
			text: "完善农业支持保护政策。2023和2025年，农业产业化省级以上龙头企业保持在1200家以上。",
			want: []Target{
				tg("全省", "农业产业化省级以上龙头企业", y2023, "1200家以上", 1200, "家", "以上", "2023和2025年，农业产业化省级以上龙头企业保持在1200家以上"),
				tg("全省", "农业产业化省级以上龙头企业", y2025, "1200家以上", 1200, "家", "以上", "2023和2025年，农业产业化省级以上龙头企业保持在1200家以上"),
			},
		},
		{
			name: "subjects paired with values",
			text: "提升城镇承载能力。2023年，省会贵阳、市州中心城市、县城分别新增城区常住人口20万、24万、23万左右。",
			want: []Target{
				tg("省会贵阳", "新增城区常住人口", y2023, "20万", 20, "万", "", "2023年，省会贵阳、市州中心城市、县城分别新增城区常住人口20万、24万、23万左右"),
				tg("市州中心城市", "新增城区常住人口", y2023, "24万", 24, "万", "", "2023年，省会贵阳、市州中心城市、县城分别新增城区常住人口20万、24万、23万左右"),
				tg("县城", "新增城区常住人口", y2023, "23万左右", 23, "万", "左右", "2023年，省会贵阳、市州中心城市、县城分别新增城区常住人口20万、24万、23万左右"),
			},
		},
		{
			name: "one value for all subjects",
			text: "提升城镇承载能力。到2025年，省会贵阳、市州中心城市、县城分别新增城区常住人口60万以上。",
			want: []Target{
				tg("省会贵阳", "新增城区常住人口", y2025, "60万以上", 60, "万", "以上", "到2025年，省会贵阳、市州中心城市、县城分别新增城区常住人口60万以上"),
				tg("市州中心城市", "新增城区常住人口", y2025, "60万以上", 60, "万", "以上", "到2025年，省会贵阳、市州中心城市、县城分别新增城区常住人口60万以上"),
				tg("县城", "新增城区常住人口", y2025, "60万以上", 60, "万", "以上", "到2025年，省会贵阳、市州中心城市、县城分别新增城区常住人口60万以上"),
			},
		},
		{
			name: "city clause: the city is the subject where the sentence names none",
			text: "加快发展凯里中心城市。推进“凯都一体化”发展。2023和2025年，城区(含麻江)常住人口分别达58万左右、64万左右，建设成为门户城市。",
			want: []Target{
				tg("凯里中心城市", "城区(含麻江)常住人口", y2023, "58万左右", 58, "万", "左右", "2023和2025年，城区(含麻江)常住人口分别达58万左右、64万左右"),
				tg("凯里中心城市", "城区(含麻江)常住人口", y2025, "64万左右", 64, "万", "左右", "2023和2025年，城区(含麻江)常住人口分别达58万左右、64万左右"),
			},
		},
		{
			name: "unit written on each value of a list, subject with its kind",
			text: "提升城镇承载能力。2023和2025年，黔中城市群常住人口分别达1900万、1930万左右。",
			want: []Target{
				tg("黔中城市群", "常住人口", y2023, "1900万", 1900, "万", "", "2023和2025年，黔中城市群常住人口分别达1900万、1930万左右"),
				tg("黔中城市群", "常住人口", y2025, "1930万左右", 1930, "万", "左右", "2023和2025年，黔中城市群常住人口分别达1900万、1930万左右"),
			},
		},
		{
			name: "range of years",
			text: "完善城际交通网络。2023—2025年省级改造国省干线2100公里以上。",
			want: []Target{
				tg("全省", "省级改造国省干线", Year{Label: "2023—2025"}, "2100公里以上", 2100, "公里", "以上", "2023—2025年省级改造国省干线2100公里以上"),
			},
		},
		{
			name: "cumulative, no year",
			text: "加快推进城镇地下管网建设改造。累计建设改造城镇供水管网1500公里、污水管网2500公里。",
			want: []Target{
				tg("全省", "累计建设改造城镇供水管网", noYr, "1500公里", 1500, "公里", "", "累计建设改造城镇供水管网1500公里"),
				tg("全省", "累计建设改造城镇污水管网", noYr, "2500公里", 2500, "公里", "", "污水管网2500公里"),
			},
		},
		{
			name: "十四五",
			text: "提升城镇承载能力。“十四五”时期，县城新增城区常住人口100万以上。",
			want: []Target{
				tg("县城", "新增城区常住人口", Year{Label: "十四五"}, "100万以上", 100, "万", "以上", "“十四五”时期，县城新增城区常住人口100万以上"),
			},
		},
		{
			name: "比2020年: the year is no target, 5个百分点 is",
			text: "强化城市环境保护。城市生活污水集中收集率达70%以上或比2020年提高5个百分点以上。",
			want: []Target{
				tg("全省", "城市生活污水集中收集率", noYr, "70%以上", 70, "%", "以上", "城市生活污水集中收集率达70%以上"),
				tg("全省", "城市生活污水集中收集率比2020年提高", noYr, "5个百分点以上", 5, "个百分点", "以上", "或比2020年提高5个百分点以上"),
			},
		},
		{
			name: "return period with a prefix qualifier, two subjects of one kind",
			text: "加大内涝治理力度。贵阳、遵义中心城市内涝防治设计重现期不低于50年一遇，县级市城区不低于20年一遇。",
			want: []Target{
				tg("贵阳中心城市", "内涝防治设计重现期", noYr, "50年一遇", 50, "年一遇", "不低于", "贵阳、遵义中心城市内涝防治设计重现期不低于50年一遇"),
				tg("遵义中心城市", "内涝防治设计重现期", noYr, "50年一遇", 50, "年一遇", "不低于", "贵阳、遵义中心城市内涝防治设计重现期不低于50年一遇"),
				tg("县级市城区", "内涝防治设计重现期", noYr, "20年一遇", 20, "年一遇", "不低于", "县级市城区不低于20年一遇"),
			},
		},
		{
			name: "value first after a verb: the counted noun follows",
			text: "推动城镇经济发展。到2025年，建成5个千亿级、10个五百亿级开发区。",
			want: []Target{
				tg("全省", "建成千亿级开发区", y2025, "5个", 5, "个", "", "到2025年，建成5个千亿级、10个五百亿级开发区"),
				tg("全省", "建成五百亿级开发区", y2025, "10个", 10, "个", "", "到2025年，建成5个千亿级、10个五百亿级开发区"),
			},
		},
		{
			name: "prefix qualifier before the verb",
			text: "提高公共卫生防控救治能力。各市州至少建成1个二级生物安全实验室。",
			want: []Target{
				tg("各市州", "建成二级生物安全实验室", noYr, "1个", 1, "个", "至少", "各市州至少建成1个二级生物安全实验室"),
			},
		},
		{
			name: "compound unit with 千",
			text: "完善市政公用设施。新能源电动汽车充电保障能力提高到3.5千瓦/辆。",
			want: []Target{
				tg("全省", "新能源电动汽车充电保障能力", noYr, "3.5千瓦/辆", 3.5, "千瓦/辆", "", "新能源电动汽车充电保障能力提高到3.5千瓦/辆"),
			},
		},
		{
			name: "a count followed by a Latin name",
			text: "扩大城镇有效投资。力争成功发行2只REITs产品。",
			want: []Target{
				tg("全省", "成功发行REITs产品", noYr, "2只", 2, "只", "", "力争成功发行2只REITs产品"),
			},
		},
		{
			name: "responsibility block is no target",
			text: "推动建成新型户口登记制度。全面放开落户限制。（责任单位：省公安厅等，各市〔州〕人民政府）",
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := oneClause(t, tt.text)
			checkTargets(t, tt.text, c.Targets, tt.want)
		})
	}
}

// TestNoFalseTargets: dates, document and line numbers, names and counts
// that describe are not targets.
func TestNoFalseTargets(t *testing.T) {
	tests := []string{
		"贯彻总体要求。全面落实“3个100万”目标。",
		"贯彻总体要求。牢牢把握国发〔2022〕2号文件重大机遇。",
		"强化城市环境保护。深入开展打击环境违法犯罪“利剑2021—2025”专项行动。",
		"加快新型基础设施建设。开展5G网络加密行动，全面推动宽带网络向10G-PON升级。",
		"推动贵安新区高质量发展。加快贵阳市轨道交通S1号线一期工程建设，推动S1号线与1、2、3号线全部连通。",
		"全面推进城镇老旧小区改造。到2025年，完成2000年底前建成需改造的老旧小区改造任务。",
		"推进城乡基础设施一体化发展。到2025年，提升30户以上自然村寨的通组硬化路质量。",
		"制定实施方案。2023年7月21日，经省人民政府同意印发黔发改城镇〔2023〕571号。",
		"完善城市公共交通体系。2023年开通运营轨道交通3号线(一期);2025年建成S1号线一期工程。",
		"建设乡村消防设施。有序推进全省50户以上木质建筑连片村寨消防改造。",
		"完善城镇体系。城区常住人口300万以下城市加强风貌管控。",
	}
	for _, text := range tests {
		c := oneClause(t, text)
		if len(c.Targets) != 0 {
			t.Errorf("%s\n  gives targets %+v", text, c.Targets)
		}
	}
	// In a sentence with a real target, the describing numbers stay out.
	c := oneClause(t, "推进城乡基础设施一体化发展。到2025年全省30户以上自然村寨农村生活垃圾收运体系覆盖率达90%。")
	checkTargets(t, c.Text, c.Targets, []Target{
		tg("全省", "30户以上自然村寨农村生活垃圾收运体系覆盖率", y2025, "90%", 90, "%", "", "到2025年全省30户以上自然村寨农村生活垃圾收运体系覆盖率达90%"),
	})
}

// TestPunctuationWidths parses the same plan written with half-width and
// with full-width punctuation.
func TestPunctuationWidths(t *testing.T) {
	for _, tt := range []struct{ name, open, close, colon, comma string }{
		{"half width", "(", ")", ":", ","},
		{"full width", "（", "）", "：", "，"},
		{"mixed", "（", "）", ":", ","},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o, c, col, com := tt.open, tt.close, tt.colon, tt.comma
			text := "一、重点任务\n" + o + "一" + c + "推进户籍制度改革\n" +
				"1.推动建成新型户口登记制度。全面放开落户限制" + com + "简化落户手续。" +
				o + "责任单位" + col + "省公安厅等" + com + "各市〔州〕人民政府" + c + "\n" +
				"2.维护进城落户农民的农村权益。依法维护土地承包权。" + o + "责任单位" + col + "省农业农村厅" + c + "\n"
			p, err := Parse(text)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Chapters) != 1 || len(p.Chapters[0].Sections) != 1 {
				t.Fatalf("chapters %+v", p.Chapters)
			}
			if s := p.Chapters[0].Sections[0]; s.Numeral != "一" || s.Number != 1 || s.Title != "推进户籍制度改革" {
				t.Errorf("section = %+v", s)
			}
			if got := refsOf(p); !reflect.DeepEqual(got, []string{"1", "2"}) {
				t.Fatalf("refs %v", got)
			}
			c1, _ := p.Clause("1")
			want := []Duty{{
				Text:        "推动建成新型户口登记制度。全面放开落户限制" + com + "简化落户手续。",
				Departments: []string{"省公安厅", "各市〔州〕人民政府"},
			}}
			if !reflect.DeepEqual(c1.Duties, want) {
				t.Errorf("duties = %+v, want %+v", c1.Duties, want)
			}
			if c1.Section == nil || c1.Section.Numeral != "一" || c1.Title != "推动建成新型户口登记制度" {
				t.Errorf("clause 1: section %v, title %q", c1.Section, c1.Title)
			}
			c2, _ := p.Clause("2")
			if !reflect.DeepEqual(c2.Departments, []string{"省农业农村厅"}) {
				t.Errorf("clause 2 departments = %q", c2.Departments)
			}
		})
	}
}

// TestGluedHeadings: a web page that drops a line break glues a heading to
// the paragraph before or after it.
func TestGluedHeadings(t *testing.T) {
	text := "一、总体要求\n坚持以人民为中心。\n" +
		"二、重点任务\n（一）推进户籍制度改革\n" +
		"1.推动建成新型户口登记制度。全面放开落户限制。(责任单位:省公安厅等,各市〔州〕人民政府)三、优化城镇空间布局\n" +
		"（二）推动城市群发展\n2.推动黔中城市群高质量发展。加快建设。（责任单位：有关市〔州〕人民政府）3.加快建设都市圈。推进同城化。（责任单位：省交通运输厅）\n" +
		"四、保障措施\n（三）加强党的领导充分发挥党总揽全局、协调各方的领导核心作用。（责任单位：省新型城镇化工作暨城乡融合发展工作领导小组成员单位，各市〔州〕人民政府）\n"
	p, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	var chapters []string
	for _, ch := range p.Chapters {
		chapters = append(chapters, ch.Numeral+"、"+ch.Title)
	}
	if want := []string{"一、总体要求", "二、重点任务", "三、优化城镇空间布局", "四、保障措施"}; !reflect.DeepEqual(chapters, want) {
		t.Errorf("chapters = %q, want %q", chapters, want)
	}
	if got, want := refsOf(p), []string{"R1", "1", "2", "3", "S3"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("refs = %v, want %v", got, want)
	}
	c1, _ := p.Clause("1")
	if c1.Text != "推动建成新型户口登记制度。全面放开落户限制。(责任单位:省公安厅等,各市〔州〕人民政府)" {
		t.Errorf("clause 1 text = %q", c1.Text)
	}
	if c1.Chapter.Numeral != "二" {
		t.Errorf("clause 1 chapter = %+v", c1.Chapter)
	}
	c2, _ := p.Clause("2")
	if c2.Chapter.Numeral != "三" || c2.Section == nil || c2.Section.Numeral != "二" || !reflect.DeepEqual(c2.Departments, []string{"有关市〔州〕人民政府"}) {
		t.Errorf("clause 2 = %+v", c2)
	}
	c3, _ := p.Clause("3")
	if c3.Title != "加快建设都市圈" || !reflect.DeepEqual(c3.Departments, []string{"省交通运输厅"}) {
		t.Errorf("clause 3 = %+v", c3)
	}
	s, _ := p.Clause("S3")
	if s.Title != "加强党的领导" || s.Section == nil || s.Section.Title != "加强党的领导" ||
		!strings.HasPrefix(s.Text, "充分发挥党总揽全局") ||
		!reflect.DeepEqual(s.Departments, []string{"省新型城镇化工作暨城乡融合发展工作领导小组成员单位", "各市〔州〕人民政府"}) {
		t.Errorf("S3 = %+v", s)
	}
}

// TestDuties checks clauses with several 责任单位 blocks and the names units
// take.
func TestDuties(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []Duty
	}{
		{
			name: "two blocks, each with its own text",
			text: "分类引导县城发展。培育支点城市。(责任单位:省发展改革委、省自然资源厅等,各市〔州〕人民政府)加快发展大城市周边县城。强化快速交通连接。(责任单位:省交通运输厅等,有关市〔州〕人民政府)",
			want: []Duty{
				{Text: "分类引导县城发展。培育支点城市。", Departments: []string{"省发展改革委", "省自然资源厅", "各市〔州〕人民政府"}},
				{Text: "加快发展大城市周边县城。强化快速交通连接。", Departments: []string{"省交通运输厅", "有关市〔州〕人民政府"}},
			},
		},
		{
			name: "block after a second paragraph",
			text: "提升城市规划建设水平。合理确定开发强度。\n强化质量监管。（责任单位：省自然资源厅、省住房城乡建设厅等，各市〔州〕人民政府）",
			want: []Duty{
				{Text: "提升城市规划建设水平。合理确定开发强度。\n强化质量监管。", Departments: []string{"省自然资源厅", "省住房城乡建设厅", "各市〔州〕人民政府"}},
			},
		},
		{
			name: "quoted name of a leading group",
			text: "建设贵阳贵安特大城市。大力发展总部经济。（责任单位：省“强省会”工作领导小组成员单位）",
			want: []Duty{
				{Text: "建设贵阳贵安特大城市。大力发展总部经济。", Departments: []string{"省“强省会”工作领导小组成员单位"}},
			},
		},
		{
			name: "prefecture governments",
			text: "加快发展凯里中心城市。推进组团建设。（责任单位：省发展改革委等，黔东南州人民政府、黔南州人民政府）",
			want: []Duty{
				{Text: "加快发展凯里中心城市。推进组团建设。", Departments: []string{"省发展改革委", "黔东南州人民政府", "黔南州人民政府"}},
			},
		},
		{
			name: "angle-bracketed office kept whole",
			text: "塑造现代城市文化。开展精神文明创建活动。(责任单位:省文化和旅游厅、省委宣传部<省精神文明办>等,各市〔州〕人民政府)",
			want: []Duty{
				{Text: "塑造现代城市文化。开展精神文明创建活动。", Departments: []string{"省文化和旅游厅", "省委宣传部<省精神文明办>", "各市〔州〕人民政府"}},
			},
		},
		{
			name: "等 between two names of one list",
			text: "城镇治理能力显著提升。建设智慧安防小区。（责任单位：省应急厅等省安委会成员单位、省公安厅，各市〔州〕人民政府）",
			want: []Duty{
				{Text: "城镇治理能力显著提升。建设智慧安防小区。", Departments: []string{"省应急厅", "省安委会成员单位", "省公安厅", "各市〔州〕人民政府"}},
			},
		},
		{
			name: "parenthesised unit inside a block",
			text: "优化行政区划设置。稳慎推进撤县设市。（责任单位：省民政厅，各县（市、区）人民政府）",
			want: []Duty{
				{Text: "优化行政区划设置。稳慎推进撤县设市。", Departments: []string{"省民政厅", "各县（市、区）人民政府"}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := oneClause(t, tt.text)
			if !reflect.DeepEqual(c.Duties, tt.want) {
				t.Errorf("duties:\n got %+v\nwant %+v", c.Duties, tt.want)
			}
		})
	}
}

// TestGuizhouDuties pins the 责任单位 blocks of the clauses that have the
// unusual ones.
func TestGuizhouDuties(t *testing.T) {
	p := guizhou(t)
	c23, _ := p.Clause("23")
	want23 := []struct {
		lead  string
		depts []string
	}{
		{"分类引导县城发展。培育建设支点城市和节点城市。", []string{"省发展改革委", "省自然资源厅", "各市〔州〕人民政府"}},
		{"加快发展大城市周边县城。", []string{"省发展改革委", "省自然资源厅", "省住房城乡建设厅", "省交通运输厅", "有关市〔州〕人民政府"}},
		{"积极培育专业功能县城。", []string{"省发展改革委", "省工业和信息化厅", "省农业农村厅", "省商务厅", "省文化和旅游厅", "省人力资源社会保障厅", "有关市〔州〕人民政府"}},
		{"合理发展农产品主产区县城。", []string{"省农业农村厅", "省乡村振兴局", "省工业和信息化厅", "省发展改革委", "有关市〔州〕人民政府"}},
		{"有序发展重点生态功能区县城。", []string{"省生态移民局", "省自然资源厅", "省财政厅", "省发展改革委", "省工业和信息化厅", "省农业农村厅", "省文化和旅游厅", "省商务厅", "省能源局", "有关市〔州〕人民政府"}},
	}
	if len(c23.Duties) != len(want23) {
		t.Fatalf("clause 23 has %d duties, want %d", len(c23.Duties), len(want23))
	}
	for i, w := range want23 {
		d := c23.Duties[i]
		if !strings.HasPrefix(d.Text, w.lead) || strings.Contains(d.Text, "责任单位") || !reflect.DeepEqual(d.Departments, w.depts) {
			t.Errorf("clause 23 duty %d = %+v, want text from %q and %q", i, d, w.lead, w.depts)
		}
	}
	c51, _ := p.Clause("51")
	if len(c51.Duties) != 1 || !strings.Contains(c51.Duties[0].Text, "\n强化政府对工程建设全过程的质量监管") {
		t.Errorf("clause 51 duties = %+v", c51.Duties)
	}
	for ref, dept := range map[string]string{
		"13": "省“强省会”工作领导小组成员单位",
		"20": "黔东南州人民政府",
		"12": "有关市〔州〕人民政府",
		"50": "省委宣传部<省精神文明办>",
		"1":  "各市〔州〕人民政府",
	} {
		c, _ := p.Clause(ref)
		found := false
		for _, d := range c.Departments {
			found = found || d == dept
		}
		if !found {
			t.Errorf("clause %s departments %q lack %q", ref, c.Departments, dept)
		}
	}
	for _, d := range p.Departments() {
		if strings.HasSuffix(d.Name, "等") || strings.HasPrefix(d.Name, "等") || d.Name == "" {
			t.Errorf("department %q keeps 等", d.Name)
		}
	}
}

// TestNewsSummaryIgnored: the web page's summary before the notice repeats
// sentences of clauses 47 and 66; nothing may be read from it.
func TestNewsSummaryIgnored(t *testing.T) {
	text := data.GuizhouUrbanization()
	notice := strings.Index(text, "省发展改革委关于印发")
	if notice < 0 {
		t.Fatal("no notice in the embedded text")
	}
	var summary []string
	for _, line := range strings.Split(text[:notice], "\n") {
		if line = strings.TrimFunc(line, isSpace); strings.Contains(line, "。") {
			summary = append(summary, line)
		}
	}
	if len(summary) != 2 {
		t.Fatalf("found %d summary paragraphs, want 2", len(summary))
	}
	// The second summary paragraph is a verbatim run of clause 66: the
	// clauses may hold it as often as the plan itself does, and never as a
	// paragraph of its own.
	p := guizhou(t)
	for _, s := range summary {
		if strings.Contains(p.Preamble, s) {
			t.Errorf("summary paragraph in the preamble: %q", s)
		}
		n := 0
		for _, c := range p.Clauses {
			n += strings.Count(c.Text, s)
			for _, para := range strings.Split(c.Text, "\n") {
				if para == s {
					t.Errorf("summary paragraph is a paragraph of clause %s", c.Ref)
				}
			}
		}
		if want := strings.Count(text[notice:], s); n != want {
			t.Errorf("clauses hold summary paragraph %d times, the plan %d times: %q", n, want, s)
		}
	}
	// A summary with a number no clause states gives no target.
	p2, err := Parse("某省发改委印发《某某方案》\n时间:2024-01-02 09:00\n" +
		"1月2日,某省发展改革委发布通知,2023和2025年,城市生活垃圾资源化利用率分别达61%、71%。\n" +
		"关于印发《某某方案》的通知\n某发改城镇〔2024〕1号\n某省发展和改革委员会\n2024年1月1日\n某某方案\n为推进城镇化,制定本方案。\n" +
		"一、重点任务\n（一）强化环境保护\n1.强化城市环境保护。2023和2025年,城市生活垃圾资源化利用率分别达60%、70%。\n")
	if err != nil {
		t.Fatal(err)
	}
	var values []string
	for _, tg := range p2.Targets() {
		values = append(values, tg.Value)
	}
	if !reflect.DeepEqual(values, []string{"60%", "70%"}) {
		t.Errorf("targets %q, want only the clause's 60%% and 70%%", values)
	}
	if p2.DocNumber != "某发改城镇〔2024〕1号" || p2.Date != "2024-01-01" || p2.Title != "某某方案" || p2.Issuer != "某省发展和改革委员会" {
		t.Errorf("metadata = %q %q %q %q", p2.DocNumber, p2.Date, p2.Title, p2.Issuer)
	}
}

// TestTargetsVerbatim: every target's value and quote stand in its own
// clause's text, the quote holds the value, and the ref is the clause's.
func TestTargetsVerbatim(t *testing.T) {
	p := guizhou(t)
	if n := len(p.Targets()); n < 200 {
		t.Errorf("only %d targets", n)
	}
	checkVerbatim(t, p)
}

func checkVerbatim(t testing.TB, p *Plan) {
	t.Helper()
	for _, c := range p.Clauses {
		for _, tg := range c.Targets {
			switch {
			case tg.Ref != c.Ref:
				t.Errorf("target %q in clause %s has ref %q", tg.Value, c.Ref, tg.Ref)
			case tg.Value == "" || !strings.Contains(c.Text, tg.Value):
				t.Errorf("clause %s: value %q not in its text", c.Ref, tg.Value)
			case !strings.Contains(c.Text, tg.Quote):
				t.Errorf("clause %s: quote %q not in its text", c.Ref, tg.Quote)
			case !strings.Contains(tg.Quote, tg.Value):
				t.Errorf("clause %s: quote %q lacks value %q", c.Ref, tg.Quote, tg.Value)
			}
		}
	}
}

func BenchmarkParse(b *testing.B) {
	text := data.GuizhouUrbanization()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := Parse(text); err != nil {
			b.Fatal(err)
		}
	}
}

// TestExtractTargetsDirect reads a clause built by hand, without Parse.
func TestExtractTargetsDirect(t *testing.T) {
	c := &Clause{Ref: "15", Number: 15, Title: "做大做强遵义中心城市",
		Text: "做大做强遵义中心城市。2023和2025年，城区常住人口分别达168万左右、180万左右。（责任单位：遵义市人民政府）"}
	quote := "2023和2025年，城区常住人口分别达168万左右、180万左右"
	g, err := loadGrammar()
	if err != nil {
		t.Fatal(err)
	}
	got := g.extractTargets(c, []string{"遵义"})
	want := []Target{
		{Ref: "15", Subject: "遵义中心城市", Metric: "城区常住人口", Year: y2023, Value: "168万左右", Number: 168, Unit: "万", Qualifier: "左右", Quote: quote},
		{Ref: "15", Subject: "遵义中心城市", Metric: "城区常住人口", Year: y2025, Value: "180万左右", Number: 180, Unit: "万", Qualifier: "左右", Quote: quote},
	}
	checkTargets(t, c.Text, got, want)
}
