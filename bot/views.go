package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/store"
)

// What planbot says besides answers. Plain text: every one is escaped
// where it is sent.
const (
	textNotText        = "我只能回答文字问题。直接输入问题即可，例如：遵义2025年城区常住人口目标是多少？发送 /help 查看用法。"
	textEdited         = "修改过的消息不会重新回答；请把问题重新发送一次。"
	textSorry          = "抱歉，处理这条消息时出错了，请稍后再试。"
	textSlowDown       = "请慢一点：你短时间内发送的问题太多，排队等待回答的也已满，这一条没有回答。请稍后再问。"
	textExpired        = "这个按钮已过期，请重新提问。"
	textAdminOnly      = "这个命令仅限管理员使用。"
	textUnknownCommand = "没有 /%s 这个命令。发送 /help 查看可用命令。"
	textNoSynonymsFile = "没有配置同义词文件（--synonyms 或 PLANBOT_SYNONYMS），正在使用内置同义词，无需重新读取。"
	textNothing        = "方案中没有找到相关内容。"
	textRefusedPlain   = "你没有使用 planbot 的权限。你的用户 ID：%d，请发给管理员开通。"
	textTruncated      = "……（内容过长，已截断）"
	textThanks         = "已收到反馈，谢谢！"
	textVoted          = "✓ 已反馈"
	textNoStore        = "没有配置数据目录，统计没有保存。"
	textNotClause      = "“%s”不是条号。/clause 后面写条号，例如 /clause 15、/clause 第十五条、/clause G3；几条一起查：/clause 15 16。"
	textMoreClauses    = "\n\n（共 %d 条，只显示前 %d 条；其余请另行查询。）"
)

// promptText is the prompt a bare answering command gets, with a
// ForceReply: the reply to it is that command's argument. "" for a command
// that takes no argument.
func promptText(command string) string {
	switch command {
	case "clause":
		return "发送条号，例如 15"
	case "dept":
		return "发送单位名称，例如 省水利厅"
	case "targets":
		return "发送地方或年份，例如 遵义 或 2025"
	case "search":
		return "发送关键词，例如 海绵城市"
	case "chart":
		return "发送要画成图表的问题，例如 2025年各市州中心城市城区人口"
	}
	return ""
}

// answering says whether a command is answered by the engine with an
// argument: those that buttons name by a letter.
func answering(command string) bool { return commandLetter(command) != 0 }

// promptCommand is the command whose prompt text is, or "".
func promptCommand(text string) string {
	for _, name := range []string{"clause", "dept", "targets", "search", "chart"} {
		if strings.TrimSpace(text) == promptText(name) {
			return name
		}
	}
	return ""
}

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
	if b.cfg.charts != nil {
		s.WriteString("/chart 问题 — 把回答里的数字画成图表，如 /chart 2025年各市州中心城市城区人口\n")
	}
	s.WriteString("/about — 文件来源、文号和引用方式\n\n")
	if b.cfg.charts != nil {
		s.WriteString("回答里有可比较的数字时，点 📊 图表 看柱状图。\n")
	}
	if b.cfg.sheets != nil {
		s.WriteString("问某单位负责哪些工作时，点 ⬇ Excel 下载该单位的分工表。\n")
	}
	s.WriteString("回答下方的 👍 / 👎 告诉我们回答是否有用。\n")
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

// view is an answer shown as c, in one message: its text as HTML and its
// buttons, files' among them. ok is false when c asks for what the answer
// does not have (a button from before the plan or the engine changed).
func view(a answer.Answer, c callback, files []button) (html string, kb *keyboard, ok bool) {
	text, figures, ok := viewText(a, c)
	if !ok {
		return "", nil, false
	}
	pages := paginate(text)
	if len(pages) == 0 {
		text, figures, pages = textNothing, nil, []page{{0, len(textNothing)}}
	}
	if c.Page >= len(pages) {
		return "", nil, false
	}
	p := pages[c.Page]
	return formatHTML(text[p.start:p.end], within(figures, p)), answerKeyboard(a, c, len(pages), text, files), true
}

// viewText is the text of an answer shown as c, with its figures.
func viewText(a answer.Answer, c callback) (string, []answer.Span, bool) {
	if c.Result == 0 {
		if c.Kind != 'a' {
			return "", nil, false
		}
		if strings.TrimSpace(a.Reply) == "" {
			return textNothing, nil, true
		}
		return a.Reply, a.Figures, true
	}
	if c.Result > len(a.Results) {
		return "", nil, false
	}
	r := a.Results[c.Result-1]
	switch c.Kind {
	case 'a':
		return answer.Render(r) + fmt.Sprintf("\n\n（第 %d/%d 条结果）", c.Result, len(a.Results)), nil, true
	case 'f':
		body := r.Text
		if body == "" {
			body = r.Quote
		}
		return r.Place + "\n\n" + body, nil, true
	default: // 'd'
		text := r.Label + " 的责任单位："
		if len(r.Departments) == 0 {
			text += "原文未写明。"
		}
		for _, d := range r.Departments {
			text += "\n• " + d
		}
		return text, nil, true
	}
}

// maxPicker is how many results get a button of their own under a reply
// that lists several; Telegram allows 100 buttons a keyboard, and those
// beyond are named in the reply for the asking (发送条号看全文).
const maxPicker = 48

// pickerRow is how many result buttons stand in a row on a phone.
const pickerRow = 4

