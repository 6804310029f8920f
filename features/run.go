package features

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cucumber/godog"

	"github.com/profilemock/profilemock/features/coverage"
	"github.com/profilemock/profilemock/features/wire"
	"github.com/profilemock/profilemock/schemas"
	"github.com/profilemock/profilemock/schemas/rules"
)

// Config is one run of the contract suite against one target.
type Config struct {
	// Target is the implementation's base URL: scheme://host[:port][/prefix].
	Target string
	// Fixtures say which requests get which answer, and carry the
	// credentials. Required, with a 200 fixture.
	Fixtures *Fixtures
	// Path is the route template; "" for Fixtures.Path, or rules.DefaultPath.
	Path string
	// Strict runs the @strict scenarios and checks every body at the strict
	// level.
	Strict bool
	// Mock says the target is the toolkit's own mock: the @mock scenarios,
	// about the mock's own choices, run too.
	Mock bool
	// Tags selects scenarios: "@400", "@200 && ~@semantic", "@400,@401"; the
	// words and, or, not work too ("@200 and not @semantic").
	Tags string
	// Format is the terminal report: "pretty" (the default) or "progress".
	Format string
	// JUnit and Cucumber name files for a JUnit XML and a cucumber JSON
	// report of the same run; "" for none.
	JUnit, Cucumber string
	// HTML names a file for a self-contained HTML report of the run: the
	// totals, each scenario with its steps, each failure with its violations
	// and the repeat curl, and the coverage with its gaps; "" for none.
	HTML string
	// CompareMock sets beside the coverage what the mock's default scenario
	// produces over as many customers, and lists where the two differ in a
	// way a frontend would trip on.
	CompareMock bool
	// Paths are feature files or folders on disk; none for the built-in
	// features.
	Paths []string
	// Timeout bounds each request; 0 is 10s.
	Timeout time.Duration
	// Output receives the terminal report and the summary line.
	Output io.Writer
	// Color colors the terminal report.
	Color bool
	// Schemas is the compiled contract; nil loads it.
	Schemas *schemas.Set
	// Transport sends the requests; nil: a wire.Transport, which keeps the
	// bytes a server sends after the headers of a 204.
	Transport http.RoundTripper
}

// Result counts the scenarios of a run.
type Result struct {
	Passed, Failed, Skipped int
	// SkippedFor maps each reason for skipping to its number of scenarios.
	SkippedFor map[string]int
	// Coverage is what the target's answers exercised of the contract.
	Coverage coverage.Report
	// Mock and Differences are the mock's coverage over as many customers,
	// and where the target differs from it (Config.CompareMock only).
	Mock        *coverage.Report
	Differences []coverage.Difference
}

// CoverageJSON is the --coverage file: the coverage, and with CompareMock
// the mock's beside it and the differences.
func (r Result) CoverageJSON() []byte {
	b, err := json.MarshalIndent(struct {
		coverage.Report
		Mock        *coverage.Report      `json:"mock,omitempty"`
		Differences []coverage.Difference `json:"differences,omitempty"`
	}{r.Coverage, r.Mock, r.Differences}, "", "  ")
	if err != nil { // unreachable: maps of strings and numbers
		panic(err)
	}
	return append(b, '\n')
}

// Summary is the last line of every run: "N passed, N failed, N skipped".
func (r Result) Summary() string {
	return fmt.Sprintf("%d passed, %d failed, %d skipped", r.Passed, r.Failed, r.Skipped)
}

// UnreachableError is a target that did not answer the first request.
type UnreachableError struct {
	URL string
	Err error
}

// Error names the URL and the reason.
func (e *UnreachableError) Error() string {
	return fmt.Sprintf("cannot reach the target: GET %s: %v", e.URL, e.Err)
}

// Unwrap returns the reason.
func (e *UnreachableError) Unwrap() error { return e.Err }

// DefaultTimeout bounds each request when Config.Timeout is 0.
const DefaultTimeout = 10 * time.Second

