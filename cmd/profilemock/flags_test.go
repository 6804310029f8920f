package main

import (
	"strings"
	"testing"
)

// TestHelpGoesToStdout: --help (and -h) of every subcommand prints its usage
// and flags on stdout, so that a pipe to less shows it, and exits 0; a usage
// error still goes to stderr, in one line naming the flag, with exit 2.
func TestHelpGoesToStdout(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string // on stdout
	}{
		{[]string{"serve", "--help"}, []string{"usage of profilemock serve:", "-check-responses", "-no-journal", "-no-watch", "-no-log-limit"}},
		{[]string{"serve", "-h"}, []string{"usage of profilemock serve:", "-journal-size N"}},
		{[]string{"contract", "--help"}, []string{"usage of profilemock contract:", "-fixtures file"}},
		{[]string{"proxy", "--help"}, []string{"usage of profilemock proxy:", "-fail-on-violation"}},
		{[]string{"validate", "--help"}, []string{"usage of profilemock validate:", "usage: profilemock validate [--status 200]", "-strict"}},
		{[]string{"openapi", "--help"}, []string{"usage of profilemock openapi:", "-yaml"}},
		{[]string{"healthcheck", "--help"}, []string{"usage of profilemock healthcheck:", "-url URL"}},
		{[]string{"scenarios", "lint", "--help"}, []string{"usage of profilemock scenarios lint:", "usage: profilemock scenarios lint", "-no-builtin"}},
		{[]string{"scenarios", "list", "-h"}, []string{"usage of profilemock scenarios list:", "-scenarios DIR"}},
		{[]string{"scenarios", "--help"}, []string{"usage: profilemock scenarios lint"}},
		{[]string{"--help"}, []string{"usage: profilemock COMMAND"}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, stdout, stderr := call(t, "", tc.args...)
			if code != exitOK {
				t.Errorf("exit %d, want 0", code)
			}
			for _, w := range tc.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout)
				}
			}
			if stderr != "" {
				t.Errorf("stderr = %q, want nothing", stderr)
			}
		})
	}
	for _, args := range [][]string{
		{"serve", "--port"}, {"contract", "--strikt"}, {"proxy", "--nope"}, {"validate", "--x", "f.json"},
		{"openapi", "--json"}, {"healthcheck", "--uri"}, {"scenarios", "lint", "--strict"}, {"scenarios", "list", "--y"},
	} {
		code, stdout, stderr := call(t, "", args...)
		bad := ""
		for _, a := range args {
			if strings.HasPrefix(a, "--") {
				bad = a[1:]
			}
		}
		if code != exitUsage || stdout != "" || strings.Count(stderr, "\n") != 1 ||
			!strings.HasPrefix(stderr, "profilemock "+args[0]) || !strings.Contains(stderr, "flag provided but not defined: "+bad) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and one line on stderr naming the flag", args, code, stdout, stderr)
		}
	}
}
