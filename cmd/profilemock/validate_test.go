package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// call runs the command line as main would, with its own streams.
func call(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return callEnv(t, nil, stdin, args...)
}

// callEnv is call with an environment.
func callEnv(t *testing.T, environ map[string]string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return environ[k] }
	code = run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// checkStderr wants stderr empty when want is "", and holding want
// otherwise; when the exit code is oneLineOn, it wants exactly one line.
func checkStderr(t *testing.T, stderr, want string, code, oneLineOn int) {
	t.Helper()
	switch {
	case want == "" && stderr != "":
		t.Errorf("stderr = %q, want nothing", stderr)
	case !strings.Contains(stderr, want):
		t.Errorf("stderr = %q, want it to contain %q", stderr, want)
	}
	if code == oneLineOn && strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr = %q, want exactly one line", stderr)
	}
}

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestValidateCommand(t *testing.T) {
	page, err := os.ReadFile("../../schemas/testdata/api-reference.txt")
	if err != nil {
		t.Fatal(err)
	}
	// The page's 200 example: from its first "{" line to the matching "}".
	var example json.RawMessage
	if err := json.NewDecoder(bytes.NewReader(page[bytes.Index(page, []byte("\n{\n")):])).Decode(&example); err != nil {
		t.Fatal(err)
	}
	good := writeFile(t, "good.json", string(example))
	bad := writeFile(t, "bad.json", strings.Replace(string(example), `"status": "SCHEDULED"`, `"status": "LOST"`, 1))
	extra := writeFile(t, "extra.json", `{"errors":[],"warnings":[],"x":1}`)
	notJSON := writeFile(t, "page.html", "<html>")

	cases := []struct {
		name    string
		stdin   string
		args    []string
		code    int
		stdout  string // a line that must appear
		stderr  string
		noValid bool
	}{
		{"valid file", "", []string{"validate", good}, 0, "good.json: valid for status 200 (contract level)", "", false},
		{"valid strict", "", []string{"validate", "--strict", good}, 0, "valid for status 200 (strict level)", "", false},
		{"flags after files", "", []string{"validate", good, "--status", "200", "--strict"}, 0, "(strict level)", "", false},
		{"violation", "", []string{"validate", good, bad}, 1, "bad.json: /customerProfileDataRequestDTO/items/0/status: expected one of SCHEDULED", "", false},
		{"strict unknown field", "", []string{"validate", "--status", "400", "--strict", extra}, 1, "extra.json: /x: expected no undocumented property", "", false},
		{"contract allows unknown field", "", []string{"validate", "--status=500", extra}, 0, "valid for status 500", "", false},
		{"stdin", `{"errors":{}}`, []string{"validate", "--status", "401", "-"}, 1, "-: /errors: expected array, found object", "", false},
		{"stdin 204 empty", "", []string{"validate", "--status", "204", "-"}, 0, "valid for status 204", "", false},
		{"not JSON", "", []string{"validate", notJSON}, 2, "", "page.html: not JSON", false},
		{"missing file", "", []string{"validate", filepath.Join(t.TempDir(), "nope.json")}, 2, "", "nope.json: cannot read: no such file or directory", false},
		{"no files", "", []string{"validate"}, 2, "", "no input", false},
		{"unknown status", "", []string{"validate", "--status", "418", good}, 2, "", "status 418 is not a documented response", false},
		{"unknown flag", "", []string{"validate", "--nope", good}, 2, "", "flag provided but not defined: -nope", false},
		{"quiet", "", []string{"validate", "--quiet", good}, 0, "", "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := call(t, c.stdin, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, c.code, out, errs)
			}
			if !strings.Contains(out, c.stdout) {
				t.Errorf("stdout lacks %q:\n%s", c.stdout, out)
			}
			if !strings.Contains(errs, c.stderr) {
				t.Errorf("stderr lacks %q:\n%s", c.stderr, errs)
			}
			if c.noValid && out != "" {
				t.Errorf("--quiet printed %q", out)
			}
			if strings.Contains(errs, "goroutine") || strings.Count(errs, "\n") > 1 {
				t.Errorf("stderr is not one line: %q", errs)
			}
		})
	}
}

func TestEnvironmentFallback(t *testing.T) {
	var out, errb bytes.Buffer
	extra := writeFile(t, "extra.json", `{"errors":[],"warnings":[],"x":1}`)
	getenv := func(k string) string {
		return map[string]string{"PROFILEMOCK_STATUS": "400", "PROFILEMOCK_STRICT": "true"}[k]
	}
	code := run(context.Background(), []string{"validate", extra}, getenv, strings.NewReader(""), &out, &errb)
	if code != 1 || !strings.Contains(out.String(), "for status 400") {
		t.Errorf("environment not applied: exit %d, %s %s", code, out.String(), errb.String())
	}
	// A flag beats the environment.
	out.Reset()
	code = run(context.Background(), []string{"validate", "--strict=false", extra}, getenv, strings.NewReader(""), &out, &errb)
	if code != 0 {
		t.Errorf("flag did not beat the environment: exit %d, %s", code, out.String())
	}
	bad := func(k string) string {
		if k == "PROFILEMOCK_STATUS" {
			return "two hundred"
		}
		return ""
	}
	errb.Reset()
	if code := run(context.Background(), []string{"validate", extra}, bad, strings.NewReader(""), &out, &errb); code != 2 || !strings.Contains(errb.String(), "PROFILEMOCK_STATUS") {
		t.Errorf("bad environment value: exit %d, %q", code, errb.String())
	}
}
