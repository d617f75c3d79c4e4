package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/data/plan"
)

// The files the bot makes from an answer: a chart of its figures, sent as
// a photo, and the 分工表 of the department it is about, sent as an Excel
// workbook. The bot only asks for them: what draws and writes them is
// handed in (WithCharts, WithDutySheets), so that the plotting and
// spreadsheet libraries stay out of this package.

// maxCaption is Telegram's limit on a photo's or document's caption, in
// UTF-16 units.
const maxCaption = 1024

// What the bot says about files. Plain text: escaped where it is sent.
const (
	textFileFailed = "抱歉，生成文件时出错了，请稍后再试。"
	textNoChart    = "这个回答里没有可以画成图表的数字。"
)

// The kinds of file, as callbacks and cache keys name them.
const (
	fileChart = 'c' // a chart of an answer's figures: a PNG, sent with sendPhoto
	fileSheet = 'e' // a department's 分工表: an .xlsx, sent with sendDocument
)

// file is a file to send, and how to make it when it is not in the cache.
type file struct {
	kind    byte   // fileChart or fileSheet
	key     string // what it is made from, for the file cache
	name    string // its file name, as the recipient saves it
	caption string // plain text, within maxCaption
	make    func() ([]byte, error)
}

// label names a kind of file in logs and metrics.
func (f file) label() string {
	if f.kind == fileChart {
		return "chart"
	}
	return "sheet"
}

// fileButtons are the buttons for the files of answer a shown as c: [📊 图表]
// when it has figures to chart, [⬇ Excel] when it lists what a department
// is responsible for. They go under the reply only (not a result opened
// from it), and only when the bot was given what makes them. Like the
// other buttons they encode where the question comes from, not the answer.
func (b *Bot) fileButtons(a answer.Answer, c callback) []button {
	if c.Kind != 'a' || c.Result != 0 {
		return nil
	}
	src := callback{FromExample: c.FromExample, Example: c.Example, Command: c.Command}
	var bs []button
	if b.cfg.charts != nil && len(b.engine.FiguresOf(a).Sets) > 0 {
		d := src
		d.Kind = fileChart
		bs = append(bs, button{Text: "📊 图表", CallbackData: d.data()})
	}
	if b.cfg.sheets != nil && a.Intent == answer.IntentDept {
		d := src
		d.Kind = fileSheet
		bs = append(bs, button{Text: "⬇ Excel", CallbackData: d.data()})
	}
	return bs
}

// charting says whether /chart is a command of this bot: only when it
// draws charts.
func (b *Bot) charting(name string) bool { return name == "chart" && b.cfg.charts != nil }

// takesArgument says whether a command is given an argument — after its
// prompt when it is sent bare: the engine's commands, and /chart.
func (b *Bot) takesArgument(name string) bool { return answering(name) || b.charting(name) }

// answerKey is what the caches know q's answer by: a question's Key, so
// that 遵义２０２５年 and 遵义2025年 share one (and /chart Q shares Q's); an
// answering command's argument as typed, since /dept and /targets quote
// it in their answers. No Key holds a NUL: folding drops control
// characters.
func (b *Bot) answerKey(q question) string {
	if q.command == "" || q.command == "chart" {
		return b.engine.Key(q.text)
	}
	return "\x00" + q.command + "\x00" + q.text
}

// chartFile is the chart of a, the answer to q, or the sentence saying why
// there is none.
func (b *Bot) chartFile(q question, a answer.Answer) (file, string) {
	figs := b.engine.FiguresOf(a)
	if len(figs.Sets) == 0 {
		if figs.Why == "" {
			return file{}, textNoChart
		}
		return file{}, figs.Why
	}
	draw := b.cfg.charts
	return file{
		kind:    fileChart,
		key:     string(fileChart) + "\x00" + b.answerKey(q),
		name:    "chart.png",
		caption: caption(figs.Caption),
		make:    func() ([]byte, error) { return draw(figs) },
	}, ""
}

