package answer

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// deptsIn reads the departments a question names.
func deptsIn(e *Engine, q string) []string {
	var out []string
	for _, d := range e.read(e.fold(q)).depts {
		out = append(out, e.gaz.depts[d].name)
	}
	return out
}

// TestDeptNamesEveryDepartment: every department of the plan is found by
// its name as the plan writes it and, but for the 各市〔州〕 groups, by an
// everyday name derived from it; and every derived name finds it again.
func TestDeptNamesEveryDepartment(t *testing.T) {
	e := engine(t)
	forms := map[string][]string{} // department → its derived names
	for _, f := range e.gaz.deptForms {
		for _, d := range f.depts {
			if f.own >= 0 && f.own != d {
				continue // 文化旅游厅 is 省文化旅游厅's own name, though 省文化和旅游厅 derives it too
			}
			forms[e.gaz.depts[d].name] = append(forms[e.gaz.depts[d].name], f.form)
		}
	}
	for _, d := range e.gaz.depts {
		if got := deptsIn(e, d.name+"负责哪些"); !slices.Contains(got, d.name) {
			t.Errorf("%s负责哪些: departments %v", d.name, got)
		}
		everyday := 0
		for _, f := range forms[d.name] {
			if f == e.foldPlan(d.name) {
				continue
			}
			everyday++
			if got := deptsIn(e, f+"负责哪些"); !slices.Contains(got, d.name) {
				t.Errorf("derived name %s of %s finds %v", f, d.name, got)
			}
		}
		if everyday == 0 && !strings.HasPrefix(d.name, "各") && !strings.HasPrefix(d.name, "有关") {
			t.Errorf("%s has no everyday name", d.name)
		}
	}
}

// TestEverydayDeptNames: the names staff use, none typed into a word list.
func TestEverydayDeptNames(t *testing.T) {
	e := engine(t)
	for name, want := range map[string]string{
		"住建厅": "省住房城乡建设厅", "建设厅": "省住房城乡建设厅", "住房城乡建设厅": "省住房城乡建设厅", "住建部门": "省住房城乡建设厅",
		"人社厅": "省人力资源社会保障厅", "人力资源社会保障厅": "省人力资源社会保障厅",
		"发改委": "省发展改革委", "省发改委": "省发展改革委", "发展改革委": "省发展改革委",
		"工信厅": "省工业和信息化厅", "卫健委": "省卫生健康委", "医保局": "省医疗保障局",
		"市监局": "省市场监管局", "市场监管局": "省市场监管局", "金融监管局": "省地方金融监管局",
		"交通厅": "省交通运输厅", "交通运输厅": "省交通运输厅", "自然资源厅": "省自然资源厅",
		"农业农村厅": "省农业农村厅", "农业厅": "省农业农村厅", "生态环境厅": "省生态环境厅",
		"水利厅": "省水利厅", "应急厅": "省应急厅", "教育厅": "省教育厅", "公安厅": "省公安厅",
		"大数据局": "省大数据局", "能源局": "省能源局", "林业局": "省林业局", "气象局": "省气象局",
		"移民局": "省生态移民局", "乡村振兴局": "省乡村振兴局", "投促局": "省投资促进局",
		"通信管理局": "省通信管理局", "邮政局": "省邮政管理局", "粮食局": "省粮食和物资储备局",
		"消防总队": "省消防救援总队", "国动办": "省国防动员办公室", "国防动员办": "省国防动员办公室",
		"编办": "省委编办", "组织部": "省委组织部", "政法委": "省委政法委",
		"宣传部": "省委宣传部<省精神文明办>", "文明办": "省委宣传部<省精神文明办>",
		"总工会": "省总工会", "妇联": "省妇联", "疾控中心": "省疾控中心", "地震局": "省地震局",
		"电网公司": "贵州电网公司", "银保监局": "贵州银保监局", "人民银行": "人民银行贵阳中心支行",
		"安委会": "省安委会成员单位", "城镇化领导小组": "省新型城镇化工作暨城乡融合发展工作领导小组成员单位",
		"强省会领导小组": "省“强省会”工作领导小组成员单位", "市场主体领导小组": "省培育壮大市场主体领导小组成员单位",
		"遵义市政府": "遵义市人民政府", "黔南州政府": "黔南州人民政府",
	} {
		if got := deptsIn(e, name+"有哪些任务"); !slices.Contains(got, want) {
			t.Errorf("%s: departments %v, want %s", name, got, want)
		}
	}
	// 文旅厅 is both names the plan writes for one body.
	if got := deptsIn(e, "文旅厅负责哪些"); !slices.Contains(got, "省文化和旅游厅") || !slices.Contains(got, "省文化旅游厅") {
		t.Errorf("文旅厅: departments %v, want both 省文化和旅游厅 and 省文化旅游厅", got)
	}
}

