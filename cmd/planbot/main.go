// Command planbot answers questions about a development plan with exact,
// cited figures: on the command line (ask, chat, chart, export) and on
// Telegram (serve), and reports what the bot was asked (report).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// errUsage marks an error in how planbot was called: exit status 2.
var errUsage = errors.New("usage")

const usage = `usage:
  planbot ask [--json] QUESTION…     answer questions (- reads one a line from stdin)
  planbot chat                       chat in the terminal
  planbot chart QUESTION -o FILE.png  draw the figures of the answer as a bar chart
  planbot export clauses|targets|departments [--format json|csv]
  planbot export duties (--dept NAME | --all) -o FILE.xlsx   a department's 分工表 as Excel
  planbot serve                      run the Telegram bot (see planbot serve -h)
  planbot report [--format text|csv] what the bot was asked, unanswered and 👎 questions`

// run is planbot: main without the process around it, so tests call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: no command given\n%s", errUsage, usage)
	}
	switch args[0] {
	case "export":
		return runExport(ctx, args[1:], getenv, stdout, stderr)
	case "ask":
		return runAsk(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "chart":
		return runChart(ctx, args[1:], getenv, stdout, stderr)
	case "chat":
		return runChat(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], getenv, stdout, stderr)
	case "report":
		return runReport(args[1:], getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return fmt.Errorf("%w: unknown command %q\n%s", errUsage, args[0], usage)
}

// exitCode prints err and turns it into the process's exit status.
func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintln(stderr, "planbot:", err)
		return 2
	}
	fmt.Fprintln(stderr, "planbot:", err)
	return 1
}
