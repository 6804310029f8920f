package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// layers are the top-level folders of the module, lowest first. A package may
// import packages of its own folder and of the folders below it, never of a
// folder above it or beside it: schemas <- scenarios <- mock <- cmd, and
// schemas <- scenarios <- features <- cmd (mock and features never import
// each other). Test files are exempt: a test may use the mock to check the
// suite, for instance.
var layers = map[string]int{
	"schemas":   0,
	"scenarios": 1,
	"mock":      2,
	"features":  2,
	"cmd":       3,
}

// listedPackage is the part of `go list -json` the layout test reads.
type listedPackage struct {
	ImportPath string
	Module     *struct {
		Path string
		Main bool
	}
	Imports []string
	Deps    []string
}

// listPackages runs `go list -deps -json ./...` at the module root and
// returns the module's own packages.
func listPackages(t *testing.T) (module string, pkgs []listedPackage) {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Skipf("no go command to list the packages with: %v", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(out)))
	cmd := exec.Command("go", "list", "-deps", "-json", "./...")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err = cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("reading go list's output: %v", err)
		}
		if p.Module != nil && p.Module.Main {
			module = p.Module.Path
			pkgs = append(pkgs, p)
		}
	}
	if module == "" || len(pkgs) == 0 {
		t.Fatal("go list found none of the module's packages")
	}
	return module, pkgs
}

// layerViolation says why from may not import to, or "" when it may. Both
// are folder paths inside the module ("mock", "schemas/rules").
func layerViolation(from, to string) string {
	top := func(p string) string { first, _, _ := strings.Cut(p, "/"); return first }
	f, tt := top(from), top(to)
	if f == tt {
		return ""
	}
	rf, okf := layers[f]
	rt, okt := layers[tt]
	switch {
	case !okf:
		return "the folder " + f + "/ is not one of the layers (schemas, scenarios, mock, features, cmd)"
	case !okt:
		return "the folder " + tt + "/ is not one of the layers (schemas, scenarios, mock, features, cmd)"
	case rt == rf:
		return f + "/ and " + tt + "/ are beside each other: neither may import the other"
	case rt > rf:
		return tt + "/ is above " + f + "/ (schemas <- scenarios <- mock, features <- cmd)"
	}
	return ""
}

// TestLayout reads the import graph and fails on an import against the
// direction of the layers, so that the layout cannot drift back.
func TestLayout(t *testing.T) {
	module, pkgs := listPackages(t)
	rel := func(p string) (string, bool) { return strings.CutPrefix(p, module+"/") }
	checked := 0
	for _, p := range pkgs {
		from, ok := rel(p.ImportPath)
		if !ok {
			continue
		}
		for _, imp := range p.Imports {
			to, ours := rel(imp)
			if !ours {
				continue
			}
			checked++
			if why := layerViolation(from, to); why != "" {
				t.Errorf("%s imports %s: %s", from, to, why)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no import between the module's packages was checked")
	}
}

// TestLayerRule keeps layerViolation itself honest: every arrow the layout
// forbids is refused, and every one it allows is allowed.
func TestLayerRule(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		ok       bool
	}{
		{"schemas/rules", "schemas", true},
		{"scenarios", "scenarios/profile", true},
		{"scenarios", "schemas", true},
		{"mock", "scenarios", true},
		{"mock", "schemas/rules", true},
		{"features/proxy", "schemas/rules", true},
		{"features", "scenarios/profile", true},
		{"cmd/profilemock", "mock", true},
		{"cmd/profilemock", "features/proxy", true},
		{"schemas", "scenarios", false},
		{"schemas/rules", "mock", false},
		{"scenarios/profile", "mock", false},
		{"scenarios", "features", false},
		{"mock", "features", false},
		{"mock", "features/proxy", false},
		{"features", "mock", false},
		{"features/proxy", "mock/mocktest", false},
		{"mock", "cmd/profilemock", false},
		{"util", "schemas", false},
	} {
		if got := layerViolation(tc.from, tc.to) == ""; got != tc.ok {
			t.Errorf("%s -> %s: allowed %v, want %v", tc.from, tc.to, got, tc.ok)
		}
	}
}
