// Command loadbench measures profilemock under load against a baseline taken
// in the same run: a bare net/http handler, in its own process, that writes
// the very bytes the mock serves. It drives both with wrk (Debian's package),
// alternating them round by round so that a noisy machine hurts both alike,
// and prints ratios, the time from process start to the first 200, and the
// mock's peak RSS. Only 127.0.0.1 is ever loaded; every run is bounded.
//
//	go run ./cmd/loadbench            # about 75 s on 2 cores, plus the build on an empty cache
//	go run ./cmd/loadbench --quick    # a few seconds, to check it works
//	go run ./cmd/loadbench --soak 1000000  # then a million requests, new tokens, long queries, journal on: RSS
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const (
	department = "3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10"
	token      = "bench-1"
	authValue  = "Bearer loadbench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// releaseBuild and releaseEnv build the binary as the Dockerfile does, so
// that the figures are those of what users run: static, stripped, and
// without gin's msgpack codec (tag nomsgpack), which the mock never uses and
// which is a fifth of the binary. TestBuildsAsTheDockerfile keeps the two in step.
var (
	releaseBuild = []string{"build", "-trimpath", "-tags", "nomsgpack", "-ldflags=-s -w"}
	releaseEnv   = []string{"CGO_ENABLED=0"}
)

type options struct {
	bin         string
	rounds      int
	duration    time.Duration
	connections int
	threads     int
	starts      int
	soak        int // requests; 0: no soak
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "bare" {
		return runBare(ctx, args[1:], stderr)
	}
	fs := flag.NewFlagSet("loadbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.bin, "bin", "", "the profilemock binary (default: build ./cmd/profilemock as the Dockerfile does, into a temporary folder)")
	fs.IntVar(&o.rounds, "rounds", 6, "rounds; each round loads every target once, in turn, in the opposite order to the round before")
	fs.DurationVar(&o.duration, "duration", 3*time.Second, "length of one wrk run (whole seconds, as wrk takes it)")
	fs.IntVar(&o.connections, "connections", 64, "wrk connections")
	fs.IntVar(&o.threads, "threads", 2, "wrk threads")
	fs.IntVar(&o.starts, "starts", 7, "process starts timed for the start-up figure")
	fs.IntVar(&o.soak, "soak", 0, "after the rounds, send this many requests (a multiple of 100000), each with a new token and one in eight with an 8 KB query, the journal on, and sample RSS every 100000")
	quick := fs.Bool("quick", false, "one short round: checks the benchmark works, measures nothing worth quoting")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *quick {
		o.rounds, o.duration, o.starts = 1, time.Second, 2
	}
	if err := o.check(); err != nil {
		fmt.Fprintf(stderr, "loadbench: %v\n", err)
		return 2
	}
	if _, err := exec.LookPath("wrk"); err != nil {
		fmt.Fprintln(stderr, "loadbench: wrk not found: apt-get install wrk")
		return 2
	}
	if err := bench(ctx, o, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "loadbench: %v\n", err)
		return 1
	}
	return 0
}

// check refuses settings wrk cannot take or that measure nothing.
func (o options) check() error {
	switch {
	case o.rounds < 1:
		return fmt.Errorf("--rounds %d: want at least 1", o.rounds)
	case o.duration < time.Second || o.duration%time.Second != 0:
		return fmt.Errorf("--duration %s: want whole seconds, at least 1s (wrk takes no fractions)", o.duration)
	case o.soak < 0 || o.soak%soakStep != 0:
		return fmt.Errorf("--soak %d: want a multiple of %d requests (an RSS sample each)", o.soak, soakStep)
	case o.connections < 1 || o.threads < 1 || o.threads > o.connections:
		return fmt.Errorf("--connections %d --threads %d: want 1 <= threads <= connections", o.connections, o.threads)
	case o.starts < 1:
		return fmt.Errorf("--starts %d: want at least 1", o.starts)
	}
	return nil
}

// runBare is the baseline: the least a Go server can do to answer, writing
// pre-encoded bytes with the same headers a client needs.
func runBare(ctx context.Context, args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("bare", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	bodyFile := fs.String("body", "", "the bytes to serve")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		fmt.Fprintf(stderr, "bare: %v\n", err)
		return 2
	}
	length := strconv.Itoa(len(body))
	srv := &http.Server{Addr: *addr, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Content-Type"] = []string{"application/json; charset=utf-8"}
		h["Content-Length"] = []string{length}
		w.Write(body)
	})}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "bare: %v\n", err)
		return 1
	}
	return 0
}

