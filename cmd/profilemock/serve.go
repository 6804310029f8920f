package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/profilemock/profilemock/mock"
	"github.com/profilemock/profilemock/scenarios"
	"github.com/profilemock/profilemock/schemas"
)

// Timeouts and limits of the HTTP server. The endpoint answers from memory in
// microseconds, so these only guard against slow or stuck clients; the write
// timeout leaves room for the longest delay a scenario may ask for.
const (
	serveReadHeaderTimeout = 5 * time.Second
	serveReadTimeout       = 15 * time.Second
	serveWriteTimeout      = scenarios.MaxDelay + 30*time.Second
	serveIdleTimeout       = 120 * time.Second
	serveMaxHeaderBytes    = 64 << 10
)

// runServe starts the mock server and serves until ctx is cancelled (SIGINT,
// SIGTERM), then lets in-flight requests finish within --shutdown-timeout.
// Exit 0 after a clean shutdown, 1 when it cannot listen or serve, 2 on bad
// flags or scenario files (then it never listens).
func runServe(ctx context.Context, e env, args []string) int {
	fs := newCLI(e, "serve", "")
	addr := fs.String("addr", defaultServeAddr, "listen on this `host:port` (port 0 picks a free one; the log says which); :8080 listens on every interface")
	basePath := fs.String("base-path", "", "route prefix of the endpoint, e.g. /api/v1 (no trailing slash)")
	seed := fs.Uint64("seed", mock.DefaultSeed, "seed of the fake universe: same seed, department and token, same bytes (0 is the default seed, 1)")
	authMode := fs.String("auth", "any", "`mode`: any (any well-formed Basic or Bearer credential, or only those listed) or none (no check)")
	var basic, bearer listFlag
	fs.Var(&basic, "auth-basic", "accept only these Basic credentials, as `user:pass` (repeatable; with --auth-bearer)")
	fs.Var(&bearer, "auth-bearer", "accept only these bearer `token`s (repeatable; with --auth-basic)")
	corsOrigins := fs.String("cors-origins", "", "comma-separated exact `origins` that may read answers in a browser; empty: any origin on the endpoint, loopback origins on the admin API (which also allows these)")
	check := fs.Bool("check-responses", false, "validate every newly rendered 200 body against the contract (strict) before serving it; costs about 0.5 ms per new body")
	logFormat := fs.String("log-format", "text", "log `format` on stderr: text or json")
	logLevel := fs.String("log-level", "info", "log `level`: debug, info, warn or error")
	logRate := fs.Int("log-rate", mock.DefaultLogRate, "request log lines per second at most; past it lines are counted and summarized once a second (--no-log-limit lifts the cap)")
	noLogLimit := fs.Bool("no-log-limit", false, "log every request line: no --log-rate cap")
	memLimit := fs.String("memory-limit", "26MiB", "soft limit of the Go heap (like GOMEMLIMIT, which wins when set): the garbage collector works harder near it; 0 for none")
	shutdownTimeout := fs.Duration("shutdown-timeout", 10*time.Second, "on SIGINT/SIGTERM, wait this long for in-flight requests")
	scenarioDir := fs.String("scenarios", "", "a `DIR`ectory of scenario files (*.yaml, *.yml) added to the built-in library; a file named like a built-in scenario replaces it")
	noBuiltin := fs.Bool("no-builtin-scenarios", false, "leave the built-in scenario library out: only the --scenarios files, which must define default")
	watchInterval := fs.Duration("watch-interval", mock.DefaultWatchInterval, "poll --scenarios this often and reload on a change (--no-watch turns watching off)")
	noWatch := fs.Bool("no-watch", false, "do not watch --scenarios: read it at start and on POST /__admin/reload only")
	journalSize := fs.Int("journal-size", mock.DefaultJournalSize, "keep the last `N` endpoint requests for /__admin/requests (--no-journal turns the journal off)")
	noJournal := fs.Bool("no-journal", false, "keep no request journal: /__admin/requests answers 409")
	adminToken := fs.String("admin-token", "", "require this `token` on /__admin, as \"Authorization: Bearer T\" or \"X-Admin-Token: T\"")
	noAdmin := fs.Bool("no-admin", false, "remove the admin API: /__admin answers 404")
	allowedHosts := fs.String("allowed-hosts", "", "comma-separated host `names` the admin API answers beyond localhost, IP addresses and the host of --addr (against DNS rebinding)")
	privateNetwork := fs.Bool("cors-private-network", false, "answer the admin API's preflights that ask for Private Network Access (a public page calling the mock on this machine)")
	allowSlash := fs.Bool("allow-encoded-slash", false, "accept a token or departmentUuid holding %2F, %5C or %00 (by default a 400, errorCode 40008, as Spring and Tomcat answer)")
	if code, ok := fs.parse(args, 0); !ok {
		return code
	}
	usageErr := fs.usageErr
	sink := newLogSink(e.stderr, logFlushInterval)
	defer sink.Close()
	logger, err := newLogger(sink, *logFormat, *logLevel)
	if err != nil {
		return usageErr("%v", err)
	}
	if *shutdownTimeout <= 0 {
		return usageErr("--shutdown-timeout %v: must be positive", *shutdownTimeout)
	}
	// 0 is how mock.Config spells "the default": on the command line, where
	// the default is written out, 0 is a mistake, and off has its own flag.
	if *logRate == 0 && !*noLogLimit {
		return usageErr("--log-rate 0: must be 1 or more (--no-log-limit lifts the cap)")
	}
	if *journalSize == 0 && !*noJournal {
		return usageErr("--journal-size 0: must be 1 or more (--no-journal turns the journal off)")
	}
	if *watchInterval == 0 && !*noWatch {
		return usageErr("--watch-interval 0s: must be positive (--no-watch turns watching off)")
	}
	limit, err := parseSize(*memLimit)
	if err != nil {
		return usageErr("--memory-limit %q: %v", *memLimit, err)
	}
	if limit > 0 && e.getenv("GOMEMLIMIT") == "" {
		// Under a load test with a new token per request the mock allocates
		// hundreds of MB/s; without a limit the heap overshoots its goal
		// while the collector runs, and the peak RSS grows past 50 MiB.
		// Restored on return: tests run serve inside their own process.
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(limit))
		if e.getenv("GOGC") == "" {
			// With the limit bounding the heap, the collector need not also
			// run each time the heap doubles: a cache hit's few allocations
			// then cost fewer collections (repeated token +12%, new token
			// +15% under wrk), and the peak RSS stays where the limit holds it.
			defer debug.SetGCPercent(debug.SetGCPercent(400))
		}
	}
	if *noBuiltin && *scenarioDir == "" {
		return usageErr("--no-builtin-scenarios needs --scenarios DIR: without either there is no scenario to serve")
	}
	if *scenarioDir != "" {
		st, err := os.Stat(*scenarioDir)
		switch {
		case err != nil:
			return usageErr("--scenarios: %v", err)
		case !st.IsDir():
			return usageErr("--scenarios: %s is not a directory", *scenarioDir)
		}
	}
	cfg := mock.Config{
		BasePath:           *basePath,
		Seed:               *seed,
		Auth:               mock.Auth{Basic: basic, Bearer: bearer},
		CORSOrigins:        splitList(*corsOrigins),
		Logger:             logger,
		LogRate:            *logRate,
		NoLogLimit:         *noLogLimit,
		CheckResponses:     *check,
		ScenarioDir:        *scenarioDir,
		NoBuiltinScenarios: *noBuiltin,
		WatchInterval:      *watchInterval,
		NoWatch:            *noWatch || *scenarioDir == "", // nothing to watch without a folder
		JournalSize:        *journalSize,
		NoJournal:          *noJournal,
		AdminToken:         *adminToken,
		NoAdmin:            *noAdmin,
		AllowEncodedSlash:  *allowSlash,
		AllowedHosts:       append(splitList(*allowedHosts), listenHostNames(*addr)...),
		CORSPrivateNetwork: *privateNetwork,
	}
	switch *authMode {
	case "any":
	case "none":
		cfg.Auth.Disabled = true
	default:
		return usageErr("--auth %q: want any or none", *authMode)
	}
	if err := cfg.Validate(); err != nil {
		return usageErr("%s", configProblem(err))
	}
	var set *schemas.Set // only checking responses and a scenario dir need the contract
	if cfg.CheckResponses || cfg.ScenarioDir != "" {
		if set, err = schemas.Load(); err != nil {
			fmt.Fprintf(e.stderr, "profilemock serve: %v\n", err)
			return exitFail
		}
	}
	cat, err := scenarios.LoadDefault(set, cfg.ScenarioDir, !cfg.NoBuiltinScenarios)
	if err != nil {
		// Every problem of every file, then one line that says what happened.
		problems := scenarios.Problems(err)
		for _, p := range problems {
			fmt.Fprintln(e.stderr, p.Error())
		}
		if len(problems) == 0 {
			return usageErr("loading the scenarios: %v", err)
		}
		return usageErr("%d problem(s) in the scenario files; not serving until every file loads (check them with 'profilemock scenarios lint')", len(problems))
	}
	cfg.Schemas, cfg.Scenarios = set, cat

	gin.SetMode(gin.ReleaseMode)
	handler, err := mock.New(cfg)
	if err != nil {
		// Config.Validate has passed: what is left is a catalog without default.
		return usageErr("%v", err)
	}
	defer handler.Close() // the watcher stops after the last request
	ln, ok := listen(e, "serve", *addr)
	if !ok {
		return exitFail
	}
	srv := newHTTPServer(ctx, handler, logger, serveReadTimeout, serveWriteTimeout)
	logger.Info("listening", "addr", ln.Addr().String(), "base_path", cfg.BasePath, "seed", cfg.Seed,
		"auth", authSummary(cfg.Auth), "check_responses", cfg.CheckResponses,
		"scenarios", cat.Len(), "scenario_dir", cfg.ScenarioDir, "watch_interval", watchSummary(cfg),
		"journal_size", journalSummary(cfg), "admin", adminSummary(cfg))

	code := serveUntilDone(ctx, srv, ln, logger, *shutdownTimeout)
	logger.Info("stopped")
	return code
}

