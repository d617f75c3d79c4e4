package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// requestTimeout bounds one Bot API request other than a long poll.
const requestTimeout = 20 * time.Second

// allowedUpdates are the updates planbot asks for; others would only be
// ignored after costing a request.
func allowedUpdates() []string {
	return []string{"message", "edited_message", "callback_query", "inline_query"}
}

// call runs one Bot API request with retries. The library has none: a 429 is
// waited out as long as retry_after says (a single wait is capped: longer
// than maxRetryAfter and the call gives up), 5xx and
// network errors are retried with jittered exponential backoff, and errors
// that another try cannot fix (400, 403, …) are returned at once.
func (b *Bot) call(ctx context.Context, method string, f func(context.Context) error) error {
	start := time.Now()
	for attempt := 1; ; attempt++ {
		actx, cancel := context.WithTimeout(ctx, requestTimeout)
		err := f(actx)
		cancel()
		if err == nil {
			b.metrics.apiCalls.WithLabelValues(method, "ok").Inc()
			b.metrics.apiLatency.WithLabelValues(method).Observe(time.Since(start).Seconds())
			return nil
		}
		err = b.redact(err)
		wait, retry := b.retryAfter(ctx, err, attempt)
		if !retry || attempt >= b.cfg.attempts {
			b.metrics.apiCalls.WithLabelValues(method, "error").Inc()
			return fmt.Errorf("%s (attempt %d): %w", method, attempt, err)
		}
		b.metrics.apiCalls.WithLabelValues(method, "retry").Inc()
		b.log.Debug("retrying Bot API call", "method", method, "attempt", attempt, "wait", wait, "err", err)
		// On the bot's clock: a test moves it past a long retry_after.
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: %w (after %v)", method, ctx.Err(), err)
		case <-b.clock.After(wait):
		}
	}
}

// retryAfter says whether err is worth another attempt and after how long.
func (b *Bot) retryAfter(ctx context.Context, err error, attempt int) (time.Duration, bool) {
	if ctx.Err() != nil {
		return 0, false
	}
	// IsTooManyRequestsError misses a wrapped error; errors.As does not.
	var tooMany *tg.TooManyRequestsError
	if errors.As(err, &tooMany) {
		d := time.Duration(tooMany.RetryAfter) * time.Second
		if d <= 0 {
			d = time.Second
		}
		return d, d <= b.cfg.maxRetryAfter
	}
	var migrate *tg.MigrateError
	for _, permanent := range []error{tg.ErrorBadRequest, tg.ErrorForbidden, tg.ErrorUnauthorized, tg.ErrorNotFound, tg.ErrorConflict} {
		if errors.Is(err, permanent) {
			return 0, false
		}
	}
	if errors.As(err, &migrate) {
		return 0, false
	}
	d := b.cfg.backoff << (attempt - 1)
	if d > b.cfg.maxBackoff || d <= 0 {
		d = b.cfg.maxBackoff
	}
	// Jitter, so that many chats failing together do not retry together.
	return d/2 + rand.N(d/2+1), true
}

// apiResponse is the Bot API's envelope, for the requests made without the
// library.
type apiResponse struct {
	apiStatus
	Result json.RawMessage `json:"result"`
}

// apiStatus is the envelope without the result, for the calls whose result
// planbot does not read (the message sent, …): decoding then skips it
// instead of copying it.
type apiStatus struct {
	OK          bool   `json:"ok"`
	Description string `json:"description"`
	ErrorCode   int    `json:"error_code"`
	Parameters  struct {
		RetryAfter      int `json:"retry_after"`
		MigrateToChatID int `json:"migrate_to_chat_id"`
	} `json:"parameters"`
}

