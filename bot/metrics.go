package bot

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are exported at /metrics. They live in the Bot's own registry, not
// the global one, so that two Bots (as in tests) do not collide.
type metrics struct {
	updates    *prometheus.CounterVec   // by kind: message, command, edited, callback, inline, other, duplicate, ignored, refused, limited, queued
	votes      *prometheus.CounterVec   // 👍/👎 by vote: up, down
	answers    *prometheus.CounterVec   // by intent
	errors     *prometheus.CounterVec   // by kind: send, panic, decode, poll, webhook_auth, store, file
	files      *prometheus.CounterVec   // charts and 分工表 sent, by kind (chart, sheet) and whence (made, cache)
	latency    prometheus.Histogram     // from receiving an update to its reply being sent
	apiCalls   *prometheus.CounterVec   // Bot API requests by method and outcome
	apiLatency *prometheus.HistogramVec // Bot API request latency, retries included
	webhook    *prometheus.CounterVec   // webhook requests by status code
	// Questions answered from the answer cache, and asked of the engine
	// with one; resolved once, since every question counts one of them.
	cacheHits, cacheMisses prometheus.Counter
}

func newMetrics(reg *prometheus.Registry) (*metrics, error) {
	m := &metrics{
		updates: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "planbot_updates_total", Help: "Telegram updates received, by kind.",
		}, []string{"kind"}),
		votes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "planbot_votes_total", Help: "Votes on answers, by vote (up, down).",
		}, []string{"vote"}),
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "planbot_answers_total", Help: "Questions answered, by the intent found.",
		}, []string{"intent"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "planbot_errors_total", Help: "Errors, by kind.",
		}, []string{"kind"}),
		files: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "planbot_files_total", Help: "Charts and 分工表 sent, by kind (chart, sheet) and whether made for it or taken from the file cache.",
		}, []string{"kind", "from"}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "planbot_update_duration_seconds", Help: "Time to handle one update, replies included.",
			Buckets: prometheus.ExponentialBuckets(0.005, 2, 12),
		}),
		apiCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "planbot_telegram_requests_total", Help: "Bot API requests, by method and outcome (ok, retry, error).",
		}, []string{"method", "outcome"}),
		apiLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "planbot_telegram_request_duration_seconds", Help: "Bot API request time, retries included.",
			Buckets: prometheus.ExponentialBuckets(0.01, 2, 12),
		}, []string{"method"}),
		webhook: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "planbot_webhook_requests_total", Help: "Webhook requests, by HTTP status answered.",
		}, []string{"code"}),
	}
	cache := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "planbot_answer_cache_total", Help: "Questions looked up in the answer cache, by outcome (hit, miss).",
	}, []string{"outcome"})
	m.cacheHits, m.cacheMisses = cache.WithLabelValues("hit"), cache.WithLabelValues("miss")
	for _, c := range []prometheus.Collector{
		m.updates, m.votes, m.answers, m.errors, m.files, m.latency, m.apiCalls, m.apiLatency, m.webhook, cache,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}
