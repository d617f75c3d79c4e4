// Package bot is planbot on Telegram: it carries staff's questions from
// private chats, work groups and inline queries to the answering engine and
// its cited answers back, formatted for a phone.
//
// It is its own package so that everything Telegram-specific — the Bot API
// client, retries, access control, formatting limits and the webhook server
// — stays out of the answering layer, and so that `planbot serve` is only
// flag parsing around Run. It reads no configuration itself: cmd passes it in
// as options.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/data/plan"
	"github.com/planbot/planbot/store"
)

// Engine is what the bot needs of the answering layer; *answer.Engine
// satisfies it. It is declared here, where it is used, so that the bot
// depends on these methods and not on how answers are found.
type Engine interface {
	Ask(ctx context.Context, question string) answer.Answer
	Clause(ctx context.Context, ref string) answer.Answer
	Department(ctx context.Context, name string) answer.Answer
	Targets(ctx context.Context, filter string) answer.Answer
	Search(ctx context.Context, words string) answer.Answer
	Key(question string) string
	Plan() *plan.Plan
	ReloadSynonyms(text string) error
	// FiguresOf is what of an answer a chart can show, for [📊 图表] and /chart.
	FiguresOf(a answer.Answer) answer.Figures
	// Departments resolves a department as asked (水利厅负责哪些, /dept 住建厅)
	// to the plan's names, for the 分工表 of [⬇ Excel].
	Departments(name string) []plan.DepartmentRefs
}

var _ Engine = (*answer.Engine)(nil)

// DefaultExamples returns the questions /help offers as buttons: one for
// each kind of question the engine answers.
func DefaultExamples() []string {
	return []string{
		"遵义2025年城区常住人口目标是多少",
		"餐厨垃圾处理谁负责",
		"省水利厅负责哪些工作",
		"第15条",
		"海绵城市建设有什么要求",
	}
}

// config is everything the options set.
type config struct {
	apiURL        string
	httpClient    *http.Client
	allowedUsers  map[int64]bool
	allowedChats  map[int64]bool
	admins        map[int64]bool
	burst         int
	refill        time.Duration
	queue         int
	typingDelay   time.Duration
	reload        func() (string, error)
	attempts      int
	backoff       time.Duration
	maxBackoff    time.Duration
	maxRetryAfter time.Duration
	pollTimeout   time.Duration
	workers       int
	pollInterval  time.Duration
	parkAfter     time.Duration
	grace         time.Duration
	webhookURL    string
	secret        string
	listen        string
	listener      net.Listener
	examples      []string
	clock         Clock
	answerCache   int
	store         *store.Store
	charts        func(answer.Figures) ([]byte, error)
	sheets        func(depts []string) ([]byte, error)
	fileCache     int
}

// Option configures a Bot.
type Option func(*config)

// WithAPIURL sends Bot API requests to another server: a self-hosted
// telegram-bot-api or a test server.
func WithAPIURL(u string) Option { return func(c *config) { c.apiURL = strings.TrimRight(u, "/") } }

// WithHTTPClient sets the client for Bot API requests; its Timeout should be 0
// because each request gets its own deadline.
func WithHTTPClient(hc *http.Client) Option { return func(c *config) { c.httpClient = hc } }

// WithAllowedUsers lets only these users (and WithAllowedChats' chats) use the bot.
func WithAllowedUsers(ids ...int64) Option { return func(c *config) { addIDs(&c.allowedUsers, ids) } }

// WithAllowedChats lets everyone use the bot in these chats: in the chat
// itself, not in a private chat or inline (the bot cannot cheaply tell
// whether someone is a member of a chat).
func WithAllowedChats(ids ...int64) Option { return func(c *config) { addIDs(&c.allowedChats, ids) } }

// WithAdmins lets these users use /stats and /reload (and the bot itself).
func WithAdmins(ids ...int64) Option { return func(c *config) { addIDs(&c.admins, ids) } }

// WithRateLimit lets each user ask burst questions at once, then one per
// refill, counted from when each was sent.
func WithRateLimit(burst int, refill time.Duration) Option {
	return func(c *config) { c.burst, c.refill = burst, refill }
}

// WithRateQueue lets n questions beyond the rate wait for their turn
// instead of being dropped.
func WithRateQueue(n int) Option { return func(c *config) { c.queue = n } }

