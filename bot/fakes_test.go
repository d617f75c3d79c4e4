package bot_test

import (
	"fmt"
	"strings"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/bot/enginetest"
)

// What the fake engine answers in the tests: made-up clauses of a made-up
// plan, shaped as the real engine's answers are.

const text15 = "做大做强测试中心城市。构建“一城两片多点”空间结构。2023和2025年,城区常住人口分别达168万左右、180万左右。(责任单位:市发展改革委、市自然资源局)"

var (
	result15 = enginetest.Result("15", "做大做强测试中心城市", text15, "2023和2025年,城区常住人口分别达168万左右、180万左右", "市发展改革委", "市自然资源局")
	result41 = enginetest.Result("41", "加大内涝治理力度", "加大内涝治理力度。实施排水管网改造。(责任单位:市水务局)", "加大内涝治理力度", "市水务局")
	result46 = enginetest.Result("46", "建设绿色生态空间", "建设绿色生态空间。推进城市绿道建设。(责任单位:市水务局、市林业局)", "建设绿色生态空间", "市水务局", "市林业局")
	resultG3 = enginetest.Result("G3", "工作目标：城镇品质显著提升", "城镇品质显著提升。路网密度达8公里/平方公里。", "城镇品质显著提升", "市水务局")
)

// figureAnswer answers with a figure, its quote and where it stands; the
// reply does not hold the whole clause.
func figureAnswer() answer.Answer {
	return enginetest.Reply(answer.IntentTarget,
		"测试中心城市 城区常住人口：2025年 [[180万左右]]（2023年 [[168万左右]]）\n"+
			"“2023和2025年,城区常住人口分别达168万左右、180万左右”\n"+
			"—— 一、测试章 › 第15条 做大做强测试中心城市\n"+
			"责任单位：市发展改革委、市自然资源局", result15)
}

// clauseAnswer is a whole clause: the reply already holds all of it.
func clauseAnswer() answer.Answer {
	return enginetest.Reply(answer.IntentClause, "第15条 做大做强测试中心城市\n"+text15+"\n—— 一、测试章 › 第15条 做大做强测试中心城市", result15)
}

// clause16Answer is another whole clause (result16, of the file tests),
// with a figure in bold.
func clause16Answer() answer.Answer {
	return enginetest.Reply(answer.IntentClause, "第16条 做优做特北城中心城市\n做优做特北城中心城市。2025年,城区常住人口达[[60万左右]]。(责任单位:北城市人民政府)\n—— 一、测试章 › 第16条 做优做特北城中心城市", result16)
}

// deptAnswer lists the clauses a department owns.
func deptAnswer() answer.Answer {
	return enginetest.Reply(answer.IntentDept, "市水务局是以下条款的责任单位：\n· G3 工作目标：城镇品质显著提升\n· 第41条 加大内涝治理力度\n· 第46条 建设绿色生态空间\n发送条号（如 G3）看全文。",
		resultG3, result41, result46)
}

// noneAnswer finds nothing asked, and shows what is close.
func noneAnswer() answer.Answer {
	a := enginetest.Reply(answer.IntentNone, "计划没有设定2030年的这项目标。\n以下相关但并非所问，仅供参考：\n测试中心城市 城区常住人口：2025年 180万左右（第15条）\n· 第41条 加大内涝治理力度", result15, result41)
	a.Reason = answer.OtherYear
	return a
}

// longAnswer is /targets 2025 of a plan with many targets: a line each.
func longAnswer(lines int) answer.Answer {
	var b strings.Builder
	b.WriteString("“2025”的目标：")
	var results []answer.Result
	for i := range lines {
		// 90万左右 stands inside the 1090万左右 before it: bold must go
		// where each value is written, not where its text first is.
		value := "1090万左右"
		if i%2 == 1 {
			value = "90万左右"
		}
		fmt.Fprintf(&b, "\n· 第%d项 常住人口：2025年 [[%s]]（第%d条）", i+1, value, i+1)
		results = append(results, enginetest.Result(fmt.Sprint(i+1), fmt.Sprintf("第%d项", i+1), "条文", "条文"))
	}
	return enginetest.Reply(answer.IntentList, b.String(), results...)
}
