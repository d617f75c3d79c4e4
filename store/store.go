// Package store keeps what planbot learns from being used — the questions
// asked, what each was taken for and which clauses answered it, those the
// plan has no answer to, and what staff said of the answers (👍/👎) — and
// which Telegram updates the bot has handled, in an embedded bbolt
// database, so that /stats and `planbot report` survive restarts and
// deploys. It stores questions only: no user names or IDs.
//
// It is its own package so that the bot and `planbot report` read one
// format, and so that moving to a shared database (several webhook
// replicas) replaces this package and nothing else.
package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
)

// FileName is the database's file in its directory (--data).
const FileName = "planbot.db"

// snapshotSuffix names the copy planbot serve keeps beside the database
// for `planbot report`: bbolt lets one process at a time open a file it
// writes to.
const snapshotSuffix = ".snapshot"

// version is the layout written; another is refused rather than misread.
const version = "1"

// The buckets and keys of the file.
const (
	bucketMeta      = "meta"
	bucketQuestions = "questions" // question → JSON Question
	bucketIntents   = "intents"   // intent → count (uint64, big endian)
	keyVersion      = "version"
	keyUpdates      = "updates" // JSON updates
)

// Event is one thing to remember: a question answered, or a vote on an
// answer.
type Event struct {
	Question string   // as asked; a command with its argument: "/dept 住建厅"
	Intent   string   // what it was taken for (answer.Intent)
	Reason   string   // why there was no answer (answer.Reason), if none
	Refs     []string // the clauses that answered, best first
	Vote     int      // +1 for 👍, -1 for 👎; 0 when the question was asked
}

// Question is what is known of one question.
type Question struct {
	Text   string    `json:"-"`
	Intent string    `json:"intent"`
	Reason string    `json:"reason,omitempty"`
	Refs   []string  `json:"refs,omitempty"`
	Asked  int       `json:"asked"`
	Up     int       `json:"up,omitempty"`
	Down   int       `json:"down,omitempty"`
	Last   time.Time `json:"last"`
}

// Unanswered says whether the plan had nothing for the question although it
// asked about the plan: the place to look for a synonym that is missing. A
// greeting, a place outside the plan or a year it does not set is no gap in
// the synonyms.
func (q Question) Unanswered() bool {
	return q.Intent == "none" && (q.Reason == "not_in_plan" || q.Reason == "no_such_department")
}

// Count is how many questions were taken for one intent.
type Count struct {
	Intent string
	N      int
}

// Report is everything the database knows, for /stats and `planbot report`.
type Report struct {
	Asked      int        // questions answered
	ByIntent   []Count    // most first
	Up, Down   int        // votes
	Unanswered []Question // most asked first
	Disliked   []Question // with a 👎, most 👎 first
	Questions  []Question // every question, most asked first
	// Snapshot is when the copy read was made, when the database itself
	// was in use by planbot serve; zero when it was read itself.
	Snapshot time.Time
}

// Store is planbot's database. Record never waits for the disk: events go
// to a queue that one goroutine writes in batches. Its methods are safe for
// concurrent use.
type Store struct {
	db       *bolt.DB
	path     string
	snapshot time.Time // non-zero when db is a snapshot, read-only

	queue   chan request
	stopped chan struct{}
	closing sync.Once
	closed  atomic.Bool
	dropped atomic.Int64
	err     atomic.Value // the last write error, for Err
}

type request struct {
	ev    Event
	at    time.Time
	flush chan struct{} // closed once everything queued before it is written
}

// queueSize is how many events may wait for the disk; beyond, Record drops
// them (and counts them) rather than make an answer wait.
const queueSize = 4096

// batchSize is how many events one transaction writes at most.
const batchSize = 256

// snapshotEvery is how stale the snapshot for `planbot report` may get
// while planbot serve writes.
const snapshotEvery = 10 * time.Second

// Open opens or creates the database in dir for planbot serve, which keeps
// it for itself until Close. A file another process holds, or one that is
// damaged, is an error saying so.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	path := filepath.Join(dir, FileName)
	db, err := open(path, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, err
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		for _, name := range []string{bucketMeta, bucketQuestions, bucketIntents} {
			if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
				return err
			}
		}
		meta := tx.Bucket([]byte(bucketMeta))
		switch v := meta.Get([]byte(keyVersion)); {
		case v == nil:
			return meta.Put([]byte(keyVersion), []byte(version))
		case string(v) != version:
			return fmt.Errorf("written by another version of planbot (layout %q, this one reads %q)", v, version)
		}
		return nil
	}); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	s := &Store{db: db, path: path, queue: make(chan request, queueSize), stopped: make(chan struct{})}
	go s.write()
	return s, nil
}

