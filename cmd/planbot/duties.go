package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/planbot/planbot/data/plan"
)

const dutiesUsage = "usage: planbot export duties (--dept NAME | --all) -o FILE.xlsx   (-o - writes to stdout)"

// runDuties writes the 分工表 of a department, or of every department, as
// an Excel workbook.
func runDuties(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export duties", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dept := fs.String("dept", "", "the department, as the plan writes it or by its everyday name (住建厅, 发改委)")
	all := fs.Bool("all", false, "every department: a sheet each, after an index sheet")
	out := fs.String("o", "", "write the workbook to `FILE` (- for stdout)")
	var ef engineFlags
	ef.register(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v\n%s", errUsage, err, dutiesUsage)
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("%w: unexpected %q\n%s", errUsage, fs.Arg(0), dutiesUsage)
	case (*dept == "") == !*all:
		return fmt.Errorf("%w: give one of --dept NAME and --all\n%s", errUsage, dutiesUsage)
	case *out == "":
		return fmt.Errorf("%w: no output file (-o FILE.xlsx)\n%s", errUsage, dutiesUsage)
	}
	var names []string
	var p *plan.Plan
	if *all {
		var err error
		if p, err = ef.parse(); err != nil {
			return err
		}
		for _, d := range p.Departments() {
			names = append(names, d.Name)
		}
	} else {
		// Everyday names (住建厅) are read the way questions are, which
		// takes the engine.
		e, err := ef.load(ctx, newLogger(stderr, getenv))
		if err != nil {
			return err
		}
		defer e.Close()
		p = e.Plan()
		for _, d := range e.Departments(*dept) {
			names = append(names, d.Name)
		}
		if len(names) == 0 {
			return fmt.Errorf("计划的责任单位中没有“%s”", strings.TrimSpace(*dept))
		}
	}
	xlsx, err := dutySheets(p)(names)
	if err != nil {
		return err
	}
	if *out == "-" {
		_, err := stdout.Write(xlsx)
		return err
	}
	if err := os.WriteFile(*out, xlsx, 0o644); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	fmt.Fprintf(stdout, "%s: %s\n", *out, strings.Join(names, "、"))
	return nil
}
