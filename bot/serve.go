package bot

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// poll long-polls getUpdates until ctx is done. A batch's offset is confirmed
// (by the next getUpdates) only after every update in it was handled, so a
// crash or restart makes Telegram deliver unanswered updates again rather
// than lose them.
func (b *Bot) poll(ctx context.Context) error {
	work, stop := b.workContext(ctx)
	defer stop()
	var offset int64
	failures := 0
	for ctx.Err() == nil {
		ups, err := b.getUpdates(ctx, offset, 100, b.cfg.pollTimeout)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			if errors.Is(err, errUnauthorized) {
				return fmt.Errorf("bot: %w", err)
			}
			failures++
			b.metrics.errors.WithLabelValues("poll").Inc()
			d := b.cfg.backoff << min(failures-1, 16)
			if d > b.cfg.maxBackoff || d <= 0 {
				d = b.cfg.maxBackoff
			}
			var tooFast *pollTooFastError
			if errors.As(err, &tooFast) {
				d = min(tooFast.retryAfter, b.cfg.maxRetryAfter)
			}
			b.log.Warn("polling for updates", "err", err, "retry_in", d)
			t := time.NewTimer(d)
			select {
			case <-ctx.Done():
			case <-t.C:
			}
			t.Stop()
			continue
		}
		failures = 0
		b.handleBatch(work, ups)
		for _, u := range ups {
			offset = max(offset, u.ID+1)
		}
	}
	if offset > 0 {
		// Confirm the last batch now: otherwise the next start would answer it again.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 3*time.Second)
		if _, err := b.getUpdates(cctx, offset, 1, 0); err != nil {
			b.log.Warn("confirming the last updates; they may be answered again after a restart", "offset", offset, "err", err)
		}
		cancel()
	}
	return nil
}

// workContext is the context replies run in: it outlives ctx by the grace
// period, so that a stop lets replies in flight finish instead of cutting
// them off mid-request.
func (b *Bot) workContext(ctx context.Context) (context.Context, func()) {
	work, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(b.cfg.grace, cancel) })
	return work, func() { stop(); cancel() }
}

// handleBatch answers a batch of updates, chats in parallel and each chat's
// updates in order, so that answers arrive in the order questions were asked.
func (b *Bot) handleBatch(ctx context.Context, ups []*models.Update) {
	byChat := map[int64][]*models.Update{}
	var order []int64
	for _, u := range ups {
		k := chatKey(u)
		if _, ok := byChat[k]; !ok {
			order = append(order, k)
		}
		byChat[k] = append(byChat[k], u)
	}
	sem := make(chan struct{}, b.cfg.workers)
	var wg sync.WaitGroup
	for _, k := range order {
		sem <- struct{}{}
		wg.Add(1)
		go func(us []*models.Update) {
			defer func() { <-sem; wg.Done() }()
			for _, u := range us {
				b.HandleUpdate(ctx, u)
			}
		}(byChat[k])
	}
	wg.Wait()
}

// chatKey groups updates that must be answered in order.
func chatKey(u *models.Update) int64 {
	switch {
	case u.Message != nil:
		return u.Message.Chat.ID
	case u.EditedMessage != nil:
		return u.EditedMessage.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.Message.Message != nil:
		return u.CallbackQuery.Message.Message.Chat.ID
	case u.CallbackQuery != nil:
		return u.CallbackQuery.From.ID
	case u.InlineQuery != nil && u.InlineQuery.From != nil:
		return u.InlineQuery.From.ID
	}
	return 0
}

// Handler serves GET /healthz, GET /metrics and, with WithWebhook, the
// webhook at the path of the webhook URL.
func (b *Bot) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-b.draining:
			http.Error(w, "stopping", http.StatusServiceUnavailable)
		default:
			fmt.Fprintln(w, "ok")
		}
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(b.reg, promhttp.HandlerOpts{}))
	if b.cfg.webhookURL != "" {
		path := "/"
		if u, err := url.Parse(b.cfg.webhookURL); err == nil && u.Path != "" {
			path = u.Path
		}
		mux.HandleFunc("POST "+path, b.serveWebhook)
	}
	return mux
}

// maxUpdateBody bounds a webhook request; real updates are a few kilobytes.
const maxUpdateBody = 1 << 20

// serveWebhook takes one update from Telegram. The secret is checked here,
// before anything else: the library's handler logs a wrong secret but still
// answers 200. The update is answered before the response, so a 200 means it
// was handled; Telegram resends on anything else.
func (b *Bot) serveWebhook(w http.ResponseWriter, r *http.Request) {
	code := b.webhook(w, r)
	b.metrics.webhook.WithLabelValues(strconv.Itoa(code)).Inc()
	if code != http.StatusOK {
		http.Error(w, http.StatusText(code), code)
	}
}

func (b *Bot) webhook(w http.ResponseWriter, r *http.Request) int {
	got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
	switch {
	case got == "":
		b.metrics.errors.WithLabelValues("webhook_auth").Inc()
		b.log.Warn("webhook request without the secret token", "remote", r.RemoteAddr)
		return http.StatusUnauthorized
	case subtle.ConstantTimeCompare([]byte(got), []byte(b.cfg.secret)) != 1:
		b.metrics.errors.WithLabelValues("webhook_auth").Inc()
		b.log.Warn("webhook request with a wrong secret token", "remote", r.RemoteAddr)
		return http.StatusForbidden
	}
	select {
	case <-b.draining:
		return http.StatusServiceUnavailable // Telegram will resend it to the next instance
	default:
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUpdateBody))
	if err != nil {
		b.log.Warn("reading a webhook request", "err", err)
		return http.StatusBadRequest
	}
	u, err := decodeUpdate(body)
	if err != nil {
		b.metrics.errors.WithLabelValues("decode").Inc()
		b.log.Error("skipping an update that cannot be decoded", "update_id", u.ID, "err", err)
		if u.ID == 0 {
			return http.StatusBadRequest
		}
		return http.StatusOK // resending it would not make it readable
	}
	// Detached from the request: if Telegram gives up waiting, the reply
	// is still sent, and the resent update is recognised as a duplicate.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 2*time.Minute)
	defer cancel()
	b.HandleUpdate(ctx, u)
	w.WriteHeader(http.StatusOK)
	return http.StatusOK
}
