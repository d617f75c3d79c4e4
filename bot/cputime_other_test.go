//go:build !unix

package bot_test

import "time"

// cpuTime is not measured here; the benchmarks then report 0 CPU per update.
func cpuTime() time.Duration { return 0 }