// OpenReport opens the database in dir to read it: the file itself, or,
// while planbot serve holds it, the snapshot serve keeps beside it (the
// Report says when it was made).
func OpenReport(dir string) (*Store, error) {
	path := filepath.Join(dir, FileName)
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("store: no database in %s (planbot serve --data %s creates it): %w", dir, dir, err)
	}
	db, err := open(path, &bolt.Options{ReadOnly: true, Timeout: 200 * time.Millisecond})
	if err == nil {
		return &Store{db: db, path: path}, nil
	}
	if !errors.Is(err, bolt.ErrTimeout) {
		return nil, err
	}
	snap := path + snapshotSuffix
	fi, serr := os.Stat(snap)
	if serr != nil {
		return nil, fmt.Errorf("%w; and it has no snapshot yet: %v", err, serr)
	}
	db, serr = open(snap, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if serr != nil {
		return nil, serr
	}
	return &Store{db: db, path: snap, snapshot: fi.ModTime()}, nil
}

// open opens a bbolt file and reads it through, so that a damaged file is
// found at start and not by a panic on some later read. bbolt panics on
// some damage rather than return an error, or reads outside the file
// (a fault): both are errors here.
func open(path string, opts *bolt.Options) (db *bolt.DB, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			db, err = nil, damaged(path, fmt.Errorf("%v", p))
		}
	}()
	db, err = bolt.Open(path, 0o600, opts)
	switch {
	case errors.Is(err, bolt.ErrTimeout):
		return nil, fmt.Errorf("store: %s is locked by another process (is another planbot serve using the same --data?): %w", path, err)
	case err != nil:
		return nil, damaged(path, err)
	}
	if err := db.View(readAll); err != nil {
		db.Close()
		return nil, damaged(path, err)
	}
	return db, nil
}

// readAll reads every key and value, as a report does, turning a panic
// into an error inside the transaction so that it is still rolled back.
// (bbolt's own Tx.Check panics in a goroutine of its own on some damage,
// which no recover reaches.)
func readAll(tx *bolt.Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
		return b.ForEach(func(k, v []byte) error {
			switch {
			case v == nil:
				return fmt.Errorf("bucket %q: a bucket inside, which planbot never writes", name)
			case string(name) == bucketQuestions:
				var q Question
				if err := json.Unmarshal(v, &q); err != nil {
					return fmt.Errorf("question %q: %w", k, err)
				}
			case string(name) == bucketIntents && len(v) != 8:
				return fmt.Errorf("intent %q: a count of %d bytes", k, len(v))
			}
			return nil
		})
	})
}

func damaged(path string, err error) error {
	return fmt.Errorf("store: %s is damaged or is not a planbot database (%v); move it away and planbot starts a new one", path, err)
}

// Record queues an event to be written. It never waits: when the queue is
// full the event is dropped, counted by Dropped, and false is returned.
func (s *Store) Record(ev Event) bool {
	if s.closed.Load() {
		return false
	}
	select {
	case s.queue <- request{ev: ev, at: time.Now()}:
		return true
	default:
		s.dropped.Add(1)
		return false
	}
}

// Dropped is how many events Record dropped because the disk fell behind.
func (s *Store) Dropped() int64 { return s.dropped.Load() }

// Err is the last error writing events, or nil.
func (s *Store) Err() error {
	if e, ok := s.err.Load().(error); ok {
		return e
	}
	return nil
}

// Flush waits until the events recorded so far are written, or until
// timeout: reports then include them.
func (s *Store) Flush(timeout time.Duration) {
	if s.queue == nil || s.closed.Load() {
		return
	}
	done := make(chan struct{})
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case s.queue <- request{flush: done}:
	case <-t.C:
		return
	}
	select {
	case <-done:
	case <-t.C:
	}
}

// Close writes what is queued and closes the database.
func (s *Store) Close() error {
	s.closing.Do(func() {
		s.closed.Store(true)
		if s.queue != nil {
			close(s.queue)
			<-s.stopped
		}
	})
	return s.db.Close()
}

// write is the one goroutine that writes events: a batch a transaction,
// and the snapshot for `planbot report` when it is stale.
func (s *Store) write() {
	defer close(s.stopped)
	tick := time.NewTicker(snapshotEvery)
	defer tick.Stop()
	dirty := false
	for {
		select {
		case r, ok := <-s.queue:
			if !ok {
				return
			}
			batch := []request{r}
		more:
			for len(batch) < batchSize {
				select {
				case r, ok := <-s.queue:
					if !ok {
						break more
					}
					batch = append(batch, r)
				default:
					break more
				}
			}
			var flushes []chan struct{}
			var evs []request
			for _, r := range batch {
				if r.flush != nil {
					flushes = append(flushes, r.flush)
				} else {
					evs = append(evs, r)
				}
			}
			if len(evs) > 0 {
				if err := s.db.Update(func(tx *bolt.Tx) error { return apply(tx, evs) }); err != nil {
					s.err.Store(fmt.Errorf("store: writing %d events: %w", len(evs), err))
				}
				dirty = true
			}
			if len(flushes) > 0 && dirty {
				s.writeSnapshot()
				dirty = false
			}
			for _, f := range flushes {
				close(f)
			}
		case <-tick.C:
			if dirty {
				s.writeSnapshot()
				dirty = false
			}
		}
	}
}

