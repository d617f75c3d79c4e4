package answer

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/planbot/planbot/data"
)

// The engine takes a second to build (jieba's dictionaries): build it once
// for the whole test binary.
var (
	engineOnce sync.Once
	testEngine *Engine
	engineErr  error
)

// testDicts is where the tests unpack jieba's dictionaries, shared by runs.
var testDicts = filepath.Join(os.TempDir(), "planbot-test-dicts")

// defaultWords are the embedded word lists.
func defaultWords() Words {
	return Words{Synonyms: data.Synonyms(), Cues: data.Cues(), Names: data.Names(), Readings: data.Readings()}
}

func engine(tb testing.TB) *Engine {
	tb.Helper()
	engineOnce.Do(func() {
		testEngine, engineErr = Load(context.Background(), nil, data.GuizhouUrbanization(), defaultWords(), Options{DictDir: testDicts})
	})
	if engineErr != nil {
		tb.Fatalf("load engine: %v", engineErr)
	}
	return testEngine
}
