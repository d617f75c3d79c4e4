package bot

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/planbot/planbot/answer"
)

// What planbot says besides answers. Plain text: every one is escaped
// where it is sent.
const (
	textNotText        = "我只能回答文字问题。直接输入问题即可，例如：遵义2025年城区常住人口目标是多少？发送 /help 查看用法。"
	textEdited         = "修改过的消息不会重新回答；请把问题重新发送一次。"
	textSorry          = "抱歉，处理这条消息时出错了，请稍后再试。"
	textSlowDown       = "请慢一点：短时间内提问太多了，请稍等片刻再问。"
	textExpired        = "这个按钮已过期，请重新提问。"
	textAdminOnly      = "这个命令仅限管理员使用。"
	textUnknownCommand = "没有 /%s 这个命令。发送 /help 查看可用命令。"
	textNoSynonymsFile = "没有配置同义词文件（--synonyms 或 PLANBOT_SYNONYMS），正在使用内置同义词，无需重新读取。"
	textClauseUsage    = "请在 /clause 后写条款编号，例如：/clause 15"
	textClauseBad      = "“%s”不是条款编号。请写数字，例如：/clause 15"
	textClauseMissing  = "方案中没有第 %s 条。请检查编号，例如：/clause 15"
	textDeptUsage      = "请在 /dept 后写单位名称，例如：/dept 省水利厅"
	textTargetsUsage   = "请在 /targets 后写地方或年份，例如：/targets 遵义 或 /targets 2025"
	textSearchUsage    = "请在 /search 后写关键词，例如：/search 海绵城市"
	textNotAQuestion   = "这条命令不是问题。"
	textNothing        = "方案中没有找到相关内容。"
	textRefusedPlain   = "你没有使用 planbot 的权限。你的用户 ID：%d，请发给管理员开通。"
	textTruncated      = "……（内容过长，已截断）"
)

// refusal tells someone not on the allowlist how to get on it, and nothing
// of the plan.
func refusal(user, chat int64, private bool) string {
	s := "抱歉，你还没有使用 planbot 的权限。\n你的用户 ID：<code>" + strconv.FormatInt(user, 10) + "</code>"
	if !private {
		s += "\n本群 ID：<code>" + strconv.FormatInt(chat, 10) + "</code>"
	}
	return s + "\n请把 ID 发给管理员开通。"
}

// planName is the plan's title and 文号 as a reader cites them.
func (b *Bot) planName() string {
	p := b.engine.Plan()
	if p == nil || p.Title == "" {
		return "一份规划文件"
	}
	s := "《" + p.Title + "》"
	if p.DocNumber != "" {
		s += "（" + p.DocNumber + "）"
	}
	return s
}

func (b *Bot) helpText() string {
	var s strings.Builder
	s.WriteString("planbot 回答关于" + escape(b.planName()) + "的问题，引用原文并注明出自哪一条、哪个单位负责。\n\n")
	s.WriteString("直接发送问题即可，或点下面的示例。\n\n")
	s.WriteString("/clause 编号 — 某一条的原文，如 /clause 15\n")
	s.WriteString("/dept 单位 — 某单位负责的工作，如 /dept 省水利厅\n")
	s.WriteString("/targets 地方或年份 — 目标数值，如 /targets 遵义\n")
	s.WriteString("/search 关键词 — 全文检索，如 /search 海绵城市\n")
	s.WriteString("/about — 文件来源、文号和引用方式\n\n")
	s.WriteString("在群里：@" + escape(b.me.Username) + " 加问题，或回复我的消息。\n")
	s.WriteString("在任何聊天中输入 @" + escape(b.me.Username) + " 遵义 人口，可以把带出处的回答发到对话里。")
	return s.String()
}

func (b *Bot) aboutText() string {
	p := b.engine.Plan()
	if p == nil || p.Title == "" {
		return escape("planbot 尚未载入规划文件。")
	}
	var s strings.Builder
	s.WriteString("<b>" + escape("《"+p.Title+"》") + "</b>\n")
	for _, f := range [][2]string{{"文号", p.DocNumber}, {"印发", p.Issuer}, {"日期", p.Date}} {
		if f[1] != "" {
			s.WriteString(escape(f[0]+"："+f[1]) + "\n")
		}
	}
	s.WriteString("\n回答均引自原文。引用时请注明：" + escape(b.planName()) + "第N条。")
	return s.String()
}