// WithTypingDelay shows "typing…" when an answer takes longer than d.
func WithTypingDelay(d time.Duration) Option { return func(c *config) { c.typingDelay = d } }

// WithSynonymsReloader makes /reload call read for the synonyms file's text.
func WithSynonymsReloader(read func() (string, error)) Option {
	return func(c *config) { c.reload = read }
}

// WithRetry makes up to attempts tries of each Bot API call, backing off from
// base up to max after 5xx and network errors.
func WithRetry(attempts int, base, max time.Duration) Option {
	return func(c *config) { c.attempts, c.backoff, c.maxBackoff = attempts, base, max }
}

// WithMaxRetryAfter gives up on a call whose 429 asks to wait longer than d.
func WithMaxRetryAfter(d time.Duration) Option { return func(c *config) { c.maxRetryAfter = d } }

// WithPollTimeout sets how long one getUpdates long poll may wait.
func WithPollTimeout(d time.Duration) Option { return func(c *config) { c.pollTimeout = d } }

// WithWorkers sets how many updates are answered at once when polling.
func WithWorkers(n int) Option { return func(c *config) { c.workers = n } }

// WithPollInterval sets how soon polling asks again while updates it took
// are still being answered: Telegram then answers a poll at once.
func WithPollInterval(d time.Duration) Option { return func(c *config) { c.pollInterval = d } }

// WithParkAfter sets how long an update may wait to be answered (its
// sender's rate-limit queue, a 429's retry_after, a slow answer) before
// polling parks it in the store and confirms it to Telegram, so that
// getUpdates, which gives 100 updates from the first unconfirmed, goes on
// to the updates after it. Without WithStore nothing is parked.
func WithParkAfter(d time.Duration) Option { return func(c *config) { c.parkAfter = d } }

// WithShutdownGrace sets how long replies in flight may take after a stop.
func WithShutdownGrace(d time.Duration) Option { return func(c *config) { c.grace = d } }

// WithWebhook receives updates at publicURL instead of polling; Telegram
// sends secret with each one and requests without it are refused.
func WithWebhook(publicURL, secret string) Option {
	return func(c *config) { c.webhookURL, c.secret = publicURL, secret }
}

// WithListen serves the webhook, /healthz and /metrics on addr.
func WithListen(addr string) Option { return func(c *config) { c.listen = addr } }

// WithListener serves on ln instead of listening on WithListen's address.
func WithListener(ln net.Listener) Option { return func(c *config) { c.listener = ln } }

// WithExamples replaces DefaultExamples in /help.
func WithExamples(qs ...string) Option { return func(c *config) { c.examples = qs } }

// WithAnswerCache keeps the answers to the last n distinct questions and commands; 0 keeps none.
func WithAnswerCache(n int) Option { return func(c *config) { c.answerCache = n } }

// WithCharts offers charts of answers' figures ([📊 图表], /chart), drawn as PNG by draw.
func WithCharts(draw func(answer.Figures) ([]byte, error)) Option {
	return func(c *config) { c.charts = draw }
}

// WithDutySheets offers departments' 分工表 ([⬇ Excel]), written as .xlsx by write for the plan's department names.
func WithDutySheets(write func(depts []string) ([]byte, error)) Option {
	return func(c *config) { c.sheets = write }
}

// WithFileCache keeps the last n charts and 分工表 made, to send again without making them; 0 keeps none.
func WithFileCache(n int) Option { return func(c *config) { c.fileCache = n } }

// WithClock replaces the wall clock for the rate limit, refusals and
// retry waits.
func WithClock(c Clock) Option { return func(cfg *config) { cfg.clock = c } }

// WithStore keeps statistics, feedback, the updates handled and those
// parked in s, which the caller closes after Run.
func WithStore(s *store.Store) Option { return func(c *config) { c.store = s } }

func addIDs(m *map[int64]bool, ids []int64) {
	if *m == nil {
		*m = map[int64]bool{}
	}
	for _, id := range ids {
		(*m)[id] = true
	}
}

// Bot is a running planbot on Telegram. Its methods are safe for concurrent use.
type Bot struct {
	log     *slog.Logger
	engine  Engine
	cfg     config
	token   string
	api     *tg.Bot
	me      *models.User
	clock   Clock
	limit   *limiter
	metrics *metrics
	seen    *ledger
	kept    atomic.Int64 // updates handled written to the store, to forget old ones now and then
	answers *answerCache // nil without one
	files   *fileCache   // nil without one
	prompts *prompts
	reg     *prometheus.Registry

	// draining is closed when Run stops taking updates, so that the webhook
	// asks Telegram to resend rather than accepting what it cannot answer.
	drainOnce sync.Once
	draining  chan struct{}
}

