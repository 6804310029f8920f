package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/profilemock/profilemock/schemas"
)

// builtinFiles holds the built-in library. Only Builtin reads it.
//
//go:embed builtin/*.yaml
var builtinFiles embed.FS

// Builtin returns the built-in scenario files (builtin/*.yaml beside this package), as a file system
// whose root holds the files.
func Builtin() fs.FS {
	sub, err := fs.Sub(builtinFiles, "builtin")
	if err != nil {
		// Unreachable: "builtin" is a valid path and embedded.
		panic("scenarios: " + err.Error())
	}
	return sub
}

// BuiltinLabel is the Label of the built-in source in LoadDefault, and so in messages.
const BuiltinLabel = "builtin"

// Source is a folder of scenario files: every *.yaml and *.yml file in the root of FS (not in
// sub-folders; names starting with a dot are skipped).
type Source struct {
	FS fs.FS
	// Label is shown in messages and in Scenario.Source before the file name, e.g. "builtin" or the
	// directory's path.
	Label string
	// Proven says this project's own tests render and validate every response of these files
	// (the built-in library), so Load skips rendering them against the contract: that check is
	// most of the cost of starting the server, and CI starts it many times a day.
	Proven bool
}

// maxFileSize bounds one scenario file; the largest sensible one is a few kilobytes.
const maxFileSize = 1 << 20

// Load reads the sources in order and returns the catalog. A scenario of a later source replaces the
// one of the same name from an earlier source; two files of one source may not share a name. set is
// the contract every on-contract response is checked against (nil: Load compiles it, unless every
// source is Proven and there is nothing to check).
//
// A bad file refuses the whole load: the error joins (errors.Join) every problem of every file, each
// a *Problem ("file:line: what is wrong"), in file order. See Problems.
func Load(set *schemas.Set, sources ...Source) (*Catalog, error) {
	needSet := false
	for _, src := range sources {
		needSet = needSet || !src.Proven
	}
	if set == nil && needSet {
		var err error
		if set, err = schemas.Load(); err != nil {
			return nil, fmt.Errorf("scenarios: loading the contract: %w", err)
		}
	}
	var problems []error
	byName := map[string]*Scenario{}
	for _, src := range sources {
		files, err := scenarioFiles(src.FS)
		if err != nil {
			problems = append(problems, &Problem{File: labelOr(src.Label, "."), Message: "cannot read the scenario folder: " + err.Error()})
			continue
		}
		inSource := map[string]*Scenario{}
		for _, name := range files {
			file := joinLabel(src.Label, name)
			data, err := readFile(src.FS, name)
			if err != nil {
				problems = append(problems, &Problem{File: file, Message: err.Error()})
				continue
			}
			check := set
			if src.Proven {
				check = nil
			}
			sc, nameLine, ps := parseFile(file, data, check)
			problems = append(problems, ps...)
			if sc == nil {
				continue
			}
			if prev, dup := inSource[sc.Name]; dup {
				problems = append(problems, &Problem{File: file, Line: nameLine,
					Message: fmt.Sprintf("name: %q is already the name of the scenario at %s (one scenario per name in a folder)", sc.Name, prev.Source)})
				continue
			}
			inSource[sc.Name] = sc
			byName[sc.Name] = sc
		}
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	c := &Catalog{byName: byName}
	for _, s := range byName {
		c.sorted = append(c.sorted, s)
	}
	sort.Slice(c.sorted, func(i, j int) bool { return c.sorted[i].Name < c.sorted[j].Name })
	for _, s := range c.sorted {
		if !s.Match.IsZero() {
			c.matched = append(c.matched, s)
		}
	}
	return c, nil
}

// LoadDefault loads the built-in library (when withBuiltin) and then the files of dir (when dir is
// not ""), so that a file in dir named like a built-in scenario replaces it. Messages name dir's
// files by the cleaned dir path: "mocks/slow.yaml".
func LoadDefault(set *schemas.Set, dir string, withBuiltin bool) (*Catalog, error) {
	var sources []Source
	if withBuiltin {
		sources = append(sources, Source{FS: Builtin(), Label: BuiltinLabel, Proven: true})
	}
	if dir != "" {
		sources = append(sources, Source{FS: os.DirFS(dir), Label: filepath.Clean(dir)})
	}
	return Load(set, sources...)
}

// scenarioFiles lists the scenario files in the root of fsys, sorted.
func scenarioFiles(fsys fs.FS) ([]string, error) {
	if fsys == nil {
		return nil, errors.New("no file system")
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || strings.HasPrefix(n, ".") || !(strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml")) {
			continue
		}
		names = append(names, n)
	}
	sort.Strings(names)
	return names, nil
}

func readFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", err)
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("larger than %d KiB: a scenario file is a few lines of YAML", maxFileSize>>10)
	}
	return data, nil
}

func labelOr(label, def string) string {
	if label == "" {
		return def
	}
	return label
}

// joinLabel puts a source's label in front of a file name: "builtin/slow.yaml".
func joinLabel(label, name string) string {
	if label == "" {
		return name
	}
	return strings.TrimSuffix(label, "/") + "/" + name
}