// answerKeyboard is the buttons under an answer shown as c, whose text
// (all pages) is text: pages, a way to open each result, back, the whole
// clause and its 责任单位 unless the view already shows them, the files
// made from it, and the vote. Each button encodes the view it leads to,
// so a tap needs no memory of the answer.
func answerKeyboard(a answer.Answer, c callback, pages int, text string, files []button) *keyboard {
	var rows [][]button
	row := func(bs ...button) {
		var kept []button
		for _, b := range bs {
			if b.Text != "" {
				kept = append(kept, b)
			}
		}
		if len(kept) > 0 {
			rows = append(rows, kept)
		}
	}
	go1 := func(text string, d callback) button { return button{Text: text, CallbackData: d.data()} }
	if pages > 1 {
		var prev, next button
		if c.Page > 0 {
			d := c
			d.Vote, d.Page = 0, c.Page-1
			prev = go1("‹ 上一页", d)
		}
		if c.Page+1 < pages {
			d := c
			d.Vote, d.Page = 0, c.Page+1
			next = go1(fmt.Sprintf("更多 %d/%d ›", c.Page+2, pages), d)
		}
		row(prev, next)
	}
	n := len(a.Results)
	switch {
	case c.Result == 0 && n == 1:
		row(openButtons(a.Results[0], c, 1, text)...)
	case c.Result == 0 && n > 1:
		labels := resultLabels(a.Results)
		var picks []button
		for i := range min(n, maxPicker) {
			picks = append(picks, go1(labels[i], c.to('a', i+1)))
		}
		for len(picks) > 0 {
			k := min(pickerRow, len(picks))
			row(picks[:k]...)
			picks = picks[k:]
		}
	case c.Result > 0:
		back := c.to('a', 0)
		if n > 1 && c.Kind != 'a' {
			back = c.to('a', c.Result)
		}
		bs := []button{go1("‹ 返回", back)}
		if c.Kind == 'a' && n > 1 {
			if c.Result > 1 {
				bs = append(bs, go1("‹ 上一条", c.to('a', c.Result-1)))
			}
			if c.Result < n {
				bs = append(bs, go1("下一条 ›", c.to('a', c.Result+1)))
			}
		}
		row(bs...)
		row(openButtons(a.Results[c.Result-1], c, c.Result, text)...)
	}
	row(files...)
	if c.Voted {
		row(go1(textVoted, callback{Kind: 'n'}))
	} else {
		up, down := c, c
		up.Vote, down.Vote = '+', '-'
		row(go1("👍 有用", up), go1("👎 没用", down))
	}
	if len(rows) == 0 {
		return nil
	}
	return &keyboard{InlineKeyboard: rows}
}

// openButtons are [全文] and [责任单位] of result i (1-based), unless the view
// is already that, or its text already holds the whole clause.
func openButtons(r answer.Result, c callback, i int, text string) []button {
	var bs []button
	if c.Kind != 'f' && r.Text != "" && !strings.Contains(text, r.Text) {
		bs = append(bs, button{Text: "全文", CallbackData: c.to('f', i).data()})
	}
	if c.Kind != 'd' && len(r.Departments) > 0 {
		bs = append(bs, button{Text: "责任单位", CallbackData: c.to('d', i).data()})
	}
	return bs
}

// resultLabels name results on their buttons as the reply lists them
// (第15条, G3), numbered where two share one.
func resultLabels(rs []answer.Result) []string {
	labels := make([]string, len(rs))
	seen := map[string]int{}
	for i, r := range rs {
		l := r.Ref
		if _, err := strconv.Atoi(l); err == nil {
			l = "第" + l + "条"
		}
		if l == "" {
			l = strconv.Itoa(i + 1)
		}
		seen[l]++
		if seen[l] > 1 {
			l += "（" + strconv.Itoa(seen[l]) + "）"
		}
		labels[i] = l
	}
	return labels
}

// statsText is the /stats report.
func statsText(r store.Report) string {
	var s strings.Builder
	fmt.Fprintf(&s, "<b>已回答问题：%d</b>\n", r.Asked)
	if len(r.ByIntent) > 0 {
		var parts []string
		for _, ic := range r.ByIntent {
			parts = append(parts, fmt.Sprintf("%s %d", ic.Intent, ic.N))
		}
		s.WriteString(escape("按意图："+strings.Join(parts, " · ")) + "\n")
	}
	fmt.Fprintf(&s, "反馈：👍 %d · 👎 %d\n", r.Up, r.Down)
	list := func(title, none string, qs []store.Question, count func(store.Question) int) {
		if len(qs) == 0 {
			s.WriteString("\n" + none + "\n")
			return
		}
		s.WriteString("\n" + title)
		for i, q := range qs {
			if i == 20 {
				fmt.Fprintf(&s, "\n…… 另有 %d 条", len(qs)-20)
				break
			}
			s.WriteString("\n• " + escape(shorten(q.Text, 100)))
			if n := count(q); n > 1 {
				fmt.Fprintf(&s, " ×%d", n)
			}
		}
		s.WriteString("\n")
	}
	list("没有找到答案的问题（可据此补充同义词）：", "没有未找到答案的问题。", r.Unanswered, func(q store.Question) int { return q.Asked })
	list("被点 👎 的回答：", "没有被点 👎 的回答。", r.Disliked, func(q store.Question) int { return q.Down })
	s.WriteString("\n完整列表：planbot report --format csv")
	if !r.Snapshot.IsZero() {
		s.WriteString("（" + r.Snapshot.Format(time.DateTime) + "）")
	}
	return strings.TrimSpace(s.String())
}
