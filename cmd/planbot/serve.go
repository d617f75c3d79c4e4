package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/chart"
	"github.com/planbot/planbot/store"
)

const serveUsage = `usage: planbot serve [flags]

Runs the Telegram bot: long polling by default, a webhook with --webhook-url.
Each flag falls back to the environment variable named in its description.
`

// runServe runs the Telegram bot until ctx is done (SIGINT/SIGTERM).
func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, serveUsage)
		fs.PrintDefaults()
	}
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	var (
		tokenFile   = fs.String("token-file", env("PLANBOT_TELEGRAM_TOKEN_FILE", ""), "read the bot token from `FILE` (env PLANBOT_TELEGRAM_TOKEN_FILE; else PLANBOT_TELEGRAM_TOKEN)")
		apiURL      = fs.String("api-url", env("PLANBOT_TELEGRAM_API_URL", "https://api.telegram.org"), "Bot API server `URL` (env PLANBOT_TELEGRAM_API_URL)")
		webhookURL  = fs.String("webhook-url", env("PLANBOT_WEBHOOK_URL", ""), "receive updates by webhook at this public `URL` instead of polling (env PLANBOT_WEBHOOK_URL)")
		secretFile  = fs.String("webhook-secret-file", env("PLANBOT_WEBHOOK_SECRET_FILE", ""), "read the webhook secret token from `FILE` (env PLANBOT_WEBHOOK_SECRET_FILE; else PLANBOT_WEBHOOK_SECRET)")
		listen      = fs.String("listen", env("PLANBOT_LISTEN", ""), "serve the webhook, /healthz and /metrics on `ADDR`, e.g. :8080 (env PLANBOT_LISTEN)")
		users       = fs.String("allowed-users", env("PLANBOT_ALLOWED_USERS", ""), "comma-separated user `IDs` allowed to use the bot; empty allows everyone (env PLANBOT_ALLOWED_USERS)")
		chats       = fs.String("allowed-chats", env("PLANBOT_ALLOWED_CHATS", ""), "comma-separated chat `IDs` in which everyone may use the bot, there only: not in private chats or inline (env PLANBOT_ALLOWED_CHATS)")
		admins      = fs.String("admins", env("PLANBOT_ADMINS", ""), "comma-separated user `IDs` who may use /stats and /reload (env PLANBOT_ADMINS)")
		logLevel    = fs.String("log-level", env("PLANBOT_LOG_LEVEL", "info"), "debug, info, warn or error (env PLANBOT_LOG_LEVEL)")
		logJSON     = fs.Bool("log-json", getenv("PLANBOT_LOG_JSON") != "", "log JSON lines instead of text (env PLANBOT_LOG_JSON)")
		pollTimeout = fs.Duration("poll-timeout", 50*time.Second, "how long one getUpdates long poll may wait")
		grace       = fs.Duration("shutdown-grace", 5*time.Second, "how long replies in flight may take after SIGINT/SIGTERM")
		answerCache = fs.String("answer-cache", env("PLANBOT_ANSWER_CACHE", strconv.Itoa(bot.DefaultAnswerCache)), "keep the answers to the last `N` distinct questions; 0 keeps none (env PLANBOT_ANSWER_CACHE)")
		burst       = fs.String("rate-burst", env("PLANBOT_RATE_BURST", strconv.Itoa(bot.DefaultBurst)), "questions a user may ask at once (env PLANBOT_RATE_BURST)")
		perMinute   = fs.String("rate-per-minute", env("PLANBOT_RATE_PER_MINUTE", strconv.Itoa(int(time.Minute/bot.DefaultRefill))), "questions a minute a user may ask after the burst; 0 for no limit (env PLANBOT_RATE_PER_MINUTE)")
		queue       = fs.String("rate-queue", env("PLANBOT_RATE_QUEUE", strconv.Itoa(bot.DefaultQueue)), "questions beyond the rate that wait their turn; more are dropped with one notice (env PLANBOT_RATE_QUEUE)")
		retryAfter  = fs.Duration("max-retry-after", time.Minute, "give up a reply when Telegram asks to wait longer than this (429 retry_after)")
	)
	var df dataFlag
	df.register(fs, getenv)
	var ef engineFlags // --index, --dict-dir and --synonyms (re-read by /reload), as ask and chat take them
	ef.register(fs, getenv)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("%w: serve: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: serve takes no arguments, got %q", errUsage, fs.Args())
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("%w: serve: --log-level %q: %v", errUsage, *logLevel, err)
	}
	hopts := &slog.HandlerOptions{Level: level}
	var handler slog.Handler = slog.NewTextHandler(stderr, hopts)
	if *logJSON {
		handler = slog.NewJSONHandler(stderr, hopts)
	}
	logger := slog.New(handler)

	token, err := secret(*tokenFile, getenv("PLANBOT_TELEGRAM_TOKEN"))
	if err != nil {
		return fmt.Errorf("serve: reading the token: %w", err)
	}
	if token == "" {
		return fmt.Errorf("%w: serve: no bot token: set PLANBOT_TELEGRAM_TOKEN or --token-file (see planbot serve -h)", errUsage)
	}
	webhookSecret, err := secret(*secretFile, getenv("PLANBOT_WEBHOOK_SECRET"))
	if err != nil {
		return fmt.Errorf("serve: reading the webhook secret: %w", err)
	}
	var numbers [4]int
	for i, n := range []struct{ flag, value, want string }{
		{"answer-cache", *answerCache, "a number of answers, 0 for none"},
		{"rate-burst", *burst, "a number of questions, at least 1"},
		{"rate-per-minute", *perMinute, "a number of questions a minute, 0 for no limit"},
		{"rate-queue", *queue, "a number of questions, 0 for none"},
	} {
		v, err := strconv.Atoi(strings.TrimSpace(n.value))
		if err != nil || v < 0 || n.flag == "rate-burst" && v < 1 {
			return fmt.Errorf("%w: serve: --%s %q: want %s", errUsage, n.flag, n.value, n.want)
		}
		numbers[i] = v
	}
	cacheSize, refill := numbers[0], time.Duration(0)
	if numbers[2] > 0 {
		refill = time.Minute / time.Duration(numbers[2])
	}
	opts := []bot.Option{
		bot.WithAPIURL(*apiURL),
		bot.WithPollTimeout(*pollTimeout),
		bot.WithShutdownGrace(*grace),
		bot.WithAnswerCache(cacheSize),
		bot.WithRateLimit(numbers[1], refill),
		bot.WithRateQueue(numbers[3]),
		bot.WithMaxRetryAfter(*retryAfter),
	}
	if *webhookURL != "" {
		if webhookSecret == "" {
			return fmt.Errorf("%w: serve: --webhook-url needs a secret token: set PLANBOT_WEBHOOK_SECRET", errUsage)
		}
		if *listen == "" {
			return fmt.Errorf("%w: serve: --webhook-url needs --listen ADDR", errUsage)
		}
		opts = append(opts, bot.WithWebhook(*webhookURL, webhookSecret))
	}
	if *listen != "" {
		opts = append(opts, bot.WithListen(*listen))
	}
	for _, l := range []struct {
		flag, value string
		opt         func(...int64) bot.Option
	}{{"allowed-users", *users, bot.WithAllowedUsers}, {"allowed-chats", *chats, bot.WithAllowedChats}, {"admins", *admins, bot.WithAdmins}} {
		ids, err := parseIDs(l.value)
		if err != nil {
			return fmt.Errorf("%w: serve: --%s: %v", errUsage, l.flag, err)
		}
		if len(ids) > 0 {
			opts = append(opts, l.opt(ids...))
		}
	}

	if ef.synonyms != "" {
		opts = append(opts, bot.WithSynonymsReloader(ef.readSynonyms))
	}
	// The database first: a damaged or locked one stops the start at once.
	dir, err := df.dir(getenv)
	if err != nil {
		return err
	}
	st, err := store.Open(dir)
	if err != nil {
		return fmt.Errorf("serve: opening the database (--data %s): %w", dir, err)
	}
	defer st.Close()
	opts = append(opts, bot.WithStore(st))
	logger.Info("database", "path", filepath.Join(dir, store.FileName))
	engine, err := ef.load(ctx, logger)
	if err != nil {
		return fmt.Errorf("serve: loading the plan: %w", err)
	}
	defer engine.Close()
	releaseCHeap()
	// Charts and 分工表 are drawn and written here, and handed to the bot
	// as functions: the bot imports neither chart nor sheet.
	renderer, err := chart.NewRenderer()
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	opts = append(opts, bot.WithCharts(drawChart(renderer)), bot.WithDutySheets(dutySheets(engine.Plan())))
	b, err := bot.New(ctx, logger, engine, token, opts...)
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped while connecting
		}
		return fmt.Errorf("serve: %w", err)
	}
	return b.Run(ctx)
}