// runner is one run: its configuration, checked, and the tally of its
// scenarios. Scenarios read it and only the tally changes, under its lock.
type runner struct {
	target   string
	fixtures *Fixtures
	route    *rules.Route
	schemas  *schemas.Set
	level    schemas.Level
	client   *http.Client
	tally    *tally
	seen     *coverage.Collector
	// cucumber is the cucumber JSON report the HTML report is made from;
	// temporary, when only the HTML report was asked for.
	cucumber     string
	cucumberTemp bool
	// views keeps the failures of the steps for the HTML report; nil when
	// none was asked for.
	views *viewLog
	// secrets are what no report may show (the fixtures' credentials and
	// header values).
	secrets *secrets
}

// observe counts an answer for the run's coverage of the contract.
func (r *runner) observe(a *answer) {
	if !a.tooLarge {
		r.seen.Add(a.status, a.body)
	}
}

// Run checks cfg, makes sure the target answers, runs the selected scenarios
// and writes the report to cfg.Output, ending with Result.Summary alone on its
// line. The error reports a run that could not start: a bad Config, feature
// files that do not parse, no scenario selected, a target that cannot be
// reached (*UnreachableError). Failed checks are counted in the Result.
func Run(ctx context.Context, cfg Config) (Result, error) {
	r, opts, err := prepare(cfg)
	if err != nil {
		return Result{}, err
	}
	defer r.client.CloseIdleConnections()

	suite := godog.TestSuite{
		Name:                "getCustomerProfileData contract",
		ScenarioInitializer: r.initScenario,
		Options:             opts,
	}
	pickles, err := countScenarios(suite)
	if err != nil {
		return Result{}, err
	}
	if pickles == 0 {
		return Result{}, fmt.Errorf("no scenario to run: none matches the tags %q", opts.Tags)
	}
	status0, err := r.reach(ctx)
	if err != nil {
		return Result{}, err
	}
	var warnings []string
	if status0 == http.StatusNotFound || status0 == http.StatusMethodNotAllowed {
		warnings = append(warnings, fmt.Sprintf("the 200 fixture's request was answered %d %s: is the route right (the target's prefix, --path)?",
			status0, http.StatusText(status0)))
		fmt.Fprintf(cfg.Output, "note: %s\n\n", warnings[len(warnings)-1])
	}

	out := &summaryFixer{w: cfg.Output, tally: r.tally}
	opts.Output = out
	opts.DefaultContext = ctx
	started := time.Now()
	status := suite.Run()
	took := time.Since(started)
	out.flush()

	res := r.tally.result()
	res.Coverage = r.secrets.redactReport(r.seen.Report())
	if cfg.CompareMock {
		m, err := coverage.Mock(res.Coverage.Bodies)
		if err != nil {
			return res, fmt.Errorf("--compare-mock: %w", err)
		}
		res.Mock, res.Differences = &m, coverage.Compare(res.Coverage, m)
	}
	if r.cucumberTemp {
		defer os.Remove(r.cucumber)
	}
	// A scenario that never reached its After hook (no steps at all) failed.
	if missing := pickles - res.Passed - res.Failed - res.Skipped; missing > 0 {
		res.Failed += missing
	}
	if status == 2 {
		return res, errors.New("the run could not start (see the message above)")
	}
	if status != 0 && res.Failed == 0 {
		res.Failed = 1
	}
	if cfg.JUnit != "" {
		if err := markSkipped(cfg.JUnit, r.tally); err != nil {
			return res, fmt.Errorf("--junit %s: %w", cfg.JUnit, err)
		}
	}
	reasons := make([]string, 0, len(res.SkippedFor))
	for why := range res.SkippedFor {
		reasons = append(reasons, why)
	}
	sort.Strings(reasons)
	if len(reasons) > 0 {
		fmt.Fprintln(cfg.Output)
	}
	for _, why := range reasons {
		n := res.SkippedFor[why]
		fmt.Fprintf(cfg.Output, "skipped %d scenario%s: %s%s\n", n, plural(n), why, skipHint(why))
	}
	if cfg.HTML != "" {
		report, err := os.ReadFile(r.cucumber)
		if err == nil {
			err = writeHTML(cfg.HTML, report, res, htmlRun{
				Target: cfg.Target, Started: started, Duration: took,
				Notes: undeclaredNotes(cfg.Fixtures), Warnings: warnings,
				Views: r.views.all(), SkipWhy: r.tally.skipReasons(),
			})
		}
		if err != nil {
			return res, fmt.Errorf("--html %s: %w", cfg.HTML, err)
		}
	}
	if notes := undeclaredNotes(cfg.Fixtures); len(notes) > 0 {
		fmt.Fprintln(cfg.Output)
		for _, n := range notes {
			fmt.Fprintln(cfg.Output, "not run: "+n)
		}
	}
	fmt.Fprintln(cfg.Output)
	for _, l := range res.Coverage.Summary() {
		fmt.Fprintln(cfg.Output, l)
	}
	if res.Mock != nil {
		m := res.Mock.Percent
		fmt.Fprintf(cfg.Output, "the mock's default scenario over as many customers: fields %v%%, enum values %v%%, arrays %v%%\n", m.Fields, m.EnumValues, m.Arrays)
		if len(res.Differences) == 0 {
			fmt.Fprintln(cfg.Output, "the service and the mock differ in nothing a frontend would trip on")
		}
		for _, d := range res.Differences {
			fmt.Fprintln(cfg.Output, "  differs: "+d.String())
		}
	}
	fmt.Fprintln(cfg.Output, res.Summary())
	return res, nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func skipHint(why string) string {
	if strings.HasPrefix(why, "no fixture for status ") {
		return " (add responses." + strings.TrimPrefix(why, "no fixture for status ") + " to the fixtures file to run them)"
	}
	return ""
}

// prepare checks cfg and builds the run and godog's options.
func prepare(cfg Config) (*runner, *godog.Options, error) {
	if cfg.Output == nil {
		cfg.Output = io.Discard
	}
	u, err := url.Parse(cfg.Target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, nil, fmt.Errorf("target %q: want an absolute http or https URL", cfg.Target)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, nil, fmt.Errorf("target %q: want scheme://host[:port][/prefix], without user, query or fragment", cfg.Target)
	}
	if cfg.Fixtures == nil {
		return nil, nil, errors.New("no fixtures")
	}
	if _, ok := cfg.Fixtures.First(200); !ok {
		return nil, nil, errors.New("the fixtures have no 200 request")
	}
	template := cfg.Path
	if template == "" {
		template = cfg.Fixtures.Path
	}
	route, err := rules.ParseRoute(template)
	if err != nil {
		return nil, nil, err
	}
	var exclude []string
	if !cfg.Strict {
		exclude = append(exclude, "@strict")
	}
	if !cfg.Mock {
		exclude = append(exclude, "@mock")
	}
	exclude = append(exclude, undeclared(cfg.Fixtures)...)
	tags, err := tagFilter(cfg.Tags, exclude)
	if err != nil {
		return nil, nil, err
	}
	format := cfg.Format
	switch format {
	case "":
		format = "pretty"
	case "pretty", "progress":
	default:
		return nil, nil, fmt.Errorf("format %q: want pretty or progress", format)
	}
	cucumber, cucumberTemp := cfg.Cucumber, false
	if cfg.HTML != "" && cucumber == "" {
		f, err := os.CreateTemp("", "profilemock-cucumber-*.json")
		if err != nil {
			return nil, nil, fmt.Errorf("html report: %w", err)
		}
		f.Close()
		cucumber, cucumberTemp = f.Name(), true
	}
	if cfg.HTML != "" {
		w, err := os.Create(cfg.HTML)
		if err != nil {
			return nil, nil, fmt.Errorf("html report: %w", err)
		}
		w.Close()
	}
	for _, f := range []struct{ name, kind string }{{cfg.JUnit, "junit"}, {cucumber, "cucumber"}} {
		if f.name == "" {
			continue
		}
		if strings.Contains(f.name, ",") {
			return nil, nil, fmt.Errorf("%s report %q: the file name must not hold a comma", f.kind, f.name)
		}
		w, err := os.Create(f.name)
		if err != nil {
			return nil, nil, fmt.Errorf("%s report: %w", f.kind, err)
		}
		w.Close()
		format += "," + f.kind + ":" + f.name
	}
	set := cfg.Schemas
	if set == nil {
		if set, err = schemas.Load(); err != nil {
			return nil, nil, err
		}
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	transport := cfg.Transport
	if transport == nil {
		transport = &wire.Transport{}
	}
	seen, err := coverage.New()
	if err != nil {
		return nil, nil, err
	}
	r := &runner{
		seen:         seen,
		cucumber:     cucumber,
		cucumberTemp: cucumberTemp,
		target:       cfg.Target,
		fixtures:     cfg.Fixtures,
		secrets:      newSecrets(cfg.Fixtures),
		route:        route,
		schemas:      set,
		client: &http.Client{
			Transport: transport,
			Timeout:   timeout,
			// A redirect is an answer to report, not to follow.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		tally: &tally{skippedFor: map[string]int{}, why: map[string]string{}},
	}
	if cfg.Strict {
		r.level = schemas.Strict
	}
	if cfg.HTML != "" {
		r.views = &viewLog{views: map[string]failureView{}}
	}
	opts := &godog.Options{
		Format:   format,
		Tags:     tags,
		Strict:   true,
		NoColors: !cfg.Color,
		Output:   cfg.Output,
	}
	if len(cfg.Paths) == 0 {
		opts.FS = Files
		opts.Paths = []string{"."}
	} else {
		for _, p := range cfg.Paths {
			if _, err := os.Stat(p); err != nil {
				return nil, nil, fmt.Errorf("features %s: %w", p, unwrapPathError(err))
			}
		}
		opts.Paths = cfg.Paths
	}
	return r, opts, nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// undeclared returns the tags of the checks of rules the fixtures do not
// declare: the page does not hold a service to them, so they run only for a
// service that says it keeps them (the mock's fixtures declare its own).
func undeclared(f *Fixtures) []string {
	var tags []string
	tr := f.Rules.Token
	switch {
	case tr == nil:
		tags = append(tags, "@token-rules")
	default:
		if tr.MaxBytes == 0 {
			tags = append(tags, "@token-length")
		}
		if tr.Characters == "" {
			tags = append(tags, "@token-characters")
		}
		if tr.Characters != rules.Unreserved {
			tags = append(tags, "@token-unreserved")
		}
	}
	if f.Rules.DepartmentCase != rules.DepartmentInsensitive {
		tags = append(tags, "@department-case")
	}
	if len(f.BadRequests) == 0 {
		tags = append(tags, "@bad-requests")
	}
	return tags
}

// undeclaredNotes says which checks of declared rules did not run, and how
// to run them.
func undeclaredNotes(f *Fixtures) []string {
	var out []string
	if f.Rules.Token == nil {
		out = append(out, "the token rules: the fixtures declare none (rules.token: {maxBytes: N, characters: visible-ascii|unreserved})")
	}
	if f.Rules.DepartmentCase == "" {
		out = append(out, "the department in upper case: the fixtures do not declare rules.departmentCase: insensitive")
	}
	if len(f.BadRequests) == 0 {
		out = append(out, "more bad requests: the fixtures declare no badRequests")
	}
	return out
}

// countScenarios parses the features as the run will, and counts the
// scenarios the tags select.
func countScenarios(suite godog.TestSuite) (int, error) {
	features, err := suite.RetrieveFeatures()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, f := range features {
		n += len(f.Pickles)
	}
	return n, nil
}

// reach makes one request, the 200 fixture's, to learn whether the target
// answers at all: any HTTP answer will do. It returns the answer's status.
func (r *runner) reach(ctx context.Context) (int, error) {
	f, _ := r.fixtures.First(200)
	u := r.route.URL(r.target, f.Department, f.Token)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, &UnreachableError{URL: u, Err: err}
	}
	for _, h := range f.Headers {
		req.Header.Set(h.Name, h.Value)
	}
	req.Header.Set("Authorization", r.fixtures.Auth)
	req.Header.Set("User-Agent", "profilemock-contract")
	resp, err := r.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
			if ue.Timeout() {
				err = fmt.Errorf("no answer within %v", r.client.Timeout)
			}
		}
		return 0, &UnreachableError{URL: u, Err: err}
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody))
	resp.Body.Close()
	return resp.StatusCode, nil
}