// examplesKeyboard offers the example questions as buttons, and a button to
// try inline mode in another chat.
func (b *Bot) examplesKeyboard() *keyboard {
	var rows [][]button
	for i, q := range b.cfg.examples {
		if i >= 10 {
			break
		}
		rows = append(rows, []button{{Text: q, CallbackData: callback{Kind: 'x', Example: i}.data()}})
	}
	rows = append(rows, []button{{Text: "在其他聊天中引用", SwitchInlineQuery: "遵义 人口"}})
	return &keyboard{InlineKeyboard: rows}
}

// answerKeyboard is the buttons under an answer shown as c: 更多 pages on,
// 全文 shows the clause, 责任单位 its departments. Each button encodes the
// view it leads to, so a tap needs no memory of the answer.
func answerKeyboard(a answer.Answer, c callback) *keyboard {
	n := len(a.Results)
	if n == 0 || c.Page >= n {
		return nil
	}
	to := func(kind byte, page int) string {
		d := c
		d.Kind, d.Page = kind, page
		return d.data()
	}
	var row []button
	btn := func(text, data string) {
		row = append(row, button{Text: text, CallbackData: data})
	}
	if c.Kind != 'a' {
		btn("‹ 返回", to('a', c.Page))
	} else {
		if c.Page > 0 {
			btn("‹ 上一条", to('a', c.Page-1))
		}
		if c.Page+1 < n {
			btn(fmt.Sprintf("更多 %d/%d ›", c.Page+2, n), to('a', c.Page+1))
		}
	}
	r := a.Results[c.Page]
	if c.Kind != 'f' && r.Text != "" {
		btn("全文", to('f', c.Page))
	}
	if c.Kind != 'd' && len(r.Departments) > 0 {
		btn("责任单位", to('d', c.Page))
	}
	if len(row) == 0 {
		return nil
	}
	var rows [][]button
	for len(row) > 3 {
		rows, row = append(rows, row[:3]), row[3:]
	}
	return &keyboard{InlineKeyboard: append(rows, row)}
}

// viewHTML is the text of an answer shown as c, in one message.
func viewHTML(a answer.Answer, c callback) string {
	if c.Kind == 'a' && c.Page == 0 {
		reply := a.Reply
		if strings.TrimSpace(reply) == "" {
			reply = textNothing
		}
		return replyHTML(a)
	}
	if c.Page >= len(a.Results) {
		return escape(textExpired)
	}
	r := a.Results[c.Page]
	var text string
	switch c.Kind {
	case 'a':
		text = answer.Render(r) + fmt.Sprintf("\n\n（第 %d/%d 条结果）", c.Page+1, len(a.Results))
	case 'f':
		body := r.Text
		if body == "" {
			body = r.Quote
		}
		text = r.Place + "\n\n" + body
	case 'd':
		text = r.Label + " 的责任单位："
		if len(r.Departments) == 0 {
			text += "原文未写明。"
		}
		for _, d := range r.Departments {
			text += "\n• " + d
		}
	}
	// The plan's words, quoted: the figures are bold in the reply's lines.
	return escape(truncate(text, maxMessage, textTruncated))
}

// statsText is the /stats report.
func statsText(v statsView) string {
	var s strings.Builder
	fmt.Fprintf(&s, "<b>已回答问题：%d</b>\n", v.Answered)
	if len(v.ByIntent) > 0 {
		var parts []string
		for _, ic := range v.ByIntent {
			parts = append(parts, fmt.Sprintf("%s %d", ic.Intent, ic.N))
		}
		s.WriteString(escape("按意图："+strings.Join(parts, " · ")) + "\n")
	}
	if len(v.Unanswered) == 0 {
		s.WriteString("\n没有未找到答案的问题。")
		return s.String()
	}
	s.WriteString("\n没有找到答案的问题（可据此补充同义词）：")
	for i, q := range v.Unanswered {
		if i == 30 {
			fmt.Fprintf(&s, "\n…… 另有 %d 条", len(v.Unanswered)-30)
			break
		}
		s.WriteString("\n• " + escape(q.Question))
		if q.N > 1 {
			fmt.Fprintf(&s, " ×%d", q.N)
		}
	}
	return s.String()
}
