package index

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// The dictionaries travel inside the binary because gojieba finds its own
// beside its source file in the module cache, which a server the binary was
// copied to does not have. They are gzipped to keep the binary smaller.
// jieba.dict.utf8 is a cut-down copy of gojieba's dictionary, generated
// (package internal/dictgen says what it keeps) because loading all 350,000
// words took most of a second and 120 MB at every start; dict_version.go is
// generated with it. idf.utf8 is a two-line stand-in for the 6 MB original:
// cppjieba only reads it for keyword extraction, which planbot does not use,
// but refuses to start without a non-empty one.
//
//go:generate go run ./internal/dictgen/gendict
//go:generate go run ./internal/dictgen/gent2s
//go:embed dict/*.gz
var dictFS embed.FS

// The files cppjieba needs, in the order gojieba.NewJieba takes their paths.
var dictFiles = [...]string{
	"jieba.dict.utf8",
	"hmm_model.utf8",
	"user.dict.utf8",
	"idf.utf8",
	"stop_words.utf8",
}

// defaultDictBase is where dictionaries go when the caller names no place:
// the user's cache, or the temporary directory where there is no home (a
// service user, a container).
func defaultDictBase() string {
	if d, err := os.UserCacheDir(); err == nil && d != "" {
		return filepath.Join(d, "planbot")
	}
	return filepath.Join(os.TempDir(), "planbot")
}

// extractDicts makes sure the dictionaries are on disk under base (the
// default place when base is "") and returns the paths gojieba.NewJieba takes,
// and whether any file had to be written. Files are written to a temporary
// name and renamed, so a concurrent process either sees a whole file or none
// and two processes extracting at once both succeed.
func extractDicts(base string) (paths []string, wrote bool, err error) {
	if base == "" {
		base = defaultDictBase()
	}
	dir := filepath.Join(base, "jieba-"+dictVersion)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, false, fmt.Errorf("index: dictionary directory: %w", err)
	}
	for _, name := range dictFiles {
		size, err := embeddedSize(name)
		if err != nil {
			return nil, false, err
		}
		p := filepath.Join(dir, name)
		paths = append(paths, p)
		// A file of the right size is taken as good: renames are atomic, so
		// only a whole file can have that name.
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Size() == size {
			continue
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, false, fmt.Errorf("index: dictionary %s: %w", p, err)
		}
		gz, err := dictFS.ReadFile("dict/" + name + ".gz")
		if err != nil {
			return nil, false, fmt.Errorf("index: embedded dictionary %s: %w", name, err)
		}
		if err := writeGunzipped(p, gz); err != nil {
			return nil, false, err
		}
		wrote = true
	}
	return paths, wrote, nil
}

// embeddedSize is the uncompressed size of the embedded dictionary name,
// read from its gzip trailer alone: ReadFile would copy the whole file at
// every start just to compare a size.
func embeddedSize(name string) (int64, error) {
	f, err := dictFS.Open("dict/" + name + ".gz")
	if err != nil {
		return 0, fmt.Errorf("index: embedded dictionary %s: %w", name, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, fmt.Errorf("index: embedded dictionary %s: %w", name, err)
	}
	ra, ok := f.(io.ReaderAt)
	if !ok || fi.Size() < 4 {
		return -1, nil // never matches a file on disk, which is then rewritten
	}
	var trailer [4]byte
	if _, err := ra.ReadAt(trailer[:], fi.Size()-4); err != nil {
		return 0, fmt.Errorf("index: embedded dictionary %s: %w", name, err)
	}
	return gzipSize(trailer[:]), nil
}

// gzipSize is the uncompressed size a gzip member records in its trailer
// (modulo 2³², far above any dictionary).
func gzipSize(gz []byte) int64 {
	if len(gz) < 4 {
		return -1
	}
	return int64(binary.LittleEndian.Uint32(gz[len(gz)-4:]))
}

func writeGunzipped(path string, gz []byte) (err error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return fmt.Errorf("index: embedded dictionary %s: %w", filepath.Base(path), err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("index: extract dictionary: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = io.Copy(tmp, zr); err != nil {
		return fmt.Errorf("index: extract dictionary %s: %w", filepath.Base(path), err)
	}
	if err = zr.Close(); err != nil {
		return fmt.Errorf("index: extract dictionary %s: %w", filepath.Base(path), err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("index: extract dictionary: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("index: extract dictionary: %w", err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("index: extract dictionary: %w", err)
	}
	return nil
}

// checkDictPaths stands in front of gojieba.NewJieba, which panics on a
// missing file and whose C++ core aborts the process on an unreadable one.
func checkDictPaths(paths []string) error {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return fmt.Errorf("index: jieba dictionary: %w", err)
		}
		fi, err := f.Stat()
		f.Close()
		if err != nil {
			return fmt.Errorf("index: jieba dictionary: %w", err)
		}
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("index: jieba dictionary %s is not a regular file", p)
		}
	}
	return nil
}

// sortedUnique returns ss without empty strings and duplicates, sorted, so
// that the same lexicon always serialises, and fingerprints, the same way.
func sortedUnique(ss []string) []string {
	out := make([]string, 0, len(ss))
	seen := make(map[string]bool, len(ss))
	for _, s := range ss {
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}
