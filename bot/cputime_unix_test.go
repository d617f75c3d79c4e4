//go:build unix

package bot_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used, user and system: unlike
// wall time it does not grow when other processes share the machine, so it
// is the steadier measure of what an update costs.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