// sheetFile is the 分工表 of the departments a, the answer to q, lists the
// clauses of; false when a is not such an answer, or names no department
// the plan has.
func (b *Bot) sheetFile(q question, a answer.Answer) (file, bool) {
	if a.Intent != answer.IntentDept {
		return file{}, false
	}
	depts := b.engine.Departments(q.text)
	if len(depts) == 0 {
		return file{}, false
	}
	names := make([]string, len(depts))
	for i, d := range depts {
		names[i] = d.Name
	}
	write := b.cfg.sheets
	return file{
		kind:    fileSheet,
		key:     string(fileSheet) + "\x00" + strings.Join(names, "\x00"),
		name:    "分工表-" + fileName(strings.Join(names, "、")) + ".xlsx",
		caption: caption(b.planName() + "分工表：" + strings.Join(names, "、") + "，共" + strconv.Itoa(clauseCount(depts)) + "条。"),
		make:    func() ([]byte, error) { return write(names) },
	}, true
}

// clauseCount is how many clauses name any of depts.
func clauseCount(depts []plan.DepartmentRefs) int {
	refs := map[string]bool{}
	for _, d := range depts {
		for _, r := range d.Refs {
			refs[r] = true
		}
	}
	return len(refs)
}

// caption is s cut to Telegram's limit on captions: a caption over it is
// refused, and the file with it.
func caption(s string) string {
	if utf16Len(s) <= maxCaption {
		return s
	}
	return split(s, maxCaption-1)[0] + "…"
}

// fileName is s as part of a file name: without the characters Windows
// and Unix refuse in one, and short enough for every file system.
func fileName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, s)
	return shorten(s, 60)
}

// made returns f's bytes: from the file cache when it was made before, else
// made now and kept. gen is what sendFile needs to keep its file_id.
func (b *Bot) made(f file) (madeFile, uint64, error) {
	m, gen, ok := b.files.get(f.key)
	if ok {
		b.metrics.files.WithLabelValues(f.label(), "cache").Inc()
		return m, gen, nil
	}
	data, err := f.make()
	if err == nil && len(data) == 0 {
		err = errors.New("nothing was written")
	}
	if err != nil {
		return madeFile{}, gen, fmt.Errorf("making %s %s: %w", f.label(), f.name, err)
	}
	b.metrics.files.WithLabelValues(f.label(), "made").Inc()
	b.files.put(f.key, data, gen)
	return madeFile{data: data}, gen, nil
}

// sendFile sends f, made as m, in reply to message replyTo: by the file_id
// Telegram gave it when it was uploaded before, else uploaded, keeping the
// file_id the upload returns for the next time.
func (b *Bot) sendFile(ctx context.Context, chat int64, thread, replyTo int, f file, m madeFile, gen uint64) error {
	if m.fileID != "" {
		err := b.resend(ctx, chat, thread, replyTo, f, m.fileID)
		if err == nil || !errors.Is(err, tg.ErrorBadRequest) {
			return err
		}
		// Telegram no longer knows the file_id (the bot was moved to another
		// token or server): upload the bytes.
		b.log.Warn("a file_id was refused; uploading the file again", "file", f.name, "err", err)
		b.files.remember(f.key, "", gen)
	}
	id, err := b.upload(ctx, chat, thread, replyTo, f, m.data)
	if err != nil {
		return err
	}
	b.files.remember(f.key, id, gen)
	return nil
}

// replyTo is the reply parameters of a message replying to message id: the
// question may be deleted before the answer is sent, and is answered anyway.
func replyTo(id int) *models.ReplyParameters {
	if id == 0 {
		return nil
	}
	return &models.ReplyParameters{MessageID: id, AllowSendingWithoutReply: true}
}

// upload sends f's bytes as a multipart upload, as Telegram requires of a
// new file, and returns the file_id Telegram gave it.
func (b *Bot) upload(ctx context.Context, chat int64, thread, reply int, f file, data []byte) (string, error) {
	// A new reader each attempt: a retry sends the file from its start.
	in := func() *models.InputFileUpload {
		return &models.InputFileUpload{Filename: f.name, Data: bytes.NewReader(data)}
	}
	var id string
	if f.kind == fileChart {
		err := b.call(ctx, "sendPhoto", func(ctx context.Context) error {
			msg, err := b.api.SendPhoto(ctx, &tg.SendPhotoParams{ChatID: chat, MessageThreadID: thread, Photo: in(),
				Caption: f.caption, ReplyParameters: replyTo(reply)})
			if err == nil && len(msg.Photo) > 0 {
				id = msg.Photo[len(msg.Photo)-1].FileID // the largest size: they share the upload
			}
			return err
		})
		return id, err
	}
	err := b.call(ctx, "sendDocument", func(ctx context.Context) error {
		msg, err := b.api.SendDocument(ctx, &tg.SendDocumentParams{ChatID: chat, MessageThreadID: thread, Document: in(),
			Caption: f.caption, ReplyParameters: replyTo(reply)})
		if err == nil && msg.Document != nil {
			id = msg.Document.FileID
		}
		return err
	})
	return id, err
}