var tagWord = regexp.MustCompile(`^~?@?[^\s@~,&()]+$`)

// tagFilter turns the user's tag expression into godog's (groups joined by
// "," of tags joined by "&&", "~" for not), accepting the words and, or, not,
// and adds the exclusions of the run to every group.
func tagFilter(user string, exclude []string) (string, error) {
	expr := strings.TrimSpace(user)
	if strings.ContainsAny(expr, "()") {
		return "", fmt.Errorf("tags %q: parentheses are not supported: write a && b for and, a,b for or, ~a for not", user)
	}
	words := strings.Fields(strings.NewReplacer(",", " , ", "&&", " && ").Replace(expr))
	var groups [][]string
	var group []string
	neg := false
	for i, w := range words {
		switch strings.ToLower(w) {
		case "or", ",":
			if len(group) == 0 || neg {
				return "", fmt.Errorf("tags %q: %q needs a tag on each side", user, w)
			}
			groups, group = append(groups, group), nil
			continue
		case "and", "&&":
			if len(group) == 0 || neg || i == len(words)-1 || isJoined(words, i) {
				return "", fmt.Errorf("tags %q: %q needs a tag on each side", user, w)
			}
			continue
		case "not":
			neg = !neg
			continue
		}
		if !tagWord.MatchString(w) {
			return "", fmt.Errorf("tags %q: %q is not a tag (want @name, ~@name, a && b, a,b)", user, w)
		}
		if len(group) > 0 && !isJoined(words, i) {
			return "", fmt.Errorf("tags %q: join tags with && (and) or , (or)", user)
		}
		t := strings.TrimPrefix(w, "~")
		negated := neg != strings.HasPrefix(w, "~")
		t = "@" + strings.TrimPrefix(t, "@")
		if negated {
			t = "~" + t
		}
		group = append(group, t)
		neg = false
	}
	if neg || (len(words) > 0 && len(group) == 0) {
		return "", fmt.Errorf("tags %q: ends without a tag", user)
	}
	if len(group) > 0 {
		groups = append(groups, group)
	}
	if len(groups) == 0 {
		groups = [][]string{nil}
	}
	parts := make([]string, len(groups))
	for i, g := range groups {
		for _, x := range exclude {
			g = append(g, "~"+x)
		}
		parts[i] = strings.Join(g, " && ")
	}
	return strings.Join(parts, ","), nil
}