// New connects to the Bot API as the bot with the given token (getMe, with
// retries) and returns a Bot ready to Run.
func New(ctx context.Context, logger *slog.Logger, engine Engine, token string, opts ...Option) (*Bot, error) {
	cfg := config{
		apiURL:        "https://api.telegram.org",
		burst:         DefaultBurst,
		refill:        DefaultRefill,
		queue:         DefaultQueue,
		typingDelay:   700 * time.Millisecond,
		attempts:      4,
		backoff:       250 * time.Millisecond,
		maxBackoff:    5 * time.Second,
		maxRetryAfter: time.Minute,
		pollTimeout:   50 * time.Second,
		workers:       32,
		pollInterval:  500 * time.Millisecond,
		parkAfter:     500 * time.Millisecond,
		grace:         5 * time.Second,
		examples:      DefaultExamples(),
		clock:         realClock{},
		answerCache:   DefaultAnswerCache,
		fileCache:     DefaultFileCache,
	}
	for _, o := range opts {
		o(&cfg)
	}
	token = strings.TrimSpace(token)
	switch {
	case token == "":
		return nil, errors.New("bot: no token")
	case strings.ContainsAny(token, "/?# \t\n"):
		return nil, errors.New("bot: the token has characters a Bot API token cannot have")
	case cfg.webhookURL != "" && cfg.secret == "":
		return nil, errors.New("bot: a webhook needs a secret token")
	case cfg.attempts < 1 || cfg.workers < 1 || cfg.burst < 1:
		return nil, errors.New("bot: attempts, workers and burst must be at least 1")
	case cfg.queue < 0 || cfg.refill < 0 || cfg.parkAfter < 0:
		return nil, errors.New("bot: the rate queue, refill and park delay cannot be negative")
	}
	if cfg.webhookURL != "" {
		u, err := url.Parse(cfg.webhookURL)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return nil, fmt.Errorf("bot: webhook URL %q is not an absolute URL", cfg.webhookURL)
		}
	}
	if cfg.httpClient == nil {
		cfg.httpClient = &http.Client{Transport: apiTransport()}
	}
	reg := prometheus.NewRegistry()
	m, err := newMetrics(reg)
	if err != nil {
		return nil, fmt.Errorf("bot: metrics: %w", err)
	}
	b := &Bot{
		log:      logger,
		engine:   engine,
		cfg:      cfg,
		token:    token,
		clock:    cfg.clock,
		limit:    newLimiter(cfg.burst, cfg.refill, cfg.queue),
		metrics:  m,
		seen:     newLedger(ledgerKeep, ledgerFor),
		answers:  newAnswerCache(cfg.answerCache),
		files:    newFileCache(cfg.fileCache),
		prompts:  newPrompts(),
		reg:      reg,
		draining: make(chan struct{}),
	}
	b.api, err = tg.New(token,
		tg.WithServerURL(cfg.apiURL),
		tg.WithHTTPClient(cfg.pollTimeout, cfg.httpClient),
		tg.WithSkipGetMe(), // done below, with retries and a redacted error
		tg.WithDefaultHandler(func(context.Context, *tg.Bot, *models.Update) {}),
		tg.WithErrorsHandler(func(err error) {
			b.log.Warn("telegram client", "err", b.redact(err))
		}),
	)
	if err != nil {
		return nil, fmt.Errorf("bot: %w", b.redact(err))
	}
	err = b.call(ctx, "getMe", func(ctx context.Context) error {
		me, err := b.api.GetMe(ctx)
		b.me = me
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("bot: connecting to the Bot API at %s: %w", cfg.apiURL, err)
	}
	if cfg.store != nil {
		// This bot's updates only: update IDs are numbered for each bot,
		// and the database may have served another token.
		hs, err := cfg.store.LoadHandled(b.me.ID, b.clock.Now().Add(-ledgerFor), ledgerKeep)
		if err != nil {
			return nil, fmt.Errorf("bot: %w", err)
		}
		b.seen.restore(hs)
	}
	b.log.Info("connected to Telegram", "bot", b.me.Username, "id", b.me.ID, "api", cfg.apiURL)
	return b, nil
}