// resend sends a file Telegram has by its file_id: a small JSON request in
// place of the upload.
func (b *Bot) resend(ctx context.Context, chat int64, thread, reply int, f file, fileID string) error {
	in := &models.InputFileString{Data: fileID}
	if f.kind == fileChart {
		p := &tg.SendPhotoParams{ChatID: chat, MessageThreadID: thread, Photo: in, Caption: f.caption, ReplyParameters: replyTo(reply)}
		return b.call(ctx, "sendPhoto", func(ctx context.Context) error { return b.post(ctx, "sendPhoto", p) })
	}
	p := &tg.SendDocumentParams{ChatID: chat, MessageThreadID: thread, Document: in, Caption: f.caption, ReplyParameters: replyTo(reply)}
	return b.call(ctx, "sendDocument", func(ctx context.Context) error { return b.post(ctx, "sendDocument", p) })
}

// onFileTap sends the file a [📊 图表] or [⬇ Excel] button asks for, made
// from the answer to qq, in reply to the answer. A button its answer would
// not carry — forged, or from before the plan, the engine or the bot's
// options changed — is refused as expired, and nothing is made.
func (b *Bot) onFileTap(ctx context.Context, q *models.CallbackQuery, msg *models.Message, kind byte, qq question) {
	a := b.answerTo(ctx, qq)
	if ctx.Err() != nil {
		return
	}
	var f file
	ok := false
	switch {
	case kind == fileChart && b.cfg.charts != nil:
		var why string
		f, why = b.chartFile(qq, a)
		ok = why == ""
	case kind == fileSheet && b.cfg.sheets != nil:
		f, ok = b.sheetFile(qq, a)
	}
	if !ok {
		b.answerCB(ctx, q, textExpired, true)
		return
	}
	m, gen, err := b.made(f)
	if err != nil {
		b.metrics.errors.WithLabelValues("file").Inc()
		b.log.Error("making a file", "question", qq.String(), "err", err)
		b.answerCB(ctx, q, textFileFailed, true)
		return
	}
	b.answerCB(ctx, q, "", false)
	if err := b.sendFile(ctx, msg.Chat.ID, thread(msg), msg.ID, f, m, gen); err != nil {
		b.metrics.errors.WithLabelValues("send").Inc()
		b.log.Error("sending a file", "chat", msg.Chat.ID, "reply_to", msg.ID, "file", f.name, "err", err)
	}
}

// chartCommand answers /chart QUESTION in reply to m: the chart of the
// question's answer, or the sentence saying why there is none.
func (b *Bot) chartCommand(ctx context.Context, m *models.Message, text string) {
	q := question{command: "chart", text: text}
	stop := b.typing(ctx, m.Chat.ID, thread(m), models.ChatActionUploadPhoto)
	a := b.ask(ctx, text)
	if ctx.Err() != nil {
		stop()
		return // cut short by a stop: left for the next start
	}
	b.record(q, a, 0, nil)
	b.metrics.answers.WithLabelValues(string(a.Intent)).Inc()
	f, why := b.chartFile(q, a)
	if why != "" {
		stop()
		b.reply(ctx, m, escape(why))
		return
	}
	made, gen, err := b.made(f)
	stop()
	if err != nil {
		b.metrics.errors.WithLabelValues("file").Inc()
		b.log.Error("making a chart", "question", text, "err", err)
		b.reply(ctx, m, escape(textFileFailed))
		return
	}
	if err := b.sendFile(ctx, m.Chat.ID, thread(m), m.ID, f, made, gen); err != nil {
		b.metrics.errors.WithLabelValues("send").Inc()
		b.log.Error("sending a chart", "chat", m.Chat.ID, "reply_to", m.ID, "err", err)
	}
}
