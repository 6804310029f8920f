package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/profilemock/profilemock/schemas"
)

func TestOpenAPICommand(t *testing.T) {
	dir := t.TempDir()
	defaultDoc, err := schemas.OpenAPI(schemas.OpenAPIOptions{})
	if err != nil {
		t.Fatal(err)
	}
	custom, err := schemas.OpenAPI(schemas.OpenAPIOptions{ServerURL: "https://dealer.example.org", BasePath: "/api/v2"})
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		args    []string
		environ map[string]string
		code    int
		stderr  string // substring; "" means stderr must be empty
		file    string // where the document goes; "" means stdout
		want    []byte // the JSON document the output must hold; nil skips the check
		yaml    bool   // the output is the YAML form of want
	}{
		{"json to stdout", nil, nil, exitOK, "", "", defaultDoc, false},
		{"server and base path", []string{"--server", "https://dealer.example.org", "--base-path", "/api/v2"}, nil, exitOK, "", "", custom, false},
		{"server and base path from environment", nil, map[string]string{"PROFILEMOCK_SERVER": "https://dealer.example.org", "PROFILEMOCK_BASE_PATH": "/api/v2"}, exitOK, "", "", custom, false},
		{"flag beats environment", []string{"--base-path", "/api/v2"}, map[string]string{"PROFILEMOCK_SERVER": "https://dealer.example.org", "PROFILEMOCK_BASE_PATH": "/nope"}, exitOK, "", "", custom, false},
		{"yaml to stdout", []string{"--yaml"}, nil, exitOK, "", "", defaultDoc, true},
		{"yaml from environment", nil, map[string]string{"PROFILEMOCK_YAML": "true"}, exitOK, "", "", defaultDoc, true},
		{"json to a file", []string{"--output", filepath.Join(dir, "openapi.json")}, nil, exitOK, "", filepath.Join(dir, "openapi.json"), defaultDoc, false},
		{"yaml to a file", []string{"--yaml", "--output", filepath.Join(dir, "openapi.yaml")}, nil, exitOK, "", filepath.Join(dir, "openapi.yaml"), defaultDoc, true},
		{"base path without leading slash", []string{"--base-path", "api"}, nil, exitUsage, `base path "api"`, "", nil, false},
		{"base path with trailing slash", []string{"--base-path", "/api/"}, nil, exitUsage, `base path "/api/"`, "", nil, false},
		{"bad base path from environment", nil, map[string]string{"PROFILEMOCK_BASE_PATH": "/"}, exitUsage, `base path "/"`, "", nil, false},
		{"relative server", []string{"--server", "localhost:8080"}, nil, exitUsage, "server URL", "", nil, false},
		{"unwritable output", []string{"--output", filepath.Join(dir, "missing", "openapi.json")}, nil, exitUsage, "no such file or directory", "", nil, false},
		{"stray argument", []string{"extra"}, nil, exitUsage, `unexpected argument "extra"`, "", nil, false},
		{"unknown flag", []string{"--json"}, nil, exitUsage, "flag provided but not defined", "", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := callEnv(t, tt.environ, "", append([]string{"openapi"}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, stderr)
			}
			checkStderr(t, stderr, tt.stderr, code, exitUsage)

			got := []byte(stdout)
			if tt.file != "" {
				if stdout != "" {
					t.Errorf("stdout = %.80q, want nothing when writing to a file", stdout)
				}
				if got, err = os.ReadFile(tt.file); err != nil {
					t.Fatal(err)
				}
			}
			switch {
			case tt.want == nil:
				if stdout != "" {
					t.Errorf("stdout = %.80q, want nothing", stdout)
				}
			case tt.yaml:
				checkYAMLDocument(t, got, tt.want)
			case !bytes.Equal(got, tt.want):
				t.Errorf("output differs from schemas.OpenAPI:\n%.300s", got)
			}
		})
	}
}

// checkYAMLDocument checks that got is YAML with the content of the JSON
// document want, keys in the same order.
func checkYAMLDocument(t *testing.T, got, want []byte) {
	t.Helper()
	if json.Valid(got) {
		t.Fatalf("got JSON, want YAML: %.80q", got)
	}
	asJSON, err := yaml.YAMLToJSON(got)
	if err != nil {
		t.Fatalf("the output is not YAML: %v", err)
	}
	decode := func(b []byte) any {
		var v any
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber() // the int64 bounds must match digit for digit
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if !reflect.DeepEqual(decode(asJSON), decode(want)) {
		t.Errorf("the YAML does not hold the JSON document:\n%.600s", got)
	}
	// Key order: the top-level keys as written, and the page's field order
	// inside a definition (a sorted map would put id first).
	for _, seq := range [][]string{
		{"\nopenapi: 3.1.0\n", "\ninfo:\n", "\nservers:\n", "\npaths:\n", "\ncomponents:\n"},
		{"\n    Communication:\n", "commValue:", "commType:", "commLabel:", "preferred:", "id:"},
	} {
		text := "\n" + string(got)
		at := 0
		for _, s := range seq {
			i := strings.Index(text[at:], s)
			if i < 0 {
				t.Errorf("%q is missing or out of order in the YAML (want the order %q)", s, seq)
				break
			}
			at += i + 1
		}
	}
}
