// Package store keeps what planbot learns from being used — the questions
// asked, what each was taken for and which clauses answered it, those the
// plan has no answer to, and what staff said of the answers (👍/👎, one
// vote per message) — and which Telegram updates the bot has handled or
// still has to answer, in an embedded bbolt database, so that /stats and
// `planbot report` survive restarts and deploys. It stores questions
// only: no user names or IDs, save those of an update while it waits to be
// answered (see Park).
//
// It is its own package so that the bot and `planbot report` read one
// format, and so that moving to a shared database (several webhook
// replicas) replaces this package and nothing else.
package store

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
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

// The buckets and keys of the file. Numbers in keys are big endian, so
// that keys sort as the numbers do.
const (
	bucketMeta      = "meta"
	bucketQuestions = "questions" // question → JSON Question
	bucketIntents   = "intents"   // intent → count (uint64)
	bucketHandled   = "handled"   // bot ID, when taken (Unix ns), update ID → nothing
	bucketParked    = "parked"    // bot ID, sequence → the update's JSON
	bucketVotes     = "votes"     // voteKey(chat, message) → the vote (1 byte) and the question voted on
	keyVersion      = "version"
	keySalt         = "salt" // the key of voteKey's hash, made at random with the file
	// keyUpdates is where the first layout kept the updates handled (the
	// highest ID and those near it), of whatever bot; Open drops it.
	keyUpdates = "updates"
)

// buckets are every bucket of the file.
func buckets() []string {
	return []string{bucketMeta, bucketQuestions, bucketIntents, bucketHandled, bucketParked, bucketVotes}
}

// Event is one thing to remember: a question answered, or a vote on an
// answer.
type Event struct {
	Question string   // as asked; a command with its argument: "/dept 住建厅"
	Intent   string   // what it was taken for (answer.Intent)
	Reason   string   // why there was no answer (answer.Reason), if none
	Refs     []string // the clauses that answered, best first
	Vote     int      // +1 for 👍, -1 for 👎; 0 when the question was asked
	// Chat and Message are the message voted on (the answer's): a vote
	// replaces the one given before on the same message, so that a double
	// tap, or a tap on a keyboard another client still shows, counts once.
	// Only a keyed hash of the two is written (see voteKey), never the
	// IDs; 0 and 0 make a vote that replaces nothing.
	Chat, Message int64
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
	salt     []byte    // voteKey's key

	queue   chan request
	stopped chan struct{}
	closing sync.Once
	closed  atomic.Bool
	dropped atomic.Int64
	err     atomic.Value // the last write error, for Err
}

// request is one thing for the writer to do: an event, or (with op) a
// change to the updates kept.
type request struct {
	op    op
	ev    Event
	at    time.Time
	flush chan struct{} // closed once everything queued before it is written
	// opHandled, opForget and opUnpark: whose update, which, and for
	// opForget how many of the newest to keep.
	bot, id int64
	keep    int
}

type op int

const (
	opEvent   op = iota
	opHandled    // an update handled: bot, id, at
	opForget     // forget bot's updates handled before at, and all but the newest keep
	opUnpark     // an update parked is answered: bot, sequence id
)

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
	var salt []byte
	if err := db.Update(func(tx *bolt.Tx) error {
		for _, name := range buckets() {
			if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
				return err
			}
		}
		meta := tx.Bucket([]byte(bucketMeta))
		switch v := meta.Get([]byte(keyVersion)); {
		case v == nil:
			if err := meta.Put([]byte(keyVersion), []byte(version)); err != nil {
				return err
			}
		case string(v) != version:
			return fmt.Errorf("written by another version of planbot (layout %q, this one reads %q)", v, version)
		}
		// The first layout's updates were of no bot in particular: a
		// database used with another token would skip its updates.
		if err := meta.Delete([]byte(keyUpdates)); err != nil {
			return err
		}
		salt = bytes.Clone(meta.Get([]byte(keySalt)))
		if len(salt) == 0 {
			salt = make([]byte, 32)
			if _, err := rand.Read(salt); err != nil {
				return fmt.Errorf("making the key of the votes' hash: %w", err)
			}
			return meta.Put([]byte(keySalt), salt)
		}
		return nil
	}); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	s := &Store{db: db, path: path, salt: salt, queue: make(chan request, queueSize), stopped: make(chan struct{})}
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
			case string(name) == bucketHandled && len(k) != 24:
				return fmt.Errorf("an update handled with a key of %d bytes", len(k))
			case string(name) == bucketParked && len(k) != 16:
				return fmt.Errorf("an update parked with a key of %d bytes", len(k))
			case string(name) == bucketVotes && (len(k) != voteKeySize || len(v) < 1):
				return fmt.Errorf("a vote of %d bytes with a key of %d", len(v), len(k))
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
	return s.enqueue(request{op: opEvent, ev: ev, at: time.Now()})
}

