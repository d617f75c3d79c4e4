package bot

import (
	"bytes"
	"cmp"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/planbot/planbot/store"
)

// poll long-polls getUpdates until ctx is done. Each chat's updates are
// answered in order, chats at once, while polling goes on, so that one slow
// chat (a reply waiting out a 429, a sender over the rate) holds up no one
// else. An update is confirmed (by a later getUpdates' offset) only once it
// is handled or parked: an update still waiting after WithParkAfter is
// written to the store, and so is every update left at a stop, and the
// next start answers them. Without a store, what is not handled is left
// unconfirmed, and Telegram delivers it again at the next start.
func (b *Bot) poll(ctx context.Context) error {
	work, stop := b.workContext(ctx)
	defer stop()
	p := &poller{b: b, stop: ctx, work: work, sem: make(chan struct{}, b.cfg.workers),
		lanes: map[lane][]*visit{}, inHand: map[int64]*held{}, finished: make(chan struct{}, 1)}
	p.resume()
	failures := 0
	for ctx.Err() == nil {
		p.park(false)
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
				p.park(true)
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
		fresh := p.takeAll(ups, offset)
		if _, busy := p.offset(); fresh == 0 && (busy || len(ups) > 0) {
			// All Telegram gave back is in hand, or was taken before: ask
			// again once one of them is done, or a little later for what
			// else has come meanwhile (and to park what waits); not more
			// often than ten times an interval, however many are done,
			// which Telegram would refuse with 429s.
			t := time.NewTimer(min(b.cfg.pollInterval, max(b.cfg.parkAfter, b.cfg.pollInterval/10)))
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
		p.room(ctx)
	}
	p.wait()
	// Whatever is left is parked, so that the offset may pass it: the next
	// start answers it.
	p.park(true)
	if offset, _ := p.offset(); offset > 0 {
		// Confirm what was handled or parked now, and nothing after the
		// first update that was neither: otherwise the next start would
		// answer it again, or never.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 3*time.Second)
		if _, err := b.getUpdates(cctx, offset, 1, 0); err != nil {
			b.log.Warn("confirming the last updates; they may be answered again after a restart", "offset", offset, "err", err)
		}
		cancel()
	}
	if inStore, left := p.left(); inStore+left > 0 {
		b.log.Info("stopped with updates not yet answered; the next start answers them", "parked", inStore, "left_to_telegram", left)
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
	next     int64             // past the last update taken: the offset once all before are handled or parked
	seq      uint64            // updates taken, for their order
	inHand   map[int64]*held   // taken and not yet finished, by update ID
	lanes    map[lane][]*visit // the updates waiting in each lane with a goroutine
	finished chan struct{}     // a signal that an update was finished
	wg       sync.WaitGroup
}

// held is an update in hand: taken, not yet finished.
type held struct {
	seq   uint64    // the order taken
	taken time.Time // when, to park it once it has waited parkAfter
	raw   []byte    // as Telegram sent it, to park it
	state parkState
	key   uint64 // parked: its sequence number in the store
	done  bool   // finished while it was being parked
}

type parkState int

const (
	unparked parkState = iota
	parking            // being written to the store
	parked             // in the store: the offset may pass it
)

// maxInHand bounds the updates in hand: past it, polling waits until one
// is done. Each user has at most burst+queue updates waiting, so it takes
// hundreds of people asking at once to reach it.
const maxInHand = 10_000

// offset is the next getUpdates' offset: past the last update taken, or
// the first in hand that is not parked. busy says updates not parked are
// in hand.
func (p *poller) offset() (offset int64, busy bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	offset = p.next
	for id, h := range p.inHand {
		if h.state != parked {
			offset, busy = min(offset, id), true
		}
	}
	return offset, busy
}

// left is how many updates were taken and not handled: parked, and not.
func (p *poller) left() (inStore, unconfirmed int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, h := range p.inHand {
		if h.state == parked {
			inStore++
		} else {
			unconfirmed++
		}
	}
	return inStore, unconfirmed
}

// takeAll takes the updates a getUpdates with offset gave. Those from
// offset to the last taken are in hand or handled: every poll gives them
// again until they are confirmed. Telegram numbers updates in sequence,
// but after a week without any starts again from a random ID, which may be
// lower: a poll that gives only updates below its offset has begun a new
// sequence, and the offset follows it.
func (p *poller) takeAll(ups []polled, offset int64) (fresh int) {
	if len(ups) == 0 {
		return 0
	}
	hi := ups[0].u.ID
	for _, pu := range ups {
		hi = max(hi, pu.u.ID)
	}
	p.mu.Lock()
	from, to := offset, p.next
	if hi < offset {
		p.b.log.Info("Telegram numbers updates anew, below the offset", "offset", offset, "highest", hi)
		from, to = 0, 0
	}
	if hi >= p.next || hi < offset {
		p.next = hi + 1
	}
	p.mu.Unlock()
	for _, pu := range ups {
		if pu.u.ID >= from && pu.u.ID < to {
			continue
		}
		if p.take(pu.u, pu.raw, nil) {
			fresh++
		}
	}
	return fresh
}

// take takes an update, unless it is in hand already; pk is where it is
// parked, when a restart resumes it.
func (p *poller) take(u *models.Update, raw []byte, pk *store.Parked) bool {
	p.mu.Lock()
	if _, ok := p.inHand[u.ID]; ok {
		p.mu.Unlock()
		return false
	}
	p.seq++
	h := &held{seq: p.seq, taken: time.Now(), raw: raw}
	if pk != nil {
		h.state, h.key = parked, pk.Seq
	}
	p.inHand[u.ID] = h
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

// resume takes, before the first poll, the updates a previous run parked:
// they were taken before anything Telegram has now.
func (p *poller) resume() {
	st := p.b.cfg.store
	if st == nil {
		return
	}
	ps, err := st.ParkedUpdates(p.b.me.ID)
	if err != nil {
		p.b.metrics.errors.WithLabelValues("store").Inc()
		p.b.log.Error("reading the updates parked at the last stop; they are not answered", "err", err)
		return
	}
	if len(ps) > 0 {
		p.b.log.Info("answering the updates parked before the restart", "updates", len(ps))
	}
	for _, pk := range ps {
		u, err := decodeUpdate(pk.Update)
		if err != nil || u.ID == 0 {
			p.b.log.Error("dropping a parked update that cannot be decoded", "err", err)
			st.Unpark(p.b.me.ID, pk.Seq)
			continue
		}
		p.take(u, pk.Update, &pk)
	}
}

// park writes to the store the updates in hand that have waited parkAfter
// (all of them, at a stop), so that the offset may pass them. Without a
// store, or if writing fails, they stay unconfirmed instead.
func (p *poller) park(all bool) {
	st := p.b.cfg.store
	if st == nil {
		return
	}
	now := time.Now()
	p.mu.Lock()
	var hs []*held
	for _, h := range p.inHand {
		if h.state == unparked && (all || now.Sub(h.taken) >= p.b.cfg.parkAfter) {
			hs = append(hs, h)
		}
	}
	slices.SortFunc(hs, func(a, b *held) int { return cmp.Compare(a.seq, b.seq) })
	raws := make([][]byte, len(hs))
	for i, h := range hs {
		h.state, raws[i] = parking, h.raw
	}
	p.mu.Unlock()
	if len(hs) == 0 {
		return
	}
	for i := range raws {
		raws[i] = anonymize(raws[i])
	}
	keys, err := st.Park(p.b.me.ID, raws)
	if err != nil {
		p.b.metrics.errors.WithLabelValues("store").Inc()
		p.b.log.Error("parking updates not yet answered; polling waits for them", "updates", len(hs), "err", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, h := range hs {
		switch {
		case err != nil:
			h.state = unparked
		case h.done:
			// Answered while it was written: forgotten after it, in order.
			st.Unpark(p.b.me.ID, keys[i])
		default:
			h.state, h.key = parked, keys[i]
		}
	}
}

// room waits, while maxInHand updates are in hand, until one is done.
func (p *poller) room(ctx context.Context) {
	for {
		p.mu.Lock()
		n := len(p.inHand)
		p.mu.Unlock()
		if n < maxInHand {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-p.finished:
		}
	}
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

// done marks an update handled, so that the offset may pass it, and
// forgets it in the store if it was parked.
func (p *poller) done(id int64) {
	p.mu.Lock()
	h := p.inHand[id]
	delete(p.inHand, id)
	if h != nil {
		switch h.state {
		case parked:
			p.b.cfg.store.Unpark(p.b.me.ID, h.key)
		case parking:
			h.done = true // park forgets it once written
		}
	}
	p.mu.Unlock()
	select {
	case p.finished <- struct{}{}:
	default:
	}
}

// wait waits for every lane to finish what it started.
func (p *poller) wait() { p.wg.Wait() }

// anonymize removes people's names from an update's JSON before it is
// parked: the store keeps no names. The IDs stay — the answer goes to the
// chat, and the rate limit counts by sender — and so does the rest: a
// number is kept as written, not read as a float.
func anonymize(raw []byte) []byte {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return raw
	}
	var drop func(any)
	drop = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for _, k := range []string{"first_name", "last_name", "username", "language_code"} {
				delete(v, k)
			}
			for _, x := range v {
				drop(x)
			}
		case []any:
			for _, x := range v {
				drop(x)
			}
		}
	}
	drop(v)
	out, err := json.Marshal(v)
	if err != nil {
		return raw
	}
	return out
}

// answerParked answers, in webhook mode, the updates polling parked
// before a restart, one after another in the order they were taken; a
// stop leaves the rest parked.
func (b *Bot) answerParked(ctx context.Context) {
	st := b.cfg.store
	if st == nil {
		return
	}
	ps, err := st.ParkedUpdates(b.me.ID)
	if err != nil {
		b.metrics.errors.WithLabelValues("store").Inc()
		b.log.Error("reading the updates parked at the last stop; they are not answered", "err", err)
		return
	}
	for _, pk := range ps {
		u, err := decodeUpdate(pk.Update)
		if err != nil || u.ID == 0 {
			b.log.Error("dropping a parked update that cannot be decoded", "err", err)
			st.Unpark(b.me.ID, pk.Seq)
			continue
		}
		if !b.HandleUpdate(ctx, u) {
			return
		}
		st.Unpark(b.me.ID, pk.Seq)
	}
}

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
