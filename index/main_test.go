package index

import (
	"fmt"
	"os"
	"testing"
)

// testDictBase keeps the test binary's dictionaries out of the user's cache
// and away from gojieba's module-cache copy.
var testDictBase string

func testDictDir() string { return testDictBase }

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "planbot-index-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testDictBase = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
