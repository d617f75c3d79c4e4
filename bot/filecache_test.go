package bot

import (
	"strings"
	"testing"
)

func TestFileCache(t *testing.T) {
	for _, tc := range []struct {
		name  string
		max   int
		steps string // p KEY: put (made now); i KEY ID: remember a file_id; c: clear; g KEY WANT: get (WANT "-" for a miss, else the data/fileID)
	}{
		{"off", 0, "p a; g a -"},
		{"hit", 2, "p a; g a a/"},
		{"file_id remembered", 2, "p a; i a X; g a a/X"},
		{"file_id forgotten", 2, "p a; i a X; i a -; g a a/"},
		{"least recently sent goes first", 2, "p a; p b; g a a/; p c; g b -; g a a/; g c c/"},
		{"clear", 2, "p a; i a X; c; g a -"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newFileCache(tc.max)
			for _, s := range strings.Split(tc.steps, ";") {
				step := strings.Fields(s)
				switch step[0] {
				case "p":
					_, gen, _ := c.get(step[1])
					c.put(step[1], []byte(step[1]), gen)
				case "i":
					_, gen, _ := c.get(step[1])
					id := step[2]
					if id == "-" {
						id = ""
					}
					c.remember(step[1], id, gen)
				case "c":
					c.clear()
				case "g":
					f, _, ok := c.get(step[1])
					got := "-"
					if ok {
						got = string(f.data) + "/" + f.fileID
					}
					if got != step[2] {
						t.Errorf("%v: %q, want %q", step, got, step[2])
					}
				}
			}
		})
	}
}

// A file made from an answer found before a /reload, or uploaded across
// one, is not kept after it.
func TestFileCacheClearWhileMaking(t *testing.T) {
	c := newFileCache(2)
	_, gen, _ := c.get("a")
	c.clear()
	c.put("a", []byte("old"), gen)
	if _, _, ok := c.get("a"); ok {
		t.Errorf("a file made before a clear was kept after it")
	}
	_, gen, _ = c.get("b")
	c.put("b", []byte("b"), gen)
	c.clear()
	_, gen2, _ := c.get("b")
	c.put("b", []byte("new"), gen2)
	c.remember("b", "old-upload", gen)
	if f, _, _ := c.get("b"); f.fileID != "" {
		t.Errorf("a file_id of before a clear was kept: %q", f.fileID)
	}
}
