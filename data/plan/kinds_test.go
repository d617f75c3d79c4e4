package plan

import "testing"

// Helpers that set what tg leaves zero.
func withPeriod(t Target, p string) Target { t.Period = p; return t }
func withRemark(t Target, r string) Target { t.Remark = r; return t }
func perYear(t Target, p string) Target    { t.PerYear, t.Period = true, p; return t }

// TestYearsAsWritten: a value gets a year only where the text ties one to
// it (issue 10).
func TestYearsAsWritten(t *testing.T) {
	const lead = "城镇治理能力显著提升。2023和2025年，城市智慧化改造覆盖率分别达70%、100%"
	tests := []struct {
		name string
		text string
		want []Target
	}{
		{
			name: "a lone value after ； is for the period, not its last year",
			text: lead + "；建设3600个智慧安防小区。",
			want: []Target{
				tg("全省", "城市智慧化改造覆盖率", y2023, "70%", 70, "%", "", "2023和2025年，城市智慧化改造覆盖率分别达70%、100%"),
				tg("全省", "城市智慧化改造覆盖率", y2025, "100%", 100, "%", "", "2023和2025年，城市智慧化改造覆盖率分别达70%、100%"),
				withPeriod(tg("全省", "建设智慧安防小区", noYr, "3600个", 3600, "个", "", "建设3600个智慧安防小区"), "2023—2025"),
			},
		},
		{
			name: "年均 is per year",
			text: "实施培育市场主体行动。2023和2025年，营收百亿级以上企业分别达45户、48户；新增规模以上企业1300户；年均引进国内外优强企业1600家以上。",
			want: []Target{
				tg("全省", "营收百亿级以上企业", y2023, "45户", 45, "户", "", "2023和2025年，营收百亿级以上企业分别达45户、48户"),
				tg("全省", "营收百亿级以上企业", y2025, "48户", 48, "户", "", "2023和2025年，营收百亿级以上企业分别达45户、48户"),
				withPeriod(tg("全省", "新增规模以上企业", noYr, "1300户", 1300, "户", "", "新增规模以上企业1300户"), "2023—2025"),
				perYear(tg("全省", "引进国内外优强企业", noYr, "1600家以上", 1600, "家", "以上", "年均引进国内外优强企业1600家以上"), "2023—2025"),
			},
		},
		{
			name: "a list after ； still pairs with the years",
			text: lead + "；人才总量分别达130万人、150万人。",
			want: []Target{
				tg("全省", "城市智慧化改造覆盖率", y2023, "70%", 70, "%", "", "2023和2025年，城市智慧化改造覆盖率分别达70%、100%"),
				tg("全省", "城市智慧化改造覆盖率", y2025, "100%", 100, "%", "", "2023和2025年，城市智慧化改造覆盖率分别达70%、100%"),
				tg("全省", "人才总量", y2023, "130万人", 130, "万人", "", "人才总量分别达130万人、150万人"),
				tg("全省", "人才总量", y2025, "150万人", 150, "万人", "", "人才总量分别达130万人、150万人"),
			},
		},
		{
			name: "每年, no year",
			text: "实施工程。每年滚动实施重点项目200个以上。",
			want: []Target{
				perYear(tg("全省", "滚动实施重点项目", noYr, "200个以上", 200, "个", "以上", "每年滚动实施重点项目200个以上"), ""),
			},
		},
		{
			name: "a year inside the segment is its value's",
			text: "实施工程。2024—2026年，累计完成新基建投资1500亿元以上，其中2024年完成投资450亿元左右。",
			want: []Target{
				tg("全省", "累计完成新基建投资", Year{Label: "2024—2026"}, "1500亿元以上", 1500, "亿元", "以上", "2024—2026年，累计完成新基建投资1500亿元以上"),
				tg("全省", "完成新基建投资", Year{N: 2024}, "450亿元左右", 450, "亿元", "左右", "其中2024年完成投资450亿元左右"),
			},
		},
		{
			name: "a year after the metric, and a limit",
			text: "推动数据中心绿色低碳发展。存量数据中心电能利用效率(PUE)到2026年降至1.4以下。",
			want: []Target{
				tg("全省", "存量数据中心电能利用效率(PUE)", Year{N: 2026}, "1.4以下", 1.4, "", "以下", "存量数据中心电能利用效率(PUE)到2026年降至1.4以下"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := oneClause(t, tt.text)
			checkTargets(t, tt.text, c.Targets, tt.want)
		})
	}
}

// TestTargetKinds: every quantity the plan commits to reach, build, keep or
// not exceed is a target, with its subject and unit (issue 10).
func TestTargetKinds(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []Target
	}{
		// Time-based goals.
		{
			name: "1小时通勤",
			text: "加快建设贵阳—贵安—安顺都市圈。加快建设轨道交通，实现都市圈全域1小时通勤全覆盖。",
			want: []Target{tg("贵阳—贵安—安顺都市圈", "都市圈全域通勤", noYr, "1小时", 1, "小时", "", "实现都市圈全域1小时通勤全覆盖")},
		},
		{
			name: "半小时 in quotes",
			text: "推动贵安新区高质量发展。打造贵阳贵安“半小时”通勤圈。",
			want: []Target{tg("贵阳贵安", "通勤圈", noYr, "半小时", 0.5, "小时", "", "打造贵阳贵安“半小时”通勤圈")},
		},
		{
			name: "2小时内",
			text: "完善城际交通网络。实现贵阳至其他中心城市2小时内铁路通达。",
			want: []Target{tg("全省", "贵阳至其他中心城市铁路通达", noYr, "2小时内", 2, "小时", "内", "实现贵阳至其他中心城市2小时内铁路通达")},
		},
		{
			name: "一刻钟",
			text: "促进城镇消费。实现城市社区一刻钟便民生活圈建设全覆盖。",
			want: []Target{tg("全省", "城市社区便民生活圈", noYr, "一刻钟", 1, "刻钟", "", "实现城市社区一刻钟便民生活圈建设全覆盖")},
		},
		{
			name: "30分钟, a goal named in quotes",
			text: "推进公共服务普惠共享。构建“30分钟乡村医疗健康卫生圈”。",
			want: []Target{tg("全省", "乡村医疗健康卫生圈", noYr, "30分钟", 30, "分钟", "", "构建“30分钟乡村医疗健康卫生圈”")},
		},
		{
			name: "300米见绿、500米见园",
			text: "建设绿色生态空间。到2025年实现“300米见绿、500米见园”。",
			want: []Target{
				tg("全省", "见绿", y2025, "300米", 300, "米", "", "到2025年实现“300米见绿、500米见园”"),
				tg("全省", "见园", y2025, "500米", 500, "米", "", "到2025年实现“300米见绿、500米见园”"),
			},
		},
		// Counts of things to build, create or develop.
		{
			name: "a count after the names it sums up",
			text: "建设贵阳贵安特大城市。推动西南国际商贸城、贵州金融会展等22个现代服务业集聚区提质发展。",
			want: []Target{withRemark(tg("贵阳贵安", "现代服务业集聚区提质发展", noYr, "22个", 22, "个", "", "推动西南国际商贸城、贵州金融会展等22个现代服务业集聚区提质发展"), "西南国际商贸城、贵州金融会展")},
		},
		{
			name: "counties to become cities",
			text: "分类引导县城发展。将具有区域带动作用的盘州、威宁、榕江10个县城打造成为重要区域性支点城市。",
			want: []Target{withRemark(tg("全省", "重要区域性支点城市", noYr, "10个", 10, "个", "", "将具有区域带动作用的盘州、威宁、榕江10个县城打造成为重要区域性支点城市"), "盘州、威宁、榕江")},
		},
		{
			name: "a count before 建设",
			text: "加强综合交通枢纽体系建设。推进清镇市物流园区、黔中(安顺)物流园区、贵州快递物流集聚区3个国家级示范物流园区建设。",
			want: []Target{withRemark(tg("全省", "国家级示范物流园区", noYr, "3个", 3, "个", "", "推进清镇市物流园区、黔中(安顺)物流园区、贵州快递物流集聚区3个国家级示范物流园区建设"), "清镇市物流园区、黔中(安顺)物流园区、贵州快递物流集聚区")},
		},
		{
			name: "a count after 加快",
			text: "强化城镇产业支撑。加快100个省级服务业集聚区提质发展。",
			want: []Target{tg("全省", "省级服务业集聚区提质发展", noYr, "100个", 100, "个", "", "加快100个省级服务业集聚区提质发展")},
		},
		{
			name: "pilot counties",
			text: "完善乡村发展投融资机制。推进赤水市、大方县、江口县等12个省级绿色金融创新发展试点县建设。",
			want: []Target{withRemark(tg("全省", "省级绿色金融创新发展试点县", noYr, "12个", 12, "个", "", "推进赤水市、大方县、江口县等12个省级绿色金融创新发展试点县建设"), "赤水市、大方县、江口县")},
		},
		{
			name: "a count in words after 至少有",
			text: "提高公共卫生防控救治能力。县城至少有一个县级综合医院建成独立的传染病区。",
			want: []Target{tg("县城", "县级综合医院建成独立的传染病区", noYr, "一个", 1, "个", "至少", "县城至少有一个县级综合医院建成独立的传染病区")},
		},
		// Amounts the plan commits to act on.
		{
			name: "people to relocate",
			text: "增强防灾减灾能力。实施地质灾害避险搬迁工程，争取国家支持重点对我省处于较高风险区的39.29万人实施避险搬迁。",
			want: []Target{tg("全省", "地质灾害避险搬迁", noYr, "39.29万人", 39.29, "万人", "", "争取国家支持重点对我省处于较高风险区的39.29万人实施避险搬迁")},
		},
		{
			name: "two verbs of one measure",
			text: "建设绿色生态空间。公园绿地新增面积1000公顷、改造350公顷。",
			want: []Target{
				tg("全省", "公园绿地新增面积", noYr, "1000公顷", 1000, "公顷", "", "公园绿地新增面积1000公顷"),
				tg("全省", "公园绿地改造面积", noYr, "350公顷", 350, "公顷", "", "改造350公顷"),
			},
		},
		// Specifications and limits.
		{
			name: "a facility's class",
			text: "完善综合交通运输大通道。推进红水河龙滩水电站1000吨级通航设施建设。",
			want: []Target{tg("全省", "红水河龙滩水电站通航设施", noYr, "1000吨级", 1000, "吨级", "", "推进红水河龙滩水电站1000吨级通航设施建设")},
		},
		{
			name: "the size of what is built",
			text: "推进城乡基本公共服务普惠共享。将有条件的乡镇敬老院改扩建为床位80张左右的区域养老服务中心。",
			want: []Target{tg("全省", "区域养老服务中心床位", noYr, "80张左右", 80, "张", "左右", "将有条件的乡镇敬老院改扩建为床位80张左右的区域养老服务中心")},
		},
		{
			name: "limits on height, for a subject a figure describes",
			text: "提升城市规划建设水平。城区常住人口300万以下城市严格限制新建150米以上超高层建筑，不得新建250米以上超高层建筑。",
			want: []Target{
				tg("城区常住人口300万以下城市", "超高层建筑", noYr, "150米以上", 150, "米", "严格限制新建", "城区常住人口300万以下城市严格限制新建150米以上超高层建筑"),
				tg("城区常住人口300万以下城市", "超高层建筑", noYr, "250米以上", 250, "米", "不得新建", "不得新建250米以上超高层建筑"),
			},
		},
		// Metric names as staff say them.
		{
			name: "listed on a market",
			text: "实施培育市场主体行动。在资本上市和挂牌企业达80家以上。",
			want: []Target{tg("全省", "资本市场上市和挂牌企业", noYr, "80家以上", 80, "家", "以上", "在资本上市和挂牌企业达80家以上")},
		},
		{
			name: "fields in a remark",
			text: "加快创新平台建设。力争在数字技术、节能降碳、绿色农药等优势前沿领域培育建设4家以上国家级重大创新平台。",
			want: []Target{withRemark(tg("全省", "国家级重大创新平台", noYr, "4家以上", 4, "家", "以上", "力争在数字技术、节能降碳、绿色农药等优势前沿领域培育建设4家以上国家级重大创新平台"), "数字技术、节能降碳、绿色农药等优势前沿领域")},
		},
		{
			name: "a range is one value",
			text: "实施企业培育行动。培育独角兽企业3—5家、瞪羚企业300家以上。",
			want: []Target{
				tg("全省", "培育独角兽企业", noYr, "3—5家", 3, "家", "", "培育独角兽企业3—5家"),
				tg("全省", "培育瞪羚企业", noYr, "300家以上", 300, "家", "以上", "瞪羚企业300家以上"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := oneClause(t, tt.text)
			checkTargets(t, tt.text, c.Targets, tt.want)
		})
	}
}