// target is one thing wrk loads.
type target struct {
	name    string
	url     string
	headers map[string]string
	script  string // a wrk Lua script, or ""
	rates   []float64
}

func bench(ctx context.Context, o options, stdout, stderr io.Writer) error {
	tmp, err := os.MkdirTemp("", "loadbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if o.bin == "" {
		o.bin = filepath.Join(tmp, "profilemock")
		build := exec.CommandContext(ctx, "go", append(releaseBuild, "-o", o.bin, "./cmd/profilemock")...)
		build.Env = append(os.Environ(), releaseEnv...)
		build.Stdout, build.Stderr = stderr, stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("building profilemock (run from the repository root, or pass --bin): %w", err)
		}
	}

	// Start-up: process start to the first 200, over several starts.
	var startups []float64
	for i := 0; i < o.starts; i++ {
		p, d, err := startMock(ctx, o.bin, nil)
		if err != nil {
			return err
		}
		p.stop()
		startups = append(startups, float64(d.Microseconds())/1000)
	}

	mockProc, _, err := startMock(ctx, o.bin, nil)
	if err != nil {
		return err
	}
	defer mockProc.stop()
	endpoint := mockProc.base + "/department/" + department + "/customer-profile/"
	body, err := fetch(endpoint+token, nil)
	if err != nil {
		return err
	}
	bodyFile := filepath.Join(tmp, "body.json")
	if err := os.WriteFile(bodyFile, body, 0o644); err != nil {
		return err
	}
	bare, err := startProcess(ctx, self, "bare", "--body", bodyFile)
	if err != nil {
		return err
	}
	defer bare.stop()
	if _, err := waitFor200(ctx, bare.base+"/", time.Now()); err != nil {
		return fmt.Errorf("bare server: %w", err)
	}
	if got, err := fetch(bare.base+"/", nil); err != nil || !bytes.Equal(got, body) {
		return fmt.Errorf("bare server does not serve the mock's bytes (%v)", err)
	}

	freshScript := filepath.Join(tmp, "fresh.lua")
	if err := os.WriteFile(freshScript, []byte(freshLua(department, authValue)), 0o644); err != nil {
		return err
	}
	auth := map[string]string{"Authorization": authValue}
	targets := []*target{
		{name: "bare net/http, same bytes", url: bare.base + "/", headers: auth}, // the same request headers as the mock gets
		{name: "mock, repeated token", url: endpoint + token, headers: auth},
		{name: "mock, new token each request", url: mockProc.base + "/", script: freshScript},
		{name: "mock, scenario by header", url: endpoint + token, headers: map[string]string{"Authorization": authValue, "X-Mock-Scenario": "with-warnings"}},
	}

	fmt.Fprintf(stdout, "machine: %d CPUs, %s/%s, %s; wrk -t%d -c%d -d%s, %d rounds, each in the opposite order to the one before; 200 body %d bytes\n",
		runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version(), o.threads, o.connections, o.duration, o.rounds, len(body))
	for r := 1; r <= o.rounds; r++ {
		for _, t := range roundOrder(targets, r) {
			rate, err := runWrk(ctx, o, t)
			if err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
			t.rates = append(t.rates, rate)
		}
		line := make([]string, len(targets))
		for i, t := range targets {
			line[i] = fmt.Sprintf("%s %.0f", t.name, t.rates[r-1])
		}
		fmt.Fprintf(stdout, "round %d: %s req/s\n", r, strings.Join(line, " | "))
	}
	peak, _ := procStatus(mockProc.cmd.Process.Pid, "VmHWM")

	// Each round's ratio compares runs made moments apart (the repeated
	// token's run is next to bare's in every round), so a slow spell of a
	// shared machine lands on both sides of it; the figure is their median.
	baseline, repeated, fresh, byHeader := targets[0], targets[1], targets[2], targets[3]
	fmt.Fprintln(stdout)
	fmt.Fprintf(stdout, "%-32s %10s  %s\n", "median over rounds", "req/s", "ratio: median of the rounds' ratios (lowest-highest)")
	for _, t := range targets {
		ratio := "1.00x (baseline)"
		if t != baseline {
			ratio = describe(perRound(t.rates, baseline.rates)) + " bare"
		}
		if t == byHeader {
			ratio += ", " + describe(perRound(t.rates, repeated.rates)) + " the repeated-token route"
		}
		fmt.Fprintf(stdout, "%-32s %10.0f  %s\n", t.name, median(t.rates), ratio)
	}
	fmt.Fprintf(stdout, "start to first 200: min %.1f ms, median %.1f ms over %d starts\n", minimum(startups), median(startups), len(startups))
	fmt.Fprintf(stdout, "peak RSS of the mock (VmHWM) after all rounds: %.1f MiB\n", float64(peak)/1024)
	fmt.Fprintf(stdout, "targets: repeated >= 0.80x bare: %s; new token >= 0.25x bare: %s; start <= 50 ms: %s; peak RSS <= 40 MiB: %s\n",
		verdict(median(perRound(repeated.rates, baseline.rates)) >= 0.8), verdict(median(perRound(fresh.rates, baseline.rates)) >= 0.25),
		verdict(median(startups) <= 50), verdict(float64(peak)/1024 <= 40))

	if o.soak > 0 {
		return soak(ctx, o, mockProc, tmp, stdout)
	}
	return nil
}

