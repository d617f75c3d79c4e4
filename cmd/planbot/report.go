package main

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/planbot/planbot/store"
)

const reportUsage = "usage: planbot report [--format text|csv] [--data DIR]"

// runReport prints what the database knows: answers by intent, the
// questions the plan did not answer and those whose answers got a 👎 —
// what /stats shows, in full, for whoever maintains synonyms.txt.
func runReport(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "text, or csv: a row for each question (UTF-8 with BOM, opens in Excel)")
	var df dataFlag
	df.register(fs, getenv)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("%w: %v\n%s", errUsage, err, reportUsage)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected %q\n%s", errUsage, fs.Arg(0), reportUsage)
	}
	if *format != "text" && *format != "csv" {
		return fmt.Errorf("%w: unknown format %q\n%s", errUsage, *format, reportUsage)
	}
	dir, err := df.dir(getenv)
	if err != nil {
		return err
	}
	st, err := store.OpenReport(dir)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer st.Close()
	r, err := st.Report()
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if *format == "csv" {
		return reportCSV(stdout, r)
	}
	return reportText(stdout, r)
}

func reportText(w io.Writer, r store.Report) error {
	var b strings.Builder
	if !r.Snapshot.IsZero() {
		fmt.Fprintf(&b, "（planbot serve 正在使用数据库；以下为 %s 的快照）\n", r.Snapshot.Format(time.DateTime))
	}
	fmt.Fprintf(&b, "已回答问题：%d\n", r.Asked)
	var parts []string
	for _, c := range r.ByIntent {
		parts = append(parts, fmt.Sprintf("%s %d", c.Intent, c.N))
	}
	if len(parts) > 0 {
		fmt.Fprintf(&b, "按意图：%s\n", strings.Join(parts, " · "))
	}
	fmt.Fprintf(&b, "反馈：👍 %d · 👎 %d\n", r.Up, r.Down)
	list := func(title, none string, qs []store.Question, count func(store.Question) int) {
		b.WriteString("\n" + title + "\n")
		if len(qs) == 0 {
			b.WriteString("  " + none + "\n")
		}
		for _, q := range qs {
			fmt.Fprintf(&b, "%5d  %s", count(q), q.Text)
			if len(q.Refs) > 0 {
				fmt.Fprintf(&b, "  （%s：%s）", q.Intent, strings.Join(q.Refs, "、"))
			}
			b.WriteByte('\n')
		}
	}
	list("没有找到答案的问题（可据此补充同义词），按提问次数：", "没有。", r.Unanswered, func(q store.Question) int { return q.Asked })
	list("被点 👎 的回答，按 👎 次数：", "没有。", r.Disliked, func(q store.Question) int { return q.Down })
	_, err := io.WriteString(w, b.String())
	return err
}

// reportCSV writes a row for each question, most asked first, UTF-8 with a
// byte-order mark as export's CSV is.
func reportCSV(w io.Writer, r store.Report) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	rows := [][]string{{"question", "intent", "reason", "refs", "asked", "up", "down", "unanswered", "last"}}
	for _, q := range r.Questions {
		unanswered := ""
		if q.Unanswered() {
			unanswered = "1"
		}
		rows = append(rows, []string{q.Text, q.Intent, q.Reason, strings.Join(q.Refs, "、"),
			strconv.Itoa(q.Asked), strconv.Itoa(q.Up), strconv.Itoa(q.Down), unanswered, q.Last.Format(time.RFC3339)})
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}