// logFlushInterval bounds how long a log line may wait in logSink's buffer.
const logFlushInterval = 100 * time.Millisecond

// logSink is the server's log destination. A line written when nothing was
// flushed for a while goes out at once, so a developer watching the log sees
// each request as it happens; under load, lines gather in a buffer that is
// flushed every interval, so that one request's log line costs a copy rather
// than a write system call (the largest cost of a cached answer otherwise).
type logSink struct {
	mu       sync.Mutex
	w        *bufio.Writer
	interval time.Duration
	last     time.Time
	stop     chan struct{}
	done     chan struct{}
}

func newLogSink(w io.Writer, interval time.Duration) *logSink {
	l := &logSink{w: bufio.NewWriterSize(w, 64<<10), interval: interval, stop: make(chan struct{}), done: make(chan struct{})}
	go l.flushEvery()
	return l
}

// Write takes one whole record (slog writes each with one call).
func (l *logSink) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n, err := l.w.Write(p)
	if now := time.Now(); now.Sub(l.last) >= l.interval {
		l.last = now
		if ferr := l.w.Flush(); err == nil {
			err = ferr
		}
	}
	return n, err
}

func (l *logSink) flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.w.Buffered() > 0 {
		l.last = time.Now()
		_ = l.w.Flush()
	}
}