// writeSnapshot copies the database, consistently, to where `planbot
// report` reads it while serve holds the file.
func (s *Store) writeSnapshot() {
	tmp := s.path + snapshotSuffix + ".tmp"
	err := s.db.View(func(tx *bolt.Tx) error { return tx.CopyFile(tmp, 0o600) })
	if err == nil {
		err = os.Rename(tmp, s.path+snapshotSuffix)
	}
	if err != nil {
		s.err.Store(fmt.Errorf("store: writing the snapshot for planbot report: %w", err))
	}
}

// maxQuestion bounds a question as kept, in bytes.
const maxQuestion = 600

// apply writes events in one transaction.
func apply(tx *bolt.Tx, evs []request) error {
	qs, intents := tx.Bucket([]byte(bucketQuestions)), tx.Bucket([]byte(bucketIntents))
	for _, r := range evs {
		key := []byte(cut(r.ev.Question, maxQuestion))
		if len(key) == 0 {
			continue
		}
		var q Question
		if raw := qs.Get(key); raw != nil {
			if err := json.Unmarshal(raw, &q); err != nil {
				return fmt.Errorf("question %q: %w", key, err)
			}
		}
		switch {
		case r.ev.Vote > 0:
			q.Up++
		case r.ev.Vote < 0:
			q.Down++
		default:
			q.Asked++
			n := uint64(0)
			if raw := intents.Get([]byte(r.ev.Intent)); len(raw) == 8 {
				n = binary.BigEndian.Uint64(raw)
			}
			if err := intents.Put([]byte(r.ev.Intent), binary.BigEndian.AppendUint64(nil, n+1)); err != nil {
				return err
			}
		}
		// The latest reading of the question: a /reload may have changed it.
		if r.ev.Intent != "" {
			q.Intent, q.Reason, q.Refs = r.ev.Intent, r.ev.Reason, r.ev.Refs
		}
		q.Last = r.at.UTC().Truncate(time.Second)
		raw, err := json.Marshal(q)
		if err != nil {
			return err
		}
		if err := qs.Put(key, raw); err != nil {
			return err
		}
	}
	return nil
}

// cut shortens s to at most n bytes on a character boundary.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Report reads everything the database knows.
func (s *Store) Report() (Report, error) {
	r := Report{Snapshot: s.snapshot}
	err := s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket([]byte(bucketIntents)); b != nil {
			if err := b.ForEach(func(k, v []byte) error {
				if len(v) == 8 {
					n := int(binary.BigEndian.Uint64(v))
					r.ByIntent = append(r.ByIntent, Count{string(k), n})
					r.Asked += n
				}
				return nil
			}); err != nil {
				return err
			}
		}
		b := tx.Bucket([]byte(bucketQuestions))
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var q Question
			if err := json.Unmarshal(v, &q); err != nil {
				return fmt.Errorf("question %q: %w", k, err)
			}
			q.Text = string(k)
			r.Questions = append(r.Questions, q)
			r.Up += q.Up
			r.Down += q.Down
			return nil
		})
	})
	if err != nil {
		return Report{}, fmt.Errorf("store: reading %s: %w", s.path, err)
	}
	slices.SortFunc(r.ByIntent, func(a, b Count) int {
		if a.N != b.N {
			return b.N - a.N
		}
		return bytes.Compare([]byte(a.Intent), []byte(b.Intent))
	})
	slices.SortStableFunc(r.Questions, func(a, b Question) int { return b.Asked - a.Asked })
	for _, q := range r.Questions {
		if q.Unanswered() {
			r.Unanswered = append(r.Unanswered, q)
		}
		if q.Down > 0 {
			r.Disliked = append(r.Disliked, q)
		}
	}
	slices.SortStableFunc(r.Disliked, func(a, b Question) int { return b.Down - a.Down })
	return r, nil
}

// updates is the handled Telegram updates as kept across a restart.
type updates struct {
	High int64   `json:"high"`
	Done []int64 `json:"done,omitempty"`
}

// SaveUpdates keeps the highest update ID the bot took and those it handled
// near it, so that after a restart an update Telegram delivers again is
// not answered twice. It writes at once: the bot calls it as it stops.
func (s *Store) SaveUpdates(high int64, done []int64) error {
	raw, err := json.Marshal(updates{High: high, Done: done})
	if err != nil {
		return err
	}
	if err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte(bucketMeta)).Put([]byte(keyUpdates), raw) }); err != nil {
		return fmt.Errorf("store: saving the updates handled: %w", err)
	}
	return nil
}

// Updates is what SaveUpdates kept last.
func (s *Store) Updates() (high int64, done []int64, err error) {
	var u updates
	err = s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketMeta))
		if b == nil {
			return nil
		}
		raw := b.Get([]byte(keyUpdates))
		if raw == nil {
			return nil
		}
		return json.Unmarshal(raw, &u)
	})
	if err != nil {
		return 0, nil, fmt.Errorf("store: reading the updates handled: %w", err)
	}
	return u.High, u.Done, nil
}