// apiTransport is DefaultTransport keeping apiIdleConns idle connections
// to the Bot API instead of 2: with more replies than that in flight, each
// one beyond would open a connection and close it after, a handshake per
// reply and a port held in TIME_WAIT for a minute — at a few thousand
// replies a second, more ports than there are.
func apiTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = apiIdleConns
	return t
}

// apiIdleConns is how many connections to the Bot API are kept open. A
// webhook has up to 40 updates in flight (Telegram's max_connections), each
// with its reply and perhaps a typing indicator; polling has the long poll
// and WithWorkers' replies. BenchmarkWebhookConcurrent (40 senders) opens
// 0.59 connections an update with 2 kept, 0.35 with 8, 0.1–0.17 with 16 and
// only the first 40 with 32 or more; 64 leaves room for the indicators.
const apiIdleConns = 64

// The rate limit's defaults: more than staff who tap the examples of /help
// and ask on meet, and a queue that absorbs a flurry of pasted questions.
const (
	DefaultBurst  = 10
	DefaultRefill = 3 * time.Second
	DefaultQueue  = 10
)

// Username is the bot's @username without the @.
func (b *Bot) Username() string { return b.me.Username }

// Run serves until ctx is done: it registers the command menu, then polls for
// updates, or sets the webhook and serves it when WithWebhook was given. On
// return, replies that were in flight have been sent (or the grace period
// passed); an update not yet answered is left to Telegram, which delivers
// it again at the next start.
func (b *Bot) Run(ctx context.Context) error {
	// From the stop on, nothing new is started: what waits is left.
	stopDrain := context.AfterFunc(ctx, func() { b.drainOnce.Do(func() { close(b.draining) }) })
	defer stopDrain()
	if err := b.setCommands(ctx); err != nil {
		// A missing menu is cosmetic; answering matters more.
		b.log.Warn("setting the command menu", "err", err)
	}
	var ln net.Listener
	switch {
	case b.cfg.listener != nil:
		ln = b.cfg.listener
	case b.cfg.listen != "":
		var err error
		if ln, err = net.Listen("tcp", b.cfg.listen); err != nil {
			return fmt.Errorf("bot: %w", err)
		}
	case b.cfg.webhookURL != "":
		return errors.New("bot: a webhook needs an address to listen on")
	}
	var srv *http.Server
	srvErr := make(chan error, 1)
	if ln != nil {
		srv = &http.Server{Handler: b.Handler(), ReadHeaderTimeout: 10 * time.Second}
		b.log.Info("serving HTTP", "addr", ln.Addr().String(), "webhook", b.cfg.webhookURL != "")
		go func() { srvErr <- srv.Serve(ln) }()
	}
	var err error
	if b.cfg.webhookURL != "" {
		err = b.setWebhook(ctx)
		if err == nil {
			work, stopWork := b.workContext(ctx)
			parked := make(chan struct{})
			go func() {
				defer close(parked)
				b.answerParked(work)
			}()
			select {
			case <-ctx.Done():
			case err = <-srvErr:
			}
			b.drainOnce.Do(func() { close(b.draining) })
			<-parked
			stopWork()
		}
	} else {
		if err = b.deleteWebhook(ctx); err == nil {
			err = b.poll(ctx)
		}
	}
	b.drainOnce.Do(func() { close(b.draining) })
	if srv != nil {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.cfg.grace)
		if serr := srv.Shutdown(sctx); serr != nil {
			b.log.Warn("HTTP server did not stop in time", "err", serr)
			_ = srv.Close()
		}
		cancel()
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) && ctx.Err() == nil {
		return err
	}
	b.log.Info("stopped")
	return nil
}

// redact removes the token from an error's text: the library's errors carry
// request URLs, and the token is in every one.
func (b *Bot) redact(err error) error {
	if err == nil || b.token == "" || !strings.Contains(err.Error(), b.token) {
		return err
	}
	return &redactedError{msg: strings.ReplaceAll(err.Error(), b.token, "<token>"), err: err}
}

// redactedError is an error whose text has the token taken out; errors.As
// and errors.Is still see the error it wraps.
type redactedError struct {
	msg string
	err error
}

// Error is the redacted text.
func (e *redactedError) Error() string { return e.msg }

// Unwrap is the original error, for errors.As (429s) and errors.Is.
func (e *redactedError) Unwrap() error { return e.err }
