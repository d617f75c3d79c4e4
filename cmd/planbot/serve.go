package main

import (
	"context"
	"fmt"
	"io"
)

// runServe runs the Telegram bot. TODO(bot issue): implemented by the bot issue.
func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return fmt.Errorf("serve: not built yet")
}
