package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/profilemock/profilemock/features"
	"github.com/profilemock/profilemock/features/coverage"
	"github.com/profilemock/profilemock/mock"
	"github.com/profilemock/profilemock/schemas/rules"
)

// runContract runs the contract suite against an implementation (--target),
// or, without one, against the mock started in-process: the self-check of
// the suite. Exit 0: every check that ran passed; 1: a check failed; 2: bad
// usage, a bad fixtures file, feature files that do not parse, a target that
// cannot be reached.
func runContract(ctx context.Context, e env, args []string) int {
	fs := newCLI(e, "contract", "")
	target := fs.String("target", "", "base `URL` of the implementation, e.g. http://localhost:8080/api (empty: the mock, in-process)")
	path := fs.String("path", "", "route `template` of the endpoint, with {departmentUuid} and {customerProfileViewRequestToken} (default "+rules.DefaultPath+")")
	fixturesFile := fs.String("fixtures", "", "YAML `file` naming the credentials and the requests that get 200, 204 and 500 (needed with --target)")
	strict := fs.Bool("strict", false, "also run the @strict scenarios, and check every body at the strict level")
	tags := fs.String("tags", "", "run only the scenarios these tags select, e.g. '@400', '@200 && ~@semantic', '@400,@401'")
	format := fs.String("format", "pretty", "terminal report `format`: pretty or progress")
	junit := fs.String("junit", "", "also write a JUnit XML report to this `file`")
	cucumber := fs.String("cucumber", "", "also write a cucumber JSON report to this `file`")
	timeout := fs.Duration("timeout", features.DefaultTimeout, "give up on each request after this long")
	htmlFile := fs.String("html", "", "also write a self-contained HTML report of the run to this `file`")
	compareMock := fs.Bool("compare-mock", false, "set beside the coverage what the mock's default scenario produces over as many customers, and list where they differ")
	coverageFile := fs.String("coverage", "", "write what the target's answers exercised of the contract to this JSON `file`")
	minCoverage := fs.String("min-coverage", "", "exit 1 when the coverage is below this: a `percentage` for every class (80), or some classes (enumValues=100,fields=90)")
	var dirs listFlag
	fs.Var(&dirs, "features", "run the feature files in this `folder` (or file) instead of the built-in ones (repeatable)")
	if code, ok := fs.parse(args, 0); !ok {
		return code
	}
	usageErr := fs.usageErr
	if *timeout <= 0 {
		return usageErr("--timeout %v: must be positive", *timeout)
	}
	minimum, err := coverage.ParseMinimum(*minCoverage)
	if err != nil {
		return usageErr("--min-coverage %v", err)
	}

	fx := features.BuiltinFixtures()
	if *fixturesFile != "" {
		f, err := features.LoadFixtures(*fixturesFile)
		if err != nil {
			fmt.Fprintln(e.stderr, err)
			return exitUsage
		}
		fx = f
	} else if *target != "" {
		return usageErr("--target needs --fixtures FILE: the credentials it accepts and a request it answers with 200 (see README.md, \"Contract suite\")")
	}
	if *path != "" {
		if _, err := rules.ParseRoute(*path); err != nil {
			return usageErr("--path: %v", err)
		}
		fx.Path = *path
	}

	cfg := features.Config{
		Target:      *target,
		Fixtures:    fx,
		Strict:      *strict,
		Tags:        *tags,
		Format:      *format,
		JUnit:       *junit,
		Cucumber:    *cucumber,
		HTML:        *htmlFile,
		CompareMock: *compareMock,
		Paths:       dirs,
		Timeout:     *timeout,
		Output:      e.stdout,
		Color:       isTerminal(e.stdout) && e.getenv("NO_COLOR") == "",
	}
	if *target == "" {
		srv, err := startSelfCheckMock(fx)
		if err != nil {
			return usageErr("%v", err)
		}
		defer srv.Close()
		cfg.Target, cfg.Mock = srv.URL, true
		fmt.Fprintf(e.stdout, "no --target: checking the mock, started in-process at %s\n\n", srv.URL)
	}

	res, err := features.Run(ctx, cfg)
	if err != nil {
		var ue *features.UnreachableError
		if errors.As(err, &ue) {
			fmt.Fprintf(e.stderr, "profilemock contract: %v\n", err)
			return exitUsage
		}
		return usageErr("%v", err)
	}
	if *coverageFile != "" {
		if err := os.WriteFile(*coverageFile, res.CoverageJSON(), 0o644); err != nil {
			return usageErr("--coverage: %v", err)
		}
	}
	code := exitOK
	if res.Failed > 0 {
		code = exitFail
	}
	if below := res.Coverage.Below(minimum); len(below) > 0 {
		fmt.Fprintf(e.stderr, "profilemock contract: the coverage of the contract is below --min-coverage: %s\n", strings.Join(below, ", "))
		code = exitFail
	}
	return code
}

// startSelfCheckMock starts the mock for the fixtures: it accepts exactly the
// fixtures' credentials (so that the wrong-credential checks mean something)
// and serves the route under the prefix of the fixtures' path.
func startSelfCheckMock(fx *features.Fixtures) (*localServer, error) {
	cfg := mock.Config{Seed: 1}
	if up, ok := fx.Basic(); ok {
		cfg.Auth.Basic = []string{up}
	} else if tok, ok := fx.Bearer(); ok {
		cfg.Auth.Bearer = []string{tok}
	}
	if fx.Path != "" {
		prefix, ok := strings.CutSuffix(fx.Path, rules.DefaultPath)
		if !ok {
			return nil, fmt.Errorf("the route %q is not the mock's (%s, after an optional prefix): give --target to check another implementation", fx.Path, rules.DefaultPath)
		}
		cfg.BasePath = prefix
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("cannot start the mock for these fixtures: %s", configProblem(err))
	}
	gin.SetMode(gin.ReleaseMode)
	h, err := mock.New(cfg)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		_ = h.Close()
		return nil, fmt.Errorf("cannot start the mock: %w", err)
	}
	l := &localServer{
		URL: "http://" + ln.Addr().String(),
		srv: &http.Server{Handler: h, ReadHeaderTimeout: serveReadHeaderTimeout},
		h:   h,
	}
	go func() { _ = l.srv.Serve(ln) }()
	return l, nil
}

// localServer is the mock of the self-check, served on a loopback port.
type localServer struct {
	URL string
	srv *http.Server
	h   *mock.Handler
}

// Close stops serving and closes the mock.
func (l *localServer) Close() {
	_ = l.srv.Close()
	_ = l.h.Close()
}

// isTerminal reports whether w is a terminal, to color the report only there.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
