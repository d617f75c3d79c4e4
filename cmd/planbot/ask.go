package main

import (
	"context"
	"fmt"
	"io"
)

func runAsk(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	return fmt.Errorf("ask: not built yet")
}

func runChat(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	return fmt.Errorf("chat: not built yet")
}
