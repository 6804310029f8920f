package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// scenariosRun runs the command line as main would, with its own environment.
func scenariosRun(t *testing.T, environ map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, func(k string) string { return environ[k] }, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// scenarioDir writes the files into a new directory.
func scenarioDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestScenariosCommand(t *testing.T) {
	good := scenarioDir(t, map[string]string{
		"mine.yaml":    "name: mine\ndescription: my own\nmatch: {token: mine-*, headers: {X-Client: qa}}\nresponse: {status: 204}\n",
		"default.yaml": "name: default\ndescription: our default\nresponse: {status: 500}\n",
		"notes.txt":    "not a scenario",
	})
	bad := scenarioDir(t, map[string]string{
		"bad.yaml":  "name: bad\ndescription: d\nresponse:\n  status: 418\n",
		"also.yaml": "name: also\ndescription: d\nresponse:\n  stauts: 200\n",
	})
	file := filepath.Join(good, "mine.yaml")

	cases := []struct {
		name    string
		env     map[string]string
		args    []string
		code    int
		stdout  []string // lines or parts of lines that must appear
		stderr  string
		exactly string // the whole stdout, when set
		silent  bool   // nothing on stdout
	}{
		{name: "lint the built-in library", args: []string{"scenarios", "lint"}, code: 0, exactly: "ok: 22 scenarios\n"},
		{name: "lint a folder with the library", args: []string{"scenarios", "lint", good}, code: 0, exactly: "ok: 23 scenarios\n"},
		{name: "lint a folder alone", args: []string{"scenarios", "lint", "--no-builtin", good}, code: 0, exactly: "ok: 2 scenarios\n"},
		{name: "lint flags after the folder", args: []string{"scenarios", "lint", good, "--no-builtin"}, code: 0, exactly: "ok: 2 scenarios\n"},
		{name: "lint the folder of the environment", env: map[string]string{"PROFILEMOCK_SCENARIOS": good}, args: []string{"scenarios", "lint"}, code: 0, exactly: "ok: 23 scenarios\n"},
		{name: "lint problems", args: []string{"scenarios", "lint", bad}, code: 1,
			stdout: []string{
				bad + "/also.yaml:4: unknown key \"stauts\" in response (did you mean \"status\"?)",
				bad + "/bad.yaml:4: response.status: 418 is not a documented response of getCustomerProfileData",
			},
			stderr: "profilemock scenarios lint: 2 problem(s)"},
		{name: "lint a missing folder", args: []string{"scenarios", "lint", filepath.Join(good, "nope")}, code: 2, stderr: "no such file or directory"},
		{name: "lint a file", args: []string{"scenarios", "lint", file}, code: 2, stderr: file + " is not a directory"},
		{name: "lint two folders", args: []string{"scenarios", "lint", good, bad}, code: 2, stderr: "unexpected argument"},
		{name: "lint a bad flag", args: []string{"scenarios", "lint", "--strict"}, code: 2, stderr: "flag provided but not defined: -strict"},

		{name: "list the library", args: []string{"scenarios", "list"}, code: 0, stdout: []string{
			`^NAME +STATUS +MATCH +DESCRIPTION$`,
			`^default +200 +\(by name only\) +A complete, realistic profile`,
			`^slow +200 after 2s +token slow-\* +The default profile after a 2 second wait`,
			`^flaky +200, 200, 500 \(cycles\) +token flaky-\* `,
			`^approval-flow +200, 200, 200 \(last repeats\) +token approval-flow-\* `,
			`^truncated-json +200 truncated-json \(off-contract\) +token truncated-json-\* `,
			`^no-content +204 +token no-content-\* `,
		}},
		{name: "list with a folder", args: []string{"scenarios", "list", "--scenarios", good}, code: 0, stdout: []string{
			`^default +500 +\(by name only\) +our default$`,
			`^mine +204 +token mine-\* & header X-Client=qa +my own$`,
			`^with-warnings +200 `,
		}},
		{name: "list the folder alone, from the environment", env: map[string]string{"PROFILEMOCK_SCENARIOS": good, "PROFILEMOCK_NO_BUILTIN": "true"},
			args: []string{"scenarios", "list"}, code: 0,
			exactly: "NAME     STATUS  MATCH                              DESCRIPTION\n" +
				"default  500     (by name only)                     our default\n" +
				"mine     204     token mine-* & header X-Client=qa  my own\n"},
		{name: "list problems", args: []string{"scenarios", "list", "--scenarios", bad}, code: 1, silent: true, stderr: bad + "/bad.yaml:4: response.status: 418"},
		{name: "list takes no argument", args: []string{"scenarios", "list", good}, code: 2, stderr: `unexpected argument "` + good + `"`},
		{name: "bad environment", env: map[string]string{"PROFILEMOCK_NO_BUILTIN": "perhaps"}, args: []string{"scenarios", "list"}, code: 2, stderr: "PROFILEMOCK_NO_BUILTIN"},

		{name: "no subcommand", args: []string{"scenarios"}, code: 2, stderr: "usage: profilemock scenarios lint"},
		{name: "unknown subcommand", args: []string{"scenarios", "check"}, code: 2, stderr: `unknown subcommand "check": want lint or list`},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := scenariosRun(t, tt.env, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout, stderr)
			}
			if (tt.exactly != "" || tt.silent) && stdout != tt.exactly {
				t.Errorf("stdout:\n%q\nwant:\n%q", stdout, tt.exactly)
			}
			for _, want := range tt.stdout {
				if strings.HasPrefix(want, "^") {
					if !regexp.MustCompile("(?m)" + want).MatchString(stdout) {
						t.Errorf("stdout:\n%s\nhas no line matching %s", stdout, want)
					}
				} else if !strings.Contains(stdout, want) {
					t.Errorf("stdout:\n%s\nwant it to contain %s", stdout, want)
				}
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr:\n%s\nwant it to contain %q", stderr, tt.stderr)
			}
		})
	}
}

func TestScenariosInUsage(t *testing.T) {
	_, stdout, _ := scenariosRun(t, nil, "help")
	if !strings.Contains(stdout, "scenarios  lint or list scenario files") {
		t.Errorf("the command list lacks scenarios:\n%s", stdout)
	}
}
