package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/planbot/planbot/data"
	"github.com/planbot/planbot/data/plan"
)

// Each run of ask or chat builds the engine (about a second), so these tests
// put several questions into one run and run in parallel.

const zunyi = "遵义2025城区人口目标"

// jsonAnswer is the answer `planbot ask --json` prints, decoded strictly
// enough to notice a field that went missing.
type jsonAnswer struct {
	Question string `json:"question"`
	Intent   string `json:"intent"`
	Answers  []struct {
		Ref         string   `json:"ref"`
		Chapter     string   `json:"chapter"`
		Section     string   `json:"section"`
		Title       string   `json:"title"`
		Place       string   `json:"place"`
		Label       string   `json:"label"`
		Quote       string   `json:"quote"`
		Departments []string `json:"departments"`
		Targets     []struct {
			Subject string `json:"subject"`
			Metric  string `json:"metric"`
			Year    any    `json:"year"`
			Value   string `json:"value"`
		} `json:"targets"`
	} `json:"answers"`
	Reply string `json:"reply"`
}

// answerLines splits out into lines and decodes each as one answer.
func answerLines(t *testing.T, out string) []jsonAnswer {
	t.Helper()
	var as []jsonAnswer
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			t.Fatalf("line %d is not a JSON object: %v\n%s", len(as)+1, err, sc.Text())
		}
		for _, k := range []string{"question", "intent", "answers", "reply"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("line %d has no %q", len(as)+1, k)
			}
		}
		if string(raw["answers"]) == "null" {
			t.Errorf("line %d: answers is null, want a list", len(as)+1)
		}
		var a jsonAnswer
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("line %d: %v", len(as)+1, err)
		}
		as = append(as, a)
	}
	return as
}

// checkZunyi checks the answer to 遵义2025城区人口目标.
func checkZunyi(t *testing.T, a jsonAnswer) {
	t.Helper()
	if a.Question != zunyi {
		t.Errorf("question %q, want %q", a.Question, zunyi)
	}
	if a.Intent != "target" {
		t.Errorf("intent %q, want target", a.Intent)
	}
	if len(a.Answers) == 0 {
		t.Fatalf("no answers; reply %q", a.Reply)
	}
	r := a.Answers[0]
	if r.Ref != "15" || r.Label != "第15条 做大做强遵义中心城市" || !strings.Contains(r.Quote, "180万左右") {
		t.Errorf("answers[0] = ref %q, label %q, quote %q; want clause 15 quoting 180万左右", r.Ref, r.Label, r.Quote)
	}
	if len(r.Targets) == 0 || r.Targets[0].Subject != "遵义中心城市" || r.Targets[0].Year != 2025.0 || r.Targets[0].Value != "180万左右" {
		t.Errorf("answers[0].targets = %+v, want 遵义中心城市 2025 180万左右 first", r.Targets)
	}
	if head := []rune(a.Reply); !strings.Contains(string(head[:min(len(head), 200)]), "180万左右") {
		t.Errorf("reply does not give 180万左右 in its first 200 characters:\n%s", a.Reply)
	}
}

func TestAskJSON(t *testing.T) {
	t.Parallel()
	r := planbot(t, "", nil, withDicts("ask", "--json", zunyi, "第15条", "火星移民计划")...)
	if r.err != nil {
		t.Fatalf("%v\n%s", r.err, r.stderr)
	}
	as := answerLines(t, r.stdout)
	if len(as) != 3 {
		t.Fatalf("%d answers, want 3:\n%s", len(as), r.stdout)
	}
	checkZunyi(t, as[0])
	if a := as[1]; a.Question != "第15条" || a.Intent != "clause" || len(a.Answers) == 0 || a.Answers[0].Ref != "15" {
		t.Errorf("第15条: question %q, intent %q, %d answers", a.Question, a.Intent, len(a.Answers))
	}
	if a := as[2]; a.Question != "火星移民计划" || a.Intent != "none" || a.Reply == "" {
		t.Errorf("火星移民计划: question %q, intent %q, reply %q; want intent none and a reply", a.Question, a.Intent, a.Reply)
	}
	if r.stderr != "" {
		t.Errorf("stderr: %s", r.stderr)
	}
}

// TestAskStdin answers one question a line, in order, each echoed exactly
// (without a Windows line ending), an empty line included.
func TestAskStdin(t *testing.T) {
	t.Parallel()
	stdin := zunyi + "\n\n第15条\r\n"
	r := planbot(t, stdin, nil, withDicts("ask", "--json", "-")...)
	if r.err != nil {
		t.Fatalf("%v\n%s", r.err, r.stderr)
	}
	if n := strings.Count(r.stdout, "\n"); n != 3 {
		t.Errorf("%d lines, want 3:\n%s", n, r.stdout)
	}
	as := answerLines(t, r.stdout)
	var qs []string
	for _, a := range as {
		qs = append(qs, a.Question)
	}
	if want := []string{zunyi, "", "第15条"}; strings.Join(qs, "|") != strings.Join(want, "|") {
		t.Fatalf("questions %q, want %q", qs, want)
	}
	checkZunyi(t, as[0])
	if a := as[1]; a.Intent != "none" || len(a.Answers) != 0 || a.Reply == "" {
		t.Errorf("empty question: intent %q, %d answers, reply %q; want none, no answers, a hint", a.Intent, len(a.Answers), a.Reply)
	}
	if a := as[2]; a.Intent != "clause" || len(a.Answers) == 0 || a.Answers[0].Ref != "15" {
		t.Errorf("第15条: intent %q, answers %+v", a.Intent, a.Answers)
	}
}

