package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/planbot/planbot/chart"
)

const chartUsage = "usage: planbot chart QUESTION -o FILE.png   (-o - writes the PNG to stdout)"

// errNoChart marks a question whose answer holds nothing to chart: not a
// mistake in the command line, so exit status 1 with the sentence saying why.
var errNoChart = errors.New("no chart")

// runChart draws the figures of a question's answer as a PNG bar chart.
func runChart(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("chart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the PNG to `FILE` (- for stdout)")
	var ef engineFlags
	ef.register(fs, getenv)
	words, err := parseInterspersed(fs, args)
	if err != nil {
		return fmt.Errorf("%w: %v\n%s", errUsage, err, chartUsage)
	}
	question := strings.Join(words, " ")
	switch {
	case strings.TrimSpace(question) == "":
		return fmt.Errorf("%w: no question\n%s", errUsage, chartUsage)
	case *out == "":
		return fmt.Errorf("%w: no output file (-o FILE.png)\n%s", errUsage, chartUsage)
	}
	r, err := chart.NewRenderer()
	if err != nil {
		return err
	}
	e, err := ef.load(ctx, newLogger(stderr, getenv))
	if err != nil {
		return err
	}
	defer e.Close()
	figs := e.Figures(ctx, question)
	if len(figs.Sets) == 0 {
		return fmt.Errorf("%w: %s", errNoChart, figs.Why)
	}
	c := chartOf(figs)
	png, err := r.Render(c)
	if err != nil {
		return err
	}
	if *out == "-" {
		_, err := stdout.Write(png)
		return err
	}
	if err := os.WriteFile(*out, png, 0o644); err != nil {
		return fmt.Errorf("write chart: %w", err)
	}
	w, h := r.Size(c)
	var titles []string
	for _, p := range c.Panels {
		titles = append(titles, p.Title)
	}
	fmt.Fprintf(stdout, "%s: %d×%d，%s\n%s\n", *out, w, h, strings.Join(titles, "；"), figs.Caption)
	return nil
}

// parseInterspersed parses flags wherever they stand among the words, as
// `planbot chart 遵义城区人口 -o a.png` puts them after the question.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var words []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return words, nil
		}
		if n := len(args) - fs.NArg(); n > 0 && args[n-1] == "--" {
			return append(words, fs.Args()...), nil // after --, words only
		}
		words = append(words, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