// roundOrder is the order of round r (from 1): the targets as listed in odd
// rounds, reversed in even ones, so that no target always runs first, or
// always after the same neighbour.
func roundOrder(targets []*target, r int) []*target {
	order := append([]*target(nil), targets...)
	if r%2 == 0 {
		slices.Reverse(order)
	}
	return order
}

// perRound divides each round's rate by the baseline's of the same round.
func perRound(rates, base []float64) []float64 {
	out := make([]float64, len(rates))
	for i := range rates {
		out[i] = rates[i] / base[i]
	}
	return out
}

// describe prints ratios as "0.86x (0.80-0.91)": their median and range.
func describe(ratios []float64) string {
	return fmt.Sprintf("%.2fx (%.2f-%.2f)", median(ratios), slices.Min(ratios), slices.Max(ratios))
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

// soakStep is the requests after which the soak's RSS baseline is taken;
// --soak is a multiple of it.
const soakStep = 100_000

// soakSlice is the length of one wrk run of the soak; RSS is sampled after
// each.
const soakSlice = 5 * time.Second

// soak sends at least o.soak requests, each with a new token (a journal
// entry, a cache entry and a sequence key each) and one in eight with a long
// query string (the journal keeps queries), in wrk runs of soakSlice, and
// samples the mock's RSS after each: the sample at the end must be within
// 20% of the first one taken after soakStep requests, with no error answer.
func soak(ctx context.Context, o options, p *process, tmp string, stdout io.Writer) error {
	fmt.Fprintf(stdout, "\nsoak: %d requests, each a new token, one in eight with an 8 KB query, journal on; RSS every %s\n", o.soak, soakSlice)
	first, last, sent := 0, 0, 0
	for run := 1; sent < o.soak; run++ {
		script := filepath.Join(tmp, fmt.Sprintf("soak-%d.lua", run))
		if err := os.WriteFile(script, []byte(soakLua(department, authValue, run)), 0o644); err != nil {
			return err
		}
		so := o
		so.duration = soakSlice
		n, err := runWrkCount(ctx, so, &target{name: "soak", url: p.base + "/", script: script})
		if err != nil {
			return fmt.Errorf("soak run %d: %w", run, err)
		}
		sent += n
		rss, _ := procStatus(p.cmd.Process.Pid, "VmRSS")
		if first == 0 && sent >= soakStep {
			first = rss
		}
		last = rss
		fmt.Fprintf(stdout, "soak %3d: %8d requests so far, RSS %.1f MiB\n", run, sent, float64(rss)/1024)
	}
	growth := float64(last-first) / float64(first)
	fmt.Fprintf(stdout, "soak: %d requests, as many distinct tokens, 0 errors; RSS after the first %d: %.1f MiB, at the end: %.1f MiB (%+.1f%%)\n",
		sent, soakStep, float64(first)/1024, float64(last)/1024, 100*growth)
	fmt.Fprintf(stdout, "target: RSS at the end within 20%% of RSS after the first %d: %s\n", soakStep, verdict(growth <= 0.2 && growth >= -0.2))
	if growth > 0.2 {
		return fmt.Errorf("the mock's RSS grew by %.1f%% over the soak", 100*growth)
	}
	return nil
}

// soakLua is the wrk script of one soak run: every request a token never
// used before, one in eight with an 8 KB query string.
func soakLua(dept, auth string, run int) string {
	return fmt.Sprintf(`local n = 0
local id = 0
local long = "?q=" .. string.rep("x", 8192)
function setup(thread)
  thread:set("id", id)
  id = id + 1
end
request = function()
  n = n + 1
  local path = "/department/%s/customer-profile/soak-%d-" .. id .. "-" .. n
  if n %% 8 == 0 then path = path .. long end
  return wrk.format("GET", path, {["Authorization"] = %q})
end
`, dept, run, auth)
}

var requestsLine = regexp.MustCompile(`(\d+) requests in`)

// runWrkCount runs wrk as runWrk does and returns how many requests it sent.
func runWrkCount(ctx context.Context, o options, t *target) (int, error) {
	out, err := wrkOutput(ctx, o, t)
	if err != nil {
		return 0, err
	}
	m := requestsLine.FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("no request count in wrk's output:\n%s", out)
	}
	return strconv.Atoi(string(m[1]))
}

