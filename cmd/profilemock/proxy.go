package main

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/profilemock/profilemock/features"
	"github.com/profilemock/profilemock/features/proxy"
	"github.com/profilemock/profilemock/schemas/rules"
)

// runProxy starts the validating proxy in front of a real implementation and
// serves until ctx is cancelled (SIGINT, SIGTERM). Exit 0 after a clean
// shutdown; 1 when it cannot listen, or, with --fail-on-violation, when any
// answer broke the contract; 2 on bad flags.
func runProxy(ctx context.Context, e env, args []string) int {
	fs := newCLI(e, "proxy", "")
	target := fs.String("target", "", "base `URL` of the implementation to forward to (required)")
	addr := fs.String("addr", defaultProxyAddr, "listen on this `host:port` (port 0 picks a free one; the log says which); :8081 listens on every interface")
	allowedHosts := fs.String("allowed-hosts", "", "comma-separated host `names` the proxy's /__admin answers beyond localhost, IP addresses and the host of --addr (against DNS rebinding)")
	path := fs.String("path", "", "route `template` of the endpoint (default "+rules.DefaultPath+"); answers to other paths are forwarded unchecked")
	fixturesFile := fs.String("fixtures", "", "a contract fixtures `file`: its rules: (what the implementation declares it refuses beyond the contract) are checked too, and its path: when --path is not given")
	strict := fs.Bool("strict", false, "check bodies at the strict level: every documented field, nothing else")
	failOnViolation := fs.Bool("fail-on-violation", false, "exit 1 at shutdown when any answer broke the contract")
	logFormat := fs.String("log-format", "text", "log `format` on stderr: text or json")
	logLevel := fs.String("log-level", "info", "log `level`: debug, info, warn or error")
	shutdownTimeout := fs.Duration("shutdown-timeout", 10*time.Second, "on SIGINT/SIGTERM, wait this long for in-flight requests")
	if code, ok := fs.parse(args, 0); !ok {
		return code
	}
	usageErr := fs.usageErr
	if *target == "" {
		return usageErr("--target is required: the base URL of the implementation, e.g. http://localhost:8080")
	}
	u, err := url.Parse(*target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return usageErr("--target %q: want an absolute http or https URL, without query or fragment", *target)
	}
	if *shutdownTimeout <= 0 {
		return usageErr("--shutdown-timeout %v: must be positive", *shutdownTimeout)
	}
	logger, err := newLogger(e.stderr, *logFormat, *logLevel)
	if err != nil {
		return usageErr("%v", err)
	}
	var declared rules.Declared
	if *fixturesFile != "" {
		fx, err := features.LoadFixtures(*fixturesFile)
		if err != nil {
			fmt.Fprintln(e.stderr, err)
			return exitUsage
		}
		declared = fx.Rules
		if *path == "" {
			*path = fx.Path
		}
	}
	p, err := proxy.New(proxy.Config{Target: u, Path: *path, Strict: *strict, Rules: declared, Logger: logger,
		AllowedHosts: append(splitList(*allowedHosts), listenHostNames(*addr)...)})
	if err != nil {
		return usageErr("%v", err)
	}

	ln, ok := listen(e, "proxy", *addr)
	if !ok {
		return exitFail
	}
	srv := newHTTPServer(ctx, p, logger, 0, 0)
	logger.Info("listening", "addr", ln.Addr().String(), "target", u.Redacted(), "strict", *strict,
		"fail_on_violation", *failOnViolation, "violations", proxy.AdminPath)

	code := serveUntilDone(ctx, srv, ln, logger, *shutdownTimeout)
	total := p.Total()
	logger.Info("stopped", "violations", total)
	if total > 0 && *failOnViolation {
		fmt.Fprintf(e.stderr, "profilemock proxy: %d contract violation(s) seen (--fail-on-violation)\n", total)
		return exitFail
	}
	return code
}
