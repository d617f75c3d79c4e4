package bot

import (
	"context"
	"strconv"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/planbot/planbot/answer"
)

// maxInlineResults is Telegram's limit on one answerInlineQuery.
const maxInlineResults = 50

// onInline answers "@planbot 遵义 人口" typed in any chat with articles that
// post a cited answer, so that staff can drop a figure into a conversation.
func (b *Bot) onInline(ctx context.Context, q *models.InlineQuery) {
	results := b.inlineResults(ctx, q.Query)
	if ctx.Err() != nil {
		return
	}
	b.answerInline(ctx, q, results)
}

// answerInline answers an inline query with results.
func (b *Bot) answerInline(ctx context.Context, q *models.InlineQuery, results []models.InlineQueryResult) {
	// With an allowlist, results must not be cached across users, or a
	// refused user would be shown an allowed user's answers.
	cache := 300
	if b.restricted() {
		cache = 0
	}
	err := b.call(ctx, "answerInlineQuery", func(ctx context.Context) error {
		_, err := b.api.AnswerInlineQuery(ctx, &tg.AnswerInlineQueryParams{
			InlineQueryID: q.ID,
			Results:       results,
			CacheTime:     cache,
			IsPersonal:    b.restricted(),
		})
		return err
	})
	if err != nil {
		b.metrics.errors.WithLabelValues("send").Inc()
		var user int64
		if q.From != nil {
			user = q.From.ID
		}
		b.log.Error("answering an inline query", "user", user, "err", err)
	}
}

// inlineResults are the whole answer first, then each cited result on its
// own; with no query, the answers to the example questions.
func (b *Bot) inlineResults(ctx context.Context, text string) []models.InlineQueryResult {
	q := question{text: cleanQuestion(text)}
	if name, _, args, isCmd := parseCommand(q.text); isCmd && answering(name) && args != "" {
		q = question{command: name, text: cleanQuestion(args)}
	}
	if q.text == "" {
		var out []models.InlineQueryResult
		for i, ex := range b.cfg.examples {
			a := b.ask(ctx, ex)
			out = append(out, article("ex"+strconv.Itoa(i), ex, firstLine(a.Reply, 100), replyHTML(a)))
		}
		return out
	}
	a := b.answerTo(ctx, q)
	b.record(q, a, 0, nil)
	b.metrics.answers.WithLabelValues(string(a.Intent)).Inc()
	desc := ""
	if len(a.Results) > 0 {
		desc = a.Results[0].Label
	}
	out := []models.InlineQueryResult{article("all", firstLine(a.Reply, 64), desc, replyHTML(a))}
	for i, r := range a.Results {
		if len(out) == maxInlineResults {
			break
		}
		title := r.Label
		if title == "" {
			title = r.Place
		}
		out = append(out, article("r"+strconv.Itoa(i), title, shorten(r.Quote, 120),
			escape(truncate(answer.Render(r), maxMessage, textTruncated))))
	}
	return out
}

// replyHTML is an answer's whole reply as one message, cut short if it is
// longer than one: an inline result cannot page.
func replyHTML(a answer.Answer) string {
	reply := a.Reply
	if reply == "" {
		return escape(textNothing)
	}
	short := truncate(reply, maxMessage, textTruncated)
	if short == reply {
		return formatHTML(reply, a.Figures)
	}
	kept := len(short) - len(textTruncated) - 1 // truncate's cut, then "\n" and the note
	return formatHTML(reply[:kept], within(a.Figures, page{0, kept})) + "\n" + escape(textTruncated)
}

// article is an inline result that posts html.
func article(id, title, description, html string) *models.InlineQueryResultArticle {
	if title == "" {
		title = "planbot"
	}
	return &models.InlineQueryResultArticle{
		ID:          id,
		Title:       shorten(title, 64),
		Description: description,
		InputMessageContent: &models.InputTextMessageContent{
			MessageText:        html,
			ParseMode:          models.ParseModeHTML,
			LinkPreviewOptions: noPreview(),
		},
	}
}
