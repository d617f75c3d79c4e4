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

// poll long-polls getUpdates until ctx is done. Each chat's updates are
// answered in order, chats at once, while polling goes on, so that one slow
// chat (a reply waiting out a 429, a sender over the rate) holds up no one
// else. An update is confirmed (by a later getUpdates' offset) only once it
// and every update before it are handled: at a stop, replies in flight get
// the grace period, and whatever is not handled by then — in flight, queued
// behind the rate limit, not yet started — is left to Telegram, which
// delivers it again at the next start.
func (b *Bot) poll(ctx context.Context) error {
	work, stop := b.workContext(ctx)
	defer stop()
	p := &poller{b: b, stop: ctx, work: work, sem: make(chan struct{}, b.cfg.workers),
		lanes: map[lane][]*visit{}, inHand: map[int64]bool{}, finished: make(chan struct{}, 1)}
	failures := 0
	for ctx.Err() == nil {
		offset, busy := p.offset()
		timeout := b.cfg.pollTimeout
		if busy {
			// Telegram answers at once while updates in hand are unconfirmed.
			timeout = 0
		}
		polled := time.Now()
		ups, err := b.getUpdates(ctx, offset, 100, timeout)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			if errors.Is(err, errUnauthorized) {
				p.wait()
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
		fresh := 0
		for _, u := range ups {
			if p.take(u) {
				fresh++
			}
		}
		if fresh == 0 && busy {
			// All Telegram gave back is in hand: ask again once one of them
			// is done, or a little later for what else has come meanwhile;
			// not more often than ten times an interval, however many are
			// done, which Telegram would refuse with 429s.
			t := time.NewTimer(b.cfg.pollInterval)
			select {
			case <-ctx.Done():
			case <-p.finished:
			case <-t.C:
			}
			t.Reset(b.cfg.pollInterval/10 - time.Since(polled))
			select {
			case <-ctx.Done():
			case <-t.C:
			}
			t.Stop()
		}
	}
	p.wait()
	if offset, _ := p.offset(); offset > 0 {
		// Confirm what was handled now, and nothing after the first update
		// that was not: otherwise the next start would answer it again.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 3*time.Second)
		if _, err := b.getUpdates(cctx, offset, 1, 0); err != nil {
			b.log.Warn("confirming the last updates; they may be answered again after a restart", "offset", offset, "err", err)
		}
		cancel()
		if n := p.left(); n > 0 {
			b.log.Info("stopped with updates not yet answered; Telegram delivers them again at the next start", "updates", n, "offset", offset)
		}
	}
	return nil
}

// poller is polling's bookkeeping: the updates in hand, and a queue of
// them for each lane that has any.
type poller struct {
	b    *Bot
	stop context.Context // done at the stop: nothing new starts
	work context.Context // replies in flight: the grace period longer
	sem  chan struct{}   // WithWorkers: updates answered at once

	mu       sync.Mutex
	high     int64             // the highest update ID taken
	inHand   map[int64]bool    // taken and not yet finished
	lanes    map[lane][]*visit // the updates waiting in each lane with a goroutine
	finished chan struct{}     // a signal that an update was finished
	wg       sync.WaitGroup
}

// offset is the next getUpdates' offset: the first update in hand, or past
// the last taken. busy says updates are in hand.
func (p *poller) offset() (offset int64, busy bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	offset = p.high + 1
	if p.high == 0 {
		offset = 0
	}
	for id := range p.inHand {
		offset = min(offset, id)
	}
	return offset, len(p.inHand) > 0
}

// left is how many updates were taken and not handled.
func (p *poller) left() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.inHand)
}

// take takes an update Telegram gave, unless it is one already in hand
// (every poll gives those again until they are confirmed): update IDs only
// grow, so a new one is above every one taken.
func (p *poller) take(u *models.Update) bool {
	p.mu.Lock()
	if u.ID <= p.high {
		p.mu.Unlock()
		return false
	}
	p.high = u.ID
	p.inHand[u.ID] = true
	p.mu.Unlock()
	// Taken in, in order, here: the rate limit and the prompts depend on it.
	v := p.b.admit(u)
	switch v.act {
	case actNone:
		p.b.serve(p.work, v)
		p.done(u.ID)
		return true
	case actRefuse, actLimited:
		// Not an answer, and no answer waits for it: said at once, not
		// behind the sender's queue.
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			if p.b.serve(p.work, v) {
				p.done(u.ID)
			}
		}()
		return true
	}
	p.mu.Lock()
	k := v.lane()
	q, running := p.lanes[k]
	p.lanes[k] = append(q, v)
	if !running {
		p.wg.Add(1)
		go p.run(k)
	}
	p.mu.Unlock()
	return true
}

// run answers a lane's updates in order until it has none, or the bot
// stops: the updates still queued then are left.
func (p *poller) run(k lane) {
	defer p.wg.Done()
	for {
		p.mu.Lock()
		q := p.lanes[k]
		if len(q) == 0 || p.stop.Err() != nil {
			delete(p.lanes, k)
			p.mu.Unlock()
			return
		}
		v := q[0]
		p.lanes[k] = q[1:]
		p.mu.Unlock()
		if !p.handle(v) {
			// Left for the next start, and so is what follows it in this
			// lane: answers keep their order.
			continue
		}
		p.done(v.u.ID)
	}
}

// handle waits for v's turn under the rate limit and for a worker, and
// answers it; false if the stop came first.
func (p *poller) handle(v *visit) bool {
	if !p.b.await(p.stop, v) {
		p.b.finish(v, false)
		return false
	}
	select {
	case p.sem <- struct{}{}:
	case <-p.stop.Done():
		p.b.finish(v, false)
		return false
	}
	defer func() { <-p.sem }()
	return p.b.serve(p.work, v)
}

// done marks an update handled, so that the offset may pass it.
func (p *poller) done(id int64) {
	p.mu.Lock()
	delete(p.inHand, id)
	p.mu.Unlock()
	select {
	case p.finished <- struct{}{}:
	default:
	}
}

// wait waits for every lane to finish what it started.
func (p *poller) wait() { p.wg.Wait() }

// workContext is the context replies run in: it outlives ctx by the grace
// period, so that a stop lets replies in flight finish instead of cutting
// them off mid-request.
func (b *Bot) workContext(ctx context.Context) (context.Context, func()) {
	work, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(b.cfg.grace, cancel) })
	return work, func() { stop(); cancel() }
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
	if !b.HandleUpdate(ctx, u) {
		return http.StatusServiceUnavailable // stopped first: Telegram resends it
	}
	w.WriteHeader(http.StatusOK)
	return http.StatusOK
}