// secret is the trimmed content of file if one is named, else fallback:
// files keep secrets out of the environment of every child process.
func secret(file, fallback string) (string, error) {
	if file == "" {
		return strings.TrimSpace(fallback), nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}

// parseIDs reads "123, -100456" into Telegram IDs.
func parseIDs(s string) ([]int64, error) {
	var ids []int64
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a numeric Telegram ID", f)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// dataFlag is --data: where planbot keeps its database.
type dataFlag struct{ data string }

func (f *dataFlag) register(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&f.data, "data", getenv("PLANBOT_DATA"), "keep statistics, feedback and the updates handled in `DIR` (env PLANBOT_DATA); default: planbot under the user's state directory ($XDG_STATE_HOME, ~/.local/state)")
}

// dir is --data, or planbot's directory under the user's state directory:
// what planbot learns must outlive a deploy, so not the cache, and is not
// configuration, so not the config directory.
func (f *dataFlag) dir(getenv func(string) string) (string, error) {
	if f.data != "" {
		return f.data, nil
	}
	if d := getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "planbot"), nil
	}
	switch home := getenv("HOME"); {
	case runtime.GOOS == "windows" && getenv("LocalAppData") != "":
		return filepath.Join(getenv("LocalAppData"), "planbot"), nil
	case home == "":
		return "", fmt.Errorf("%w: no --data given and no home directory for the default: set --data DIR or PLANBOT_DATA", errUsage)
	case runtime.GOOS == "darwin":
		return filepath.Join(home, "Library", "Application Support", "planbot"), nil
	default:
		return filepath.Join(home, ".local", "state", "planbot"), nil
	}
}
