package store

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func openT(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func texts(qs []Question) []string {
	var out []string
	for _, q := range qs {
		out = append(out, q.Text)
	}
	return out
}

func TestRecordAndReport(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir)
	for _, e := range []Event{
		{Question: "遵义人口", Intent: "target", Refs: []string{"15"}},
		{Question: "遵义人口", Intent: "target", Refs: []string{"15"}},
		{Question: "遵义人口", Vote: -1},
		{Question: "/dept 住建厅", Intent: "dept", Refs: []string{"G3", "3"}},
		{Question: "/dept 住建厅", Vote: 1},
		{Question: "xyzzy", Intent: "none", Reason: "not_in_plan"},
		{Question: "/dept 宇宙局", Intent: "none", Reason: "no_such_department"},
		{Question: "你好", Intent: "none", Reason: "small_talk"},
		{Question: "北京人口", Intent: "none", Reason: "outside_plan"},
		{Question: "", Intent: "target"}, // nothing asked: not kept
	} {
		if !s.Record(e) {
			t.Fatalf("Record(%+v) dropped", e)
		}
	}
	s.Flush(5 * time.Second)
	check := func(when string, s *Store) {
		t.Helper()
		r, err := s.Report()
		if err != nil {
			t.Fatal(err)
		}
		if r.Asked != 7 || r.Up != 1 || r.Down != 1 {
			t.Errorf("%s: asked %d, 👍 %d, 👎 %d; want 7, 1, 1", when, r.Asked, r.Up, r.Down)
		}
		if want := []Count{{"none", 4}, {"target", 2}, {"dept", 1}}; !slices.Equal(r.ByIntent, want) {
			t.Errorf("%s: by intent %v, want %v", when, r.ByIntent, want)
		}
		if got := texts(r.Unanswered); !slices.Equal(got, []string{"xyzzy", "/dept 宇宙局"}) && !slices.Equal(got, []string{"/dept 宇宙局", "xyzzy"}) {
			t.Errorf("%s: unanswered %q", when, got)
		}
		if got := texts(r.Disliked); !slices.Equal(got, []string{"遵义人口"}) {
			t.Errorf("%s: 👎 %q", when, got)
		}
		if q := r.Questions[0]; q.Text != "遵义人口" || q.Asked != 2 || q.Down != 1 || q.Intent != "target" || !slices.Equal(q.Refs, []string{"15"}) {
			t.Errorf("%s: most asked %+v", when, q)
		}
	}
	check("written", s)
	s.Close()
	check("reopened", openT(t, dir))
}

func TestLocked(t *testing.T) {
	dir := t.TempDir()
	openT(t, dir)
	_, err := Open(dir)
	if err == nil || !strings.Contains(err.Error(), "locked by another process") || !strings.Contains(err.Error(), FileName) {
		t.Errorf("opening a database in use: %v, want an error saying it is locked", err)
	}
}

func TestDamaged(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(path string) error
	}{
		{"not a database", func(path string) error {
			return os.WriteFile(path, []byte(strings.Repeat("这不是数据库", 2000)), 0o600)
		}},
		{"cut short", func(path string) error { return os.Truncate(path, 5000) }},
		{"pages overwritten", func(path string) error {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for i := 2 * 4096; i < len(b); i++ {
				b[i] = 0xAB
			}
			return os.WriteFile(path, b, 0o600)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s := openT(t, dir)
			for i := range 50 {
				s.Record(Event{Question: strings.Repeat("问", i+1), Intent: "topic"})
			}
			s.Close()
			if err := tc.damage(filepath.Join(dir, FileName)); err != nil {
				t.Fatal(err)
			}
			s2, err := Open(dir)
			if err == nil {
				s2.Close()
				t.Fatal("a damaged database opened")
			}
			if !strings.Contains(err.Error(), "damaged") || !strings.Contains(err.Error(), FileName) {
				t.Errorf("error %q does not say the file is damaged", err)
			}
		})
	}
}

