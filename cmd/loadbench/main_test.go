package main

import (
	"os"
	"strings"
	"testing"
)

// TestBuildsAsTheDockerfile: the benchmark measures the binary users run, so
// its build must be the Dockerfile's.
func TestBuildsAsTheDockerfile(t *testing.T) {
	text, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	var build string
	for _, line := range strings.Split(string(text), "\n") {
		if strings.HasPrefix(line, "RUN ") && strings.Contains(line, " go build ") {
			build = strings.ReplaceAll(line, `"`, "") // -ldflags="-s -w" as exec sees it
		}
	}
	if build == "" {
		t.Fatal("the Dockerfile has no RUN ... go build line")
	}
	for _, env := range releaseEnv {
		if !strings.Contains(build, " "+env+" ") {
			t.Errorf("the Dockerfile builds without %s:\n%s", env, build)
		}
	}
	if flags := "go " + strings.Join(releaseBuild, " ") + " "; !strings.Contains(build, flags) {
		t.Errorf("the Dockerfile's build differs from the benchmark's %q:\n%s", flags, build)
	}
}

func TestOptionsCheck(t *testing.T) {
	good := options{rounds: 7, duration: 3e9, connections: 64, threads: 2, starts: 7}
	if err := good.check(); err != nil {
		t.Fatalf("the defaults are refused: %v", err)
	}
	for _, tc := range []struct {
		name string
		edit func(*options)
		want string
	}{
		{"no rounds", func(o *options) { o.rounds = 0 }, "--rounds 0"},
		{"fraction of a second", func(o *options) { o.duration = 2500e6 }, "--duration 2.5s: want whole seconds"},
		{"under a second", func(o *options) { o.duration = 500e6 }, "--duration 500ms"},
		{"soak not in steps", func(o *options) { o.soak = 150_000 }, "--soak 150000: want a multiple of 100000 requests"},
		{"more threads than connections", func(o *options) { o.threads = 65 }, "want 1 <= threads <= connections"},
		{"no starts", func(o *options) { o.starts = 0 }, "--starts 0"},
	} {
		o := good
		tc.edit(&o)
		err := o.check()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error holding %q", tc.name, err, tc.want)
		}
	}
}

func TestRatiosPairRounds(t *testing.T) {
	base := []float64{100, 50, 200}
	got := perRound([]float64{90, 40, 100}, base)
	want := []float64{0.9, 0.8, 0.5}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("perRound = %v, want %v", got, want)
		}
	}
	if d := describe(got); d != "0.80x (0.50-0.90)" {
		t.Errorf("describe = %q", d)
	}
	ts := []*target{{name: "a"}, {name: "b"}, {name: "c"}}
	names := func(r int) (s string) {
		for _, t := range roundOrder(ts, r) {
			s += t.name
		}
		return s
	}
	if names(1) != "abc" || names(2) != "cba" || names(3) != "abc" || ts[0].name != "a" {
		t.Errorf("round orders %s %s %s, and the list became %s", names(1), names(2), names(3), ts[0].name)
	}
}