// TestAskText prints the replies as text, each followed by an empty line.
func TestAskText(t *testing.T) {
	t.Parallel()
	r := planbot(t, "", nil, withDicts("ask", zunyi, "第15条")...)
	if r.err != nil {
		t.Fatalf("%v\n%s", r.err, r.stderr)
	}
	replies := strings.Split(strings.TrimSuffix(r.stdout, "\n\n"), "\n\n")
	if len(replies) != 2 {
		t.Fatalf("%d replies, want 2:\n%s", len(replies), r.stdout)
	}
	if !strings.HasPrefix(replies[0], "遵义中心城市 城区常住人口：2025年 180万左右") {
		t.Errorf("reply to %s:\n%s", zunyi, replies[0])
	}
	if !strings.Contains(replies[0], "第15条 做大做强遵义中心城市") {
		t.Errorf("reply to %s does not cite clause 15:\n%s", zunyi, replies[0])
	}
	if !strings.HasPrefix(replies[1], "第15条 做大做强遵义中心城市") {
		t.Errorf("reply to 第15条:\n%s", replies[1])
	}
	if strings.Contains(r.stdout, `"question"`) {
		t.Error("printed JSON without --json")
	}
}

func TestChat(t *testing.T) {
	t.Parallel()
	p, err := plan.Parse(data.GuizhouUrbanization())
	if err != nil {
		t.Fatal(err)
	}
	// The empty line ends the chat: 第38条 after it is never answered.
	r := planbot(t, zunyi+"\n第15条\n\n第38条\n", nil, withDicts("chat")...)
	if r.err != nil {
		t.Fatalf("%v\n%s", r.err, r.stderr)
	}
	out := r.stdout
	banner := "《" + p.Title + "》"
	if p.Title == "" || !strings.HasPrefix(out, "planbot："+banner) {
		t.Errorf("does not open with the plan's title %s:\n%.300s", banner, out)
	}
	for _, want := range []string{"180万左右", "第15条 做大做强遵义中心城市", "> "} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if n := strings.Count(out, "\n> "); n != 3 {
		t.Errorf("%d prompts, want 3 (the first and one after each of 2 answers)", n)
	}
	if strings.Contains(out, "第38条") || !strings.HasSuffix(out, "\n\n> \n") {
		t.Errorf("went on after the empty line that ends the chat:\n%s", out)
	}
}

// TestAskIndexDir keeps the index on disk: the first run builds it, the
// second opens it, and both answer the same. Each run is a process of its
// own, as on the command line: run does not close the engine's index, whose
// lock would make a second run in the same process wait and fail.
func TestAskIndexDir(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "index")
	env := map[string]string{"PLANBOT_LOG_LEVEL": "debug"}
	var outs []string
	for i, logged := range []string{"built index", "opened index"} {
		r := planbotProcess(t, "", env, withDicts("ask", "--json", "--index", dir, zunyi)...)
		if r.err != nil {
			t.Fatalf("run %d: %v\n%s", i+1, r.err, r.stderr)
		}
		if !strings.Contains(r.stderr, logged) {
			t.Errorf("run %d did not log %q:\n%s", i+1, logged, r.stderr)
		}
		as := answerLines(t, r.stdout)
		if len(as) != 1 {
			t.Fatalf("run %d: %d answers, want 1", i+1, len(as))
		}
		checkZunyi(t, as[0])
		outs = append(outs, r.stdout)
		if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err != nil {
			t.Errorf("after run %d: %v", i+1, err)
		}
	}
	if outs[0] != outs[1] {
		t.Errorf("the reopened index answers differently:\n%s\n%s", outs[0], outs[1])
	}
}

// TestAskJobs: questions from stdin answered on several goroutines come out
// in the order they went in, the same answers as on one; a line too long to
// read stops the batch with an error after the answers before it.
func TestAskJobs(t *testing.T) {
	t.Parallel()
	text, err := os.ReadFile(filepath.Join("..", "..", "answer", "testdata", "questions.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(text), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	stdin := strings.Join(lines, "\n") + "\n"
	one := planbot(t, stdin, nil, withDicts("ask", "--json", "--jobs", "1", "-")...)
	four := planbot(t, stdin, nil, withDicts("ask", "--json", "--jobs", "4", "-")...)
	if one.err != nil || four.err != nil {
		t.Fatalf("--jobs 1: %v, --jobs 4: %v\n%s%s", one.err, four.err, one.stderr, four.stderr)
	}
	if n := strings.Count(four.stdout, "\n"); n != len(lines) {
		t.Fatalf("--jobs 4: %d answers to %d questions", n, len(lines))
	}
	if one.stdout != four.stdout {
		t.Errorf("--jobs 4 answers differ from --jobs 1")
	}
	for i, a := range answerLines(t, four.stdout) {
		if a.Question != lines[i] {
			t.Fatalf("answer %d is to %q, want %q: out of order", i, a.Question, lines[i])
		}
	}

	long := lines[0] + "\n" + strings.Repeat("长", 1<<20) + "\n" + lines[1] + "\n"
	r := planbot(t, long, nil, withDicts("ask", "--json", "--jobs", "4", "-")...)
	if r.err == nil || !strings.Contains(r.stderr, "read questions") {
		t.Errorf("a line of 3 MB: err %v, stderr %q; want the read error", r.err, r.stderr)
	}
	if as := answerLines(t, r.stdout); len(as) != 1 || as[0].Question != lines[0] {
		t.Errorf("a line of 3 MB: %d answers before the error, want the one before it", len(as))
	}
}