// isJoined reports whether the word before words[i] (skipping "not") is an
// operator.
func isJoined(words []string, i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch strings.ToLower(words[j]) {
		case "not":
			continue
		case "and", "&&", "or", ",":
			return true
		}
		return false
	}
	return true
}

// tally counts the scenarios of a run as their After hooks report them.
type tally struct {
	mu                      sync.Mutex
	passed, failed, skipped int
	skippedFor              map[string]int
	// why maps the name of each skipped scenario to the reason, for the JUnit
	// report.
	why map[string]string
}

func (t *tally) add(name, skip string, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if skip == "" && errors.Is(err, godog.ErrSkip) {
		skip = "a step asked to skip the scenario"
	}
	switch {
	case skip != "":
		t.skipped++
		t.skippedFor[skip]++
		t.why[name] = skip
	case err != nil:
		t.failed++
	default:
		t.passed++
	}
}

// skipReasons returns the reason of each skipped scenario, by name.
func (t *tally) skipReasons() map[string]string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]string, len(t.why))
	for k, v := range t.why {
		out[k] = v
	}
	return out
}

func (t *tally) result() Result {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := Result{Passed: t.passed, Failed: t.failed, Skipped: t.skipped, SkippedFor: map[string]int{}}
	for k, v := range t.skippedFor {
		r.SkippedFor[k] = v
	}
	return r
}

// summaryFixer passes godog's report through line by line, rewriting the
// "N scenarios (...)" line, in which godog counts a skipped scenario as
// passed, with the run's own count.
type summaryFixer struct {
	w     io.Writer
	tally *tally
	buf   []byte
}

var scenariosLine = regexp.MustCompile(`^(\x1b\[[0-9;]*m)*\d+ scenarios? \(`)

func (f *summaryFixer) Write(p []byte) (int, error) {
	f.buf = append(f.buf, p...)
	for {
		i := bytes.IndexByte(f.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := f.buf[:i+1]
		if scenariosLine.Match(line) {
			r := f.tally.result()
			line = fmt.Appendf(nil, "%d scenarios (%s)\n", r.Passed+r.Failed+r.Skipped, r.Summary())
		}
		if _, err := f.w.Write(line); err != nil {
			return len(p), err
		}
		f.buf = f.buf[i+1:]
	}
}

func (f *summaryFixer) flush() {
	if len(f.buf) > 0 {
		_, _ = f.w.Write(f.buf)
		f.buf = nil
	}
}
