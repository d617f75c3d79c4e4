package main

import (
	"context"
	"fmt"
	"io"
)

func runExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return fmt.Errorf("export: not built yet")
}