// TestReportWhileServing: planbot report reads the snapshot planbot serve
// keeps, since serve holds the database.
func TestReportWhileServing(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir)
	s.Record(Event{Question: "遵义人口", Intent: "target"})
	s.Flush(5 * time.Second)
	r, err := OpenReport(dir)
	if err != nil {
		t.Fatalf("OpenReport while serving: %v", err)
	}
	defer r.Close()
	rep, err := r.Report()
	if err != nil {
		t.Fatal(err)
	}
	if rep.Snapshot.IsZero() || rep.Asked != 1 {
		t.Errorf("report while serving: snapshot %v, asked %d", rep.Snapshot, rep.Asked)
	}
	s.Close()
	r2, err := OpenReport(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	if rep, _ := r2.Report(); !rep.Snapshot.IsZero() || rep.Asked != 1 {
		t.Errorf("report after serve stopped: snapshot %v, asked %d; want the database itself", rep.Snapshot, rep.Asked)
	}
	if _, err := OpenReport(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no database") {
		t.Errorf("report without a database: %v", err)
	}
}

// TestRecordNeverWaits: more events than the queue holds, at once: Record
// returns for each, and every one is written or counted as dropped.
func TestRecordNeverWaits(t *testing.T) {
	s := openT(t, t.TempDir())
	const n = 3 * queueSize
	written := 0
	for i := range n {
		if s.Record(Event{Question: "问题", Intent: "topic", Refs: []string{string(rune('a' + i%26))}}) {
			written++
		}
	}
	s.Flush(10 * time.Second)
	r, err := s.Report()
	if err != nil {
		t.Fatal(err)
	}
	if r.Asked != written || int64(n-written) != s.Dropped() {
		t.Errorf("%d recorded: %d written, %d reported, %d dropped", n, written, r.Asked, s.Dropped())
	}
	if err := s.Err(); err != nil {
		t.Error(err)
	}
}