// enqueue hands r to the writer without waiting; false if it was dropped.
func (s *Store) enqueue(r request) bool {
	if s.queue == nil || s.closed.Load() {
		return false
	}
	select {
	case s.queue <- r:
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
				if err := s.db.Update(func(tx *bolt.Tx) error { return s.apply(tx, evs) }); err != nil {
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
func (s *Store) apply(tx *bolt.Tx, evs []request) error {
	qs, intents := tx.Bucket([]byte(bucketQuestions)), tx.Bucket([]byte(bucketIntents))
	for _, r := range evs {
		switch r.op {
		case opHandled:
			if err := tx.Bucket([]byte(bucketHandled)).Put(handledKey(r.bot, r.at, r.id), nil); err != nil {
				return err
			}
			continue
		case opForget:
			if err := forgetHandled(tx, r.bot, r.at, r.keep); err != nil {
				return err
			}
			continue
		case opUnpark:
			if err := tx.Bucket([]byte(bucketParked)).Delete(parkedKey(r.bot, uint64(r.id))); err != nil {
				return err
			}
			continue
		}
		key := []byte(cut(r.ev.Question, maxQuestion))
		if len(key) == 0 {
			continue
		}
		q, err := question(qs, key)
		if err != nil {
			return err
		}
		switch {
		case r.ev.Vote != 0:
			if err := s.vote(tx, r.ev, key, &q); err != nil {
				return err
			}
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
		if err := putQuestion(qs, key, q); err != nil {
			return err
		}
	}
	return nil
}

// question reads what is known of a question; the zero Question if nothing.
func question(qs *bolt.Bucket, key []byte) (Question, error) {
	var q Question
	if raw := qs.Get(key); raw != nil {
		if err := json.Unmarshal(raw, &q); err != nil {
			return q, fmt.Errorf("question %q: %w", key, err)
		}
	}
	return q, nil
}

func putQuestion(qs *bolt.Bucket, key []byte, q Question) error {
	raw, err := json.Marshal(q)
	if err != nil {
		return err
	}
	return qs.Put(key, raw)
}

// vote counts ev's vote on question key (q, written by the caller): the
// message's vote, replacing the one it had, if any — taken back from the
// question it was on, which is key's unless a /reload read the message's
// question otherwise.
func (s *Store) vote(tx *bolt.Tx, ev Event, key []byte, q *Question) error {
	v := int8(1)
	if ev.Vote < 0 {
		v = -1
	}
	if ev.Chat != 0 || ev.Message != 0 {
		votes := tx.Bucket([]byte(bucketVotes))
		vk := s.voteKey(ev.Chat, ev.Message)
		if old := votes.Get(vk); len(old) > 0 {
			was, on := int8(old[0]), old[1:]
			if was == v && bytes.Equal(on, key) {
				return nil // the same vote again: nothing changes
			}
			if bytes.Equal(on, key) {
				unvote(q, was)
			} else if err := s.unvoteOn(tx, on, was); err != nil {
				return err
			}
		}
		if err := votes.Put(vk, append([]byte{byte(v)}, key...)); err != nil {
			return err
		}
	}
	if v > 0 {
		q.Up++
	} else {
		q.Down++
	}
	return nil
}

// unvoteOn takes a vote back from another question than the one voted on now.
func (s *Store) unvoteOn(tx *bolt.Tx, key []byte, was int8) error {
	qs := tx.Bucket([]byte(bucketQuestions))
	q, err := question(qs, key)
	if err != nil || qs.Get(key) == nil {
		return err
	}
	unvote(&q, was)
	return putQuestion(qs, key, q)
}

func unvote(q *Question, was int8) {
	switch {
	case was > 0 && q.Up > 0:
		q.Up--
	case was < 0 && q.Down > 0:
		q.Down--
	}
}

// voteKeySize is the bytes of voteKey kept: enough that two messages
// never share one.
const voteKeySize = 16

// voteKey is what a message's vote is kept under: an HMAC-SHA256 of its
// chat and message IDs, keyed with the random salt made with the file and
// cut to 16 bytes. A private chat's ID is its user's, so the IDs are not
// written; a hash keyed with a value of the file cannot be looked up in a
// table made for another file.
func (s *Store) voteKey(chat, message int64) []byte {
	m := hmac.New(sha256.New, s.salt)
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(chat))
	binary.BigEndian.PutUint64(b[8:], uint64(message))
	m.Write(b[:])
	return m.Sum(nil)[:voteKeySize]
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

// Handled is an update the bot handled, as the ledger of updates keeps it
// across a restart.
type Handled struct {
	ID int64     // its update_id
	At time.Time // when it was taken
}

// RecordHandled queues the note that bot (its getMe ID) handled update id,
// taken at at, so that after a restart the update, delivered again, is
// not answered again. Like Record, it never waits, and false means it was
// dropped.
func (s *Store) RecordHandled(bot, id int64, at time.Time) bool {
	return s.enqueue(request{op: opHandled, bot: bot, id: id, at: at})
}

// ForgetHandled queues forgetting bot's updates handled before before, and
// all but the newest keep of the others.
func (s *Store) ForgetHandled(bot int64, before time.Time, keep int) bool {
	return s.enqueue(request{op: opForget, bot: bot, at: before, keep: keep})
}

// LoadHandled forgets what ForgetHandled would, and returns the rest of
// bot's updates handled, oldest first. Another bot's (a database used with
// another token) are not bot's: update IDs are numbered for each bot.
func (s *Store) LoadHandled(bot int64, before time.Time, keep int) ([]Handled, error) {
	var out []Handled
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := forgetHandled(tx, bot, before, keep); err != nil {
			return err
		}
		prefix := binary.BigEndian.AppendUint64(nil, uint64(bot))
		c := tx.Bucket([]byte(bucketHandled)).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			out = append(out, Handled{ID: int64(binary.BigEndian.Uint64(k[16:])), At: time.Unix(0, int64(binary.BigEndian.Uint64(k[8:16])))})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: reading the updates handled: %w", err)
	}
	return out, nil
}

func handledKey(bot int64, at time.Time, id int64) []byte {
	k := binary.BigEndian.AppendUint64(make([]byte, 0, 24), uint64(bot))
	k = binary.BigEndian.AppendUint64(k, uint64(max(at.UnixNano(), 0)))
	return binary.BigEndian.AppendUint64(k, uint64(id))
}

// forgetHandled deletes bot's updates handled before before, and all but
// the newest keep. Keys sort by bot and then by time: the oldest come first.
func forgetHandled(tx *bolt.Tx, bot int64, before time.Time, keep int) error {
	prefix := binary.BigEndian.AppendUint64(nil, uint64(bot))
	c := tx.Bucket([]byte(bucketHandled)).Cursor()
	n := 0
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		n++
	}
	cutoff := handledKey(bot, before, 0)
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); {
		if n <= keep && bytes.Compare(k, cutoff) >= 0 {
			break
		}
		// Delete moves the cursor on in bbolt only sometimes, and the key
		// it stood on may go with it: seek past a copy.
		k = bytes.Clone(k)
		if err := c.Delete(); err != nil {
			return err
		}
		n--
		k, _ = c.Seek(k)
	}
	return nil
}

// Parked is an update a bot took and has not answered yet.
type Parked struct {
	Seq    uint64 // its place in the order parked, for Unpark
	Update []byte // the update as Park was given it
}

// Park keeps bot's updates, in order, until Unpark: the bot parks those it
// took and has not answered, so that polling may confirm them to Telegram
// (which then delivers the later ones) and a restart answer them. It
// writes at once and returns each update's sequence number. The updates
// hold their sender's and chat's IDs (the answer needs them); the bot
// removes names first, and they stay only until answered.
func (s *Store) Park(bot int64, updates [][]byte) ([]uint64, error) {
	seqs := make([]uint64, 0, len(updates))
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketParked))
		for _, u := range updates {
			seq, err := b.NextSequence()
			if err != nil {
				return err
			}
			if err := b.Put(parkedKey(bot, seq), u); err != nil {
				return err
			}
			seqs = append(seqs, seq)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: parking %d updates: %w", len(updates), err)
	}
	return seqs, nil
}

// Unpark queues forgetting an update parked, once it is answered. Like
// Record, it never waits; a note dropped, or lost in a crash, leaves the
// update to be answered again at the next start.
func (s *Store) Unpark(bot int64, seq uint64) bool {
	return s.enqueue(request{op: opUnpark, bot: bot, id: int64(seq)})
}

// ParkedUpdates is what bot parked and did not unpark, in the order parked.
func (s *Store) ParkedUpdates(bot int64) ([]Parked, error) {
	var out []Parked
	err := s.db.View(func(tx *bolt.Tx) error {
		prefix := binary.BigEndian.AppendUint64(nil, uint64(bot))
		c := tx.Bucket([]byte(bucketParked)).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			out = append(out, Parked{Seq: binary.BigEndian.Uint64(k[8:]), Update: bytes.Clone(v)})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: reading the updates parked: %w", err)
	}
	return out, nil
}

func parkedKey(bot int64, seq uint64) []byte {
	k := binary.BigEndian.AppendUint64(make([]byte, 0, 16), uint64(bot))
	return binary.BigEndian.AppendUint64(k, seq)
}