// TestDeptNamesSafe: a derived name is no place, stands in the plan's text
// only inside the department's own name, and names one body; so words the
// plan uses for other things are not read as departments.
func TestDeptNamesSafe(t *testing.T) {
	e := engine(t)
	places := map[string]bool{}
	for _, p := range e.gaz.places {
		places[p.form] = true
	}
	for _, f := range e.gaz.deptForms {
		if places[f.form] {
			t.Errorf("%s is both a department's name and a place's", f.form)
		}
	}
	for _, q := range []string{
		"全省市场主体户数目标",   // 市场主体 is a measure, not 省培育壮大市场主体领导小组
		"做优做特区域中心城市那条", // 区域中心 is not 省综合交通和区域经济发展中心
		"市场监管等部门协同",    // 市场监管 alone names no one body
		"顾全大局",         // a word, not 大数据局
		"农村电网供电可靠率",    // 电网 of the plan's words is no body
	} {
		if got := deptsIn(e, q); len(got) > 0 {
			t.Errorf("%s: read departments %v", q, got)
		}
	}
}

// TestPlaceNames: places are named as the plan names them and as people do,
// each derived from the plan: cities by their governments, the capital, the
// one place of a kind, the province.
func TestPlaceNames(t *testing.T) {
	e := engine(t)
	for q, want := range map[string]string{
		"遵义市城区人口":    "遵义",
		"省会常住人口":     "贵阳",
		"黔东南城区人口":    "凯里",
		"黔东南州城区人口":   "凯里",
		"黔南州城区人口":    "都匀",
		"黔西南城区人口":    "兴义",
		"都市圈GDP":     "贵阳—贵安—安顺",
		"城市群GDP":     "黔中",
		"贵州城镇化率":     "全省",
		"贵州省城镇化率":    "全省",
		"其他市州公交分担率":  "其他市州中心城市",
		"遵意城区人口":     "遵义", // one character wrong
		"六盘术城区人口":    "六盘水",
		"铜人2025城区人口": "铜仁",
		"凉都城区人口":     "六盘水", // a synonym no rule derives
	} {
		var cores []string
		for _, h := range e.read(e.fold(q)).places {
			cores = append(cores, h.place.core)
		}
		if !slices.Contains(cores, want) {
			t.Errorf("%s: places %v, want %s", q, cores, want)
		}
	}
	for _, q := range []string{"安全生产", "都有哪些任务", "高铁里程", "方案里的内容", "意义何在", "森林城市"} {
		var named []string
		for _, h := range namedPlaces(e.read(e.fold(q))) {
			named = append(named, h.place.form)
		}
		if len(named) > 0 {
			t.Errorf("%s: read places %v", q, named)
		}
	}
}

// TestAbbreviations: the abbreviations of the plan's phrases are derived by
// rule (the first characters of their words), and for every target metric
// that holds a phrase with one, a question using the abbreviation is read
// as the phrase.
func TestAbbreviations(t *testing.T) {
	e := engine(t)
	expands := func(q, want string) bool {
		for _, tm := range e.read(e.fold(q)).terms {
			for _, f := range tm.forms {
				if strings.Contains(f.text, want) || strings.Contains(want, f.text) && len(f.text) >= len(want) {
					return true
				}
			}
		}
		return false
	}
	for q, want := range map[string]string{
		"2023年棚改开工多少户": "棚户区改造",
		"中职免学费吗":       "中等职业",
		"基本医保参保率":      "医疗保险",
		"贵阳高企数量":       "高新技术企业",
	} {
		if !expands(q, want) {
			t.Errorf("%s is not read as %s", q, want)
		}
	}
	// For every metric, its two-word phrases of five characters or more
	// (棚户区改造) by the initials of their words (棚改).
	n := 0
	for _, tg := range e.plan.Targets() {
		m := e.foldPlan(tg.Metric)
		for key, xs := range e.gaz.abbrevs {
			if len(xs) != 1 || utf8.RuneCountInString(key) != 2 || utf8.RuneCountInString(xs[0]) < 5 || !strings.Contains(m, xs[0]) || e.gaz.planText.Contains(key) {
				continue
			}
			if words := twoByTwo(e.ix.Cut(xs[0])); len(words) != 2 || initials(words) != key {
				continue // a key of the first and last of more words: no abbreviation staff use
			}
			n++
			if !expands(key+"目标", xs[0]) {
				t.Errorf("%s (in %s) is not read as %s", key, tg.Metric, xs[0])
			}
		}
	}
	if n == 0 {
		t.Error("no metric's abbreviation was tried")
	}
}