func (l *logSink) flushEvery() {
	defer close(l.done)
	t := time.NewTicker(l.interval)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
			l.flush()
		}
	}
}

// Close stops the flusher and writes out what is left.
func (l *logSink) Close() {
	close(l.stop)
	<-l.done
	l.flush()
}

func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: want text or json", format)
}

// splitList reads a comma-separated flag value, dropping blanks.
func splitList(v string) []string {
	var out []string
	for _, part := range strings.Split(v, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// configProblem words a mock.Config error in terms of the flag that set it.
func configProblem(err error) string {
	var ce *mock.ConfigError
	if !errors.As(err, &ce) {
		return err.Error()
	}
	field, index, _ := strings.Cut(ce.Field, "[")
	flags := configFlags()
	flagName := flags[field]
	if flagName == "" {
		return err.Error()
	}
	if n, err := strconv.Atoi(strings.TrimSuffix(index, "]")); err == nil && field != "CORSOrigins" {
		flagName += fmt.Sprintf(" #%d", n+1) // credentials are not echoed: say which one
	}
	problem := ce.Problem
	if field == "Auth.Disabled" {
		problem = "none is set, but --auth-basic or --auth-bearer lists credentials: choose one"
	}
	for f, name := range flags { // a problem may name another field: "(NoJournal turns ...)"
		problem = strings.ReplaceAll(problem, " "+f+" ", " "+name+" ")
		problem = strings.ReplaceAll(problem, "("+f+" ", "("+name+" ")
	}
	return flagName + ": " + problem
}

// configFlags maps the mock.Config fields to the serve flags that set them.
func configFlags() map[string]string {
	return map[string]string{
		"BasePath":      "--base-path",
		"Auth.Disabled": "--auth",
		"Auth.Basic":    "--auth-basic",
		"Auth.Bearer":   "--auth-bearer",
		"CORSOrigins":   "--cors-origins",
		"LogRate":       "--log-rate",
		"NoLogLimit":    "--no-log-limit",
		"JournalSize":   "--journal-size",
		"NoJournal":     "--no-journal",
		"WatchInterval": "--watch-interval",
		"NoWatch":       "--no-watch",
		"AdminToken":    "--admin-token",
		"NoAdmin":       "--no-admin",
		"AllowedHosts":  "--allowed-hosts",
	}
}

// watchSummary describes the watcher for the log.
func watchSummary(cfg mock.Config) string {
	if cfg.NoWatch {
		return "off"
	}
	return cfg.WatchInterval.String()
}

// journalSummary describes the journal for the log.
func journalSummary(cfg mock.Config) string {
	if cfg.NoJournal {
		return "off"
	}
	return strconv.Itoa(cfg.JournalSize)
}

// adminSummary describes the admin API for the log, without the token.
func adminSummary(cfg mock.Config) string {
	switch {
	case cfg.NoAdmin:
		return "off"
	case cfg.AdminToken != "":
		return "on, token required"
	}
	return "on, open"
}

// authSummary describes the auth mode for the log, without the credentials.
func authSummary(a mock.Auth) string {
	switch {
	case a.Disabled:
		return "none"
	case len(a.Basic)+len(a.Bearer) == 0:
		return "any well-formed Basic or Bearer"
	}
	return fmt.Sprintf("only %d Basic and %d Bearer credentials", len(a.Basic), len(a.Bearer))
}

// parseSize reads a byte size as GOMEMLIMIT writes it: a whole number with
// an optional unit B, KiB, MiB or GiB.
func parseSize(v string) (int64, error) {
	units := []struct {
		suffix string
		mult   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if n, ok := strings.CutSuffix(v, u.suffix); ok {
			v, mult = n, u.mult
			break
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 || n > (1<<50)/mult {
		return 0, errors.New("want a size such as 28MiB, 512KiB or 0")
	}
	return n * mult, nil
}