// TestHandled: the updates handled are kept for each bot apart, and
// forgotten by age and beyond a count, oldest first.
func TestHandled(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir)
	t0 := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	const bot, other = 7000000001, 7000000002
	for i, id := range []int64{900000, 123456, 500, 895000} { // Telegram numbered anew
		s.RecordHandled(bot, id, t0.Add(time.Duration(i)*time.Hour))
	}
	s.RecordHandled(other, 1, t0)
	s.Close()
	s = openT(t, dir)
	ids := func(hs []Handled) []int64 {
		var out []int64
		for _, h := range hs {
			out = append(out, h.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		bot    int64
		before time.Time
		keep   int
		want   []int64
	}{
		{"all", bot, t0, 100, []int64{900000, 123456, 500, 895000}},
		{"another bot's", other, t0, 100, []int64{1}},
		{"a bot with none", 42, t0, 100, nil},
		{"the newest 3", bot, t0, 3, []int64{123456, 500, 895000}},
		{"and younger than 2 hours", bot, t0.Add(2 * time.Hour), 3, []int64{500, 895000}},
	} {
		hs, err := s.LoadHandled(tc.bot, tc.before, tc.keep)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(hs); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	// Forgetting in the background does the same.
	s.ForgetHandled(bot, t0.Add(3*time.Hour), 100)
	s.Flush(5 * time.Second)
	if hs, _ := s.LoadHandled(bot, time.Time{}, 100); !slices.Equal(ids(hs), []int64{895000}) {
		t.Errorf("after ForgetHandled: %v", ids(hs))
	}
	if hs, _ := s.LoadHandled(other, time.Time{}, 100); !slices.Equal(ids(hs), []int64{1}) {
		t.Errorf("another bot's were forgotten: %v", ids(hs))
	}
}

// TestParked: updates parked are kept in order for their bot until
// unparked, across a reopening.
func TestParked(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir)
	const bot = 7000000001
	seqs, err := s.Park(bot, [][]byte{[]byte(`{"update_id":3}`), []byte(`{"update_id":1}`)})
	if err != nil || len(seqs) != 2 {
		t.Fatalf("Park: %v %v", seqs, err)
	}
	more, err := s.Park(bot, [][]byte{[]byte(`{"update_id":2}`)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Park(bot+1, [][]byte{[]byte(`{"update_id":9}`)}); err != nil {
		t.Fatal(err)
	}
	s.Unpark(bot, seqs[1])
	s.Close()
	s = openT(t, dir)
	ps, err := s.ParkedUpdates(bot)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, string(p.Update))
	}
	if want := []string{`{"update_id":3}`, `{"update_id":2}`}; !slices.Equal(got, want) || ps[1].Seq != more[0] {
		t.Errorf("parked %q (%+v), want %q", got, ps, want)
	}
}

// TestOneVotePerMessage: a vote replaces the one given before on the same
// message; votes on other messages count apart; the IDs are not written.
func TestOneVotePerMessage(t *testing.T) {
	const chat, other = 1234567891, 1234567892
	for _, tc := range []struct {
		name     string
		votes    []Event
		up, down int
	}{
		{"one tap", []Event{{Vote: -1, Chat: chat, Message: 10}}, 0, 1},
		{"a double tap", []Event{{Vote: -1, Chat: chat, Message: 10}, {Vote: -1, Chat: chat, Message: 10}}, 0, 1},
		{"👎 👎 👍: the last counts", []Event{{Vote: -1, Chat: chat, Message: 10}, {Vote: -1, Chat: chat, Message: 10}, {Vote: 1, Chat: chat, Message: 10}}, 1, 0},
		{"two messages", []Event{{Vote: -1, Chat: chat, Message: 10}, {Vote: -1, Chat: chat, Message: 11}}, 0, 2},
		{"two chats", []Event{{Vote: 1, Chat: chat, Message: 10}, {Vote: 1, Chat: other, Message: 10}}, 2, 0},
		{"no message", []Event{{Vote: 1}, {Vote: 1}}, 2, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s := openT(t, dir)
			s.Record(Event{Question: "海绵城市", Intent: "topic"})
			for i, v := range tc.votes {
				v.Question = "海绵城市"
				if i == len(tc.votes)-1 {
					s.Close() // the last vote after a restart
					s = openT(t, dir)
				}
				s.Record(v)
			}
			s.Flush(5 * time.Second)
			r, err := s.Report()
			if err != nil {
				t.Fatal(err)
			}
			if r.Up != tc.up || r.Down != tc.down || r.Questions[0].Up != tc.up || r.Questions[0].Down != tc.down {
				t.Errorf("👍 %d 👎 %d, want %d %d", r.Up, r.Down, tc.up, tc.down)
			}
			s.Close()
			db, err := os.ReadFile(filepath.Join(dir, FileName))
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range []int64{chat, other} {
				if strings.Contains(string(db), strconv.FormatInt(id, 10)) || bytes.Contains(db, binary.BigEndian.AppendUint64(nil, uint64(id))) {
					t.Errorf("the database holds the chat ID %d", id)
				}
			}
		})
	}
	// A message's vote moved to another question (a /reload read it
	// otherwise) leaves the first.
	s := openT(t, t.TempDir())
	s.Record(Event{Question: "甲", Vote: -1, Chat: chat, Message: 1})
	s.Record(Event{Question: "乙", Vote: -1, Chat: chat, Message: 1})
	s.Flush(5 * time.Second)
	r, _ := s.Report()
	if r.Down != 1 {
		t.Errorf("a vote moved to another question counts %d times", r.Down)
	}
}

func FuzzRecord(f *testing.F) {
	f.Add("遵义2025城区人口目标")
	f.Add(strings.Repeat("长", 400))
	f.Add("\xff\x00")
	s, err := Open(f.TempDir())
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	f.Fuzz(func(t *testing.T, q string) {
		s.Record(Event{Question: q, Intent: "topic"})
		s.Flush(5 * time.Second)
		r, err := s.Report()
		if err != nil {
			t.Fatal(err)
		}
		if k := cut(q, maxQuestion); k != "" && !slices.Contains(texts(r.Questions), k) {
			t.Fatalf("%q not in the report", k)
		}
	})
}