func freshLua(dept, auth string) string {
	return fmt.Sprintf(`-- a new token on every request: every profile generated and encoded afresh
local n = 0
local id = 0
function setup(thread)
  thread:set("id", id)
  id = id + 1
end
request = function()
  n = n + 1
  return wrk.format("GET", "/department/%s/customer-profile/fresh-" .. id .. "-" .. n, {["Authorization"] = %q})
end
`, dept, auth)
}

var (
	reqsPerSec = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	non2xx     = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	sockErrs   = regexp.MustCompile(`Socket errors: (.*)`)
)

func runWrk(ctx context.Context, o options, t *target) (float64, error) {
	out, err := wrkOutput(ctx, o, t)
	if err != nil {
		return 0, err
	}
	m := reqsPerSec.FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("no Requests/sec in wrk's output:\n%s", out)
	}
	return strconv.ParseFloat(string(m[1]), 64)
}

// wrkOutput runs wrk on t and returns its output, or an error when wrk
// failed or any answer was not 2xx/3xx or any socket error happened.
func wrkOutput(ctx context.Context, o options, t *target) ([]byte, error) {
	args := []string{"-t" + strconv.Itoa(o.threads), "-c" + strconv.Itoa(o.connections), "-d" + strconv.Itoa(int(o.duration/time.Second)) + "s", "--latency"}
	keys := make([]string, 0, len(t.headers))
	for k := range t.headers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		args = append(args, "-H", k+": "+t.headers[k])
	}
	if t.script != "" {
		args = append(args, "-s", t.script)
	}
	args = append(args, t.url)
	wctx, cancel := context.WithTimeout(ctx, o.duration+30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(wctx, "wrk", args...).CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("wrk: %v: %s", err, out)
	}
	if m := non2xx.FindSubmatch(out); m != nil {
		return nil, fmt.Errorf("%s responses were not 2xx:\n%s", m[1], out)
	}
	if m := sockErrs.FindSubmatch(out); m != nil {
		return nil, fmt.Errorf("socket errors (%s):\n%s", m[1], out)
	}
	return out, nil
}

// process is a server started by the benchmark.
type process struct {
	cmd  *exec.Cmd
	base string
}

func (p *process) stop() {
	p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		p.cmd.Process.Kill()
		<-done
	}
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func startProcess(ctx context.Context, bin string, args ...string) (*process, error) {
	addr, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, append(args, "--addr", addr)...)
	// nil: /dev/null, so the request log costs the mock what a file would.
	cmd.Stdout, cmd.Stderr = nil, nil
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &process{cmd: cmd, base: "http://" + addr}, nil
}

// startMock starts profilemock serve with default settings (its request log
// goes to a discarded stderr, as a CI job's would to a file) and returns once
// it answered a 200, with the time that took from the process start.
func startMock(ctx context.Context, bin string, extra []string) (*process, time.Duration, error) {
	t0 := time.Now()
	p, err := startProcess(ctx, bin, append([]string{"serve"}, extra...)...)
	if err != nil {
		return nil, 0, err
	}
	d, err := waitFor200(ctx, p.base+"/department/"+department+"/customer-profile/start-1", t0)
	if err != nil {
		p.stop()
		return nil, 0, fmt.Errorf("profilemock serve: %w", err)
	}
	return p, d, nil
}

func waitFor200(ctx context.Context, url string, t0 time.Time) (time.Duration, error) {
	client := &http.Client{Timeout: time.Second}
	deadline := t0.Add(10 * time.Second)
	for time.Now().Before(deadline) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		req.Header.Set("Authorization", authValue)
		resp, err := client.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(t0), nil
			}
		}
		time.Sleep(500 * time.Microsecond)
	}
	return 0, fmt.Errorf("no 200 from %s within 10 s", url)
}

func fetch(url string, headers map[string]string) ([]byte, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", authValue)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return io.ReadAll(resp.Body)
}

// procStatus reads a kB figure such as VmHWM from /proc/PID/status.
func procStatus(pid int, field string) (int, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func minimum(xs []float64) float64 {
	m := xs[0]
	for _, x := range xs {
		if x < m {
			m = x
		}
	}
	return m
}