// post makes one Bot API request with params as its JSON body, for the
// calls made for each update. The library streams every request as
// multipart through a pipe, which net/http sends chunked and flushes after
// each write: a dozen small writes, syscalls and goroutine switches for one
// message, where one write of a body of known length does. Its errors are
// the library's (ErrorBadRequest, *TooManyRequestsError, …), so that call
// retries them alike; like the library's, they may hold the token, which
// call takes out.
func (b *Bot) post(ctx context.Context, method string, params any) error {
	body, err := json.Marshal(params)
	if err != nil {
		return fmt.Errorf("encoding %s: %w", method, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.cfg.apiURL+"/bot"+b.token+"/"+method, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.cfg.httpClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("reading the response: %w", err)
	}
	var r apiStatus
	if err := json.Unmarshal(raw, &r); err != nil {
		return fmt.Errorf("HTTP %d, not a Bot API response: %w", resp.StatusCode, err)
	}
	if r.OK {
		return nil
	}
	return apiError(r)
}

// apiError is the error the library returns for a Bot API error response.
func apiError(r apiStatus) error {
	switch r.ErrorCode {
	case http.StatusBadRequest:
		if r.Parameters.MigrateToChatID != 0 {
			return &tg.MigrateError{Message: fmt.Sprintf("%s: %s", tg.ErrorBadRequest, r.Description), MigrateToChatID: r.Parameters.MigrateToChatID}
		}
		return fmt.Errorf("%w, %s", tg.ErrorBadRequest, r.Description)
	case http.StatusUnauthorized:
		return fmt.Errorf("%w, %s", tg.ErrorUnauthorized, r.Description)
	case http.StatusForbidden:
		return fmt.Errorf("%w, %s", tg.ErrorForbidden, r.Description)
	case http.StatusNotFound:
		return fmt.Errorf("%w, %s", tg.ErrorNotFound, r.Description)
	case http.StatusConflict:
		return fmt.Errorf("%w, %s", tg.ErrorConflict, r.Description)
	case http.StatusTooManyRequests:
		return &tg.TooManyRequestsError{Message: fmt.Sprintf("%s, %s", tg.ErrorTooManyRequests, r.Description), RetryAfter: r.Parameters.RetryAfter}
	}
	return fmt.Errorf("error response from telegram: %d %s", r.ErrorCode, r.Description)
}

// pollTooFastError is a 429 on getUpdates: polling waits as long as
// Telegram asks before it polls again.
type pollTooFastError struct{ retryAfter time.Duration }

// Error says how long Telegram asked to wait.
func (e *pollTooFastError) Error() string {
	return fmt.Sprintf("getUpdates: 429 too many requests, retry after %s", e.retryAfter)
}

// errUnauthorized means the token was revoked: polling cannot go on.
var errUnauthorized = errors.New("the Bot API refused the token (401)")

// getUpdates is one long poll. The library's own polling loop confirms
// updates before its handlers have run and drops queued ones at shutdown, so
// planbot polls itself and confirms an offset only once its updates are
// answered. Each update is decoded on its own: one the library's models
// cannot read is reported by ID and skipped, instead of failing the batch
// forever.
func (b *Bot) getUpdates(ctx context.Context, offset int64, limit int, timeout time.Duration) ([]polled, error) {
	body, err := json.Marshal(map[string]any{
		"offset":          offset,
		"limit":           limit,
		"timeout":         int(timeout / time.Second),
		"allowed_updates": allowedUpdates(),
	})
	if err != nil {
		return nil, fmt.Errorf("getUpdates: %w", err)
	}
	rctx, cancel := context.WithTimeout(ctx, timeout+requestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodPost, b.cfg.apiURL+"/bot"+b.token+"/getUpdates", bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("getUpdates: %w", b.redact(err))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.cfg.httpClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("getUpdates: %w", b.redact(err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("getUpdates: reading the response: %w", b.redact(err))
	}
	var r apiResponse
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("getUpdates: HTTP %d, not a Bot API response: %w", resp.StatusCode, err)
	}
	if !r.OK {
		if r.ErrorCode == http.StatusUnauthorized {
			return nil, errUnauthorized
		}
		if r.ErrorCode == http.StatusTooManyRequests && r.Parameters.RetryAfter > 0 {
			return nil, &pollTooFastError{retryAfter: time.Duration(r.Parameters.RetryAfter) * time.Second}
		}
		return nil, fmt.Errorf("getUpdates: %d %s", r.ErrorCode, r.Description)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(r.Result, &items); err != nil {
		return nil, fmt.Errorf("getUpdates: result is not a list: %w", err)
	}
	ups := make([]polled, 0, len(items))
	for _, item := range items {
		u, err := decodeUpdate(item)
		if err != nil {
			b.metrics.errors.WithLabelValues("decode").Inc()
			b.log.Error("skipping an update that cannot be decoded", "update_id", u.ID, "err", err)
			if u.ID == 0 {
				continue
			}
			item = nil // nothing to answer later either
		}
		ups = append(ups, polled{u, item})
	}
	return ups, nil
}

// polled is an update a poll gave: decoded, and as sent, to park it.
type polled struct {
	u   *models.Update
	raw json.RawMessage
}

// decodeUpdate reads one update; on error it still returns the update's ID
// when it can, so that the offset moves past it.
func decodeUpdate(raw []byte) (*models.Update, error) {
	u := &models.Update{}
	if err := json.Unmarshal(raw, u); err != nil {
		var id struct {
			ID int64 `json:"update_id"`
		}
		_ = json.Unmarshal(raw, &id)
		return &models.Update{ID: id.ID}, err
	}
	return u, nil
}

// commands is the menu Telegram shows beside the text field; /chart is on
// it when the bot draws charts.
func (b *Bot) commands() []models.BotCommand {
	cmds := []models.BotCommand{
		{Command: "help", Description: "能问什么、怎么问"},
		{Command: "clause", Description: "某一条的原文：/clause 15"},
		{Command: "dept", Description: "某单位负责的工作：/dept 省水利厅"},
		{Command: "targets", Description: "某地或某年的目标：/targets 遵义"},
		{Command: "search", Description: "全文检索：/search 海绵城市"},
	}
	if b.cfg.charts != nil {
		cmds = append(cmds, models.BotCommand{Command: "chart", Description: "把数字画成图表：/chart 各市州中心城市城区人口"})
	}
	return append(cmds, models.BotCommand{Command: "about", Description: "文件来源、文号与引用方式"})
}

// adminCommands are shown, on top of the menu, in each admin's own chat.
func (b *Bot) adminCommands() []models.BotCommand {
	return append(b.commands(),
		models.BotCommand{Command: "stats", Description: "统计：问题数、意图、未答问题"},
		models.BotCommand{Command: "reload", Description: "重新读取同义词文件"},
	)
}

// setCommands registers the menu for everyone, and the admin menu in each
// admin's private chat (whose ID is the admin's user ID). An admin who has
// not started the bot yet has no such chat: that is logged, not fatal.
func (b *Bot) setCommands(ctx context.Context) error {
	err := b.call(ctx, "setMyCommands", func(ctx context.Context) error {
		_, err := b.api.SetMyCommands(ctx, &tg.SetMyCommandsParams{Commands: b.commands()})
		return err
	})
	for id := range b.cfg.admins {
		if aerr := b.call(ctx, "setMyCommands", func(ctx context.Context) error {
			_, err := b.api.SetMyCommands(ctx, &tg.SetMyCommandsParams{
				Commands: b.adminCommands(),
				Scope:    &models.BotCommandScopeChat{ChatID: id},
			})
			return err
		}); aerr != nil {
			b.log.Info("setting an admin's command menu", "admin", id, "err", aerr)
		}
	}
	return err
}

func (b *Bot) setWebhook(ctx context.Context) error {
	return b.call(ctx, "setWebhook", func(ctx context.Context) error {
		_, err := b.api.SetWebhook(ctx, &tg.SetWebhookParams{
			URL:            b.cfg.webhookURL,
			SecretToken:    b.cfg.secret,
			AllowedUpdates: allowedUpdates(),
		})
		return err
	})
}

// deleteWebhook lets polling work after a webhook was set (getUpdates
// answers 409 while one is); pending updates are kept.
func (b *Bot) deleteWebhook(ctx context.Context) error {
	return b.call(ctx, "deleteWebhook", func(ctx context.Context) error {
		_, err := b.api.DeleteWebhook(ctx, &tg.DeleteWebhookParams{})
		return err
	})
}

// noPreview keeps links in quotes from turning into preview cards.
func noPreview() *models.LinkPreviewOptions { return &models.LinkPreviewOptions{IsDisabled: tg.True()} }

// send posts an HTML message, replying to replyTo when it is not 0, with
// markup: a *keyboard, a *models.ForceReply, or nil.
func (b *Bot) send(ctx context.Context, chat int64, thread, replyTo int, html string, markup any) error {
	p := &tg.SendMessageParams{
		ChatID:             chat,
		MessageThreadID:    thread,
		Text:               html,
		ParseMode:          models.ParseModeHTML,
		LinkPreviewOptions: noPreview(),
	}
	if replyTo != 0 {
		// The question may be deleted before the answer is sent; answer anyway.
		p.ReplyParameters = &models.ReplyParameters{MessageID: replyTo, AllowSendingWithoutReply: true}
	}
	p.ReplyMarkup = replyMarkup(markup)
	return b.call(ctx, "sendMessage", func(ctx context.Context) error { return b.post(ctx, "sendMessage", p) })
}

// edit replaces a message's text and keyboard, for buttons that page in place.
func (b *Bot) edit(ctx context.Context, chat int64, msgID int, html string, kb *keyboard) error {
	p := &tg.EditMessageTextParams{
		ChatID:             chat,
		MessageID:          msgID,
		Text:               html,
		ParseMode:          models.ParseModeHTML,
		LinkPreviewOptions: noPreview(),
	}
	p.ReplyMarkup = replyMarkup(kb)
	err := b.call(ctx, "editMessageText", func(ctx context.Context) error { return b.post(ctx, "editMessageText", p) })
	if err != nil && errors.Is(err, tg.ErrorBadRequest) && bytes.Contains([]byte(err.Error()), []byte("not modified")) {
		return nil // a double tap on the same button
	}
	return err
}

// replyMarkup is markup as the library's params take it: nil for none, not
// a typed nil, which would be sent as "reply_markup": null.
func replyMarkup(markup any) models.ReplyMarkup {
	switch m := markup.(type) {
	case *keyboard:
		if m != nil {
			return m
		}
	case *models.ForceReply:
		if m != nil {
			return m
		}
	}
	return nil
}

// answerCallback stops the button's spinner, showing text if any: as an
// alert to dismiss, or a passing note.
func (b *Bot) answerCallback(ctx context.Context, id, text string, alert bool) error {
	return b.call(ctx, "answerCallbackQuery", func(ctx context.Context) error {
		return b.post(ctx, "answerCallbackQuery", &tg.AnswerCallbackQueryParams{
			CallbackQueryID: id,
			Text:            text,
			ShowAlert:       alert && text != "",
		})
	})
}
