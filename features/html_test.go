package features

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/profilemock/profilemock/mock"
	"github.com/profilemock/profilemock/schemas/rules"
)

// loginPage is what a service behind a single-sign-on gateway sends a request
// without credentials instead of its 401: a page with a script, which the
// report quotes and must never run.
const loginPage = `<html><script>document.title="pwned"</script><img src="http://127.0.0.1:9/x.png">sign in</html>`

// driftedPointer is the field the drifting service breaks in every profile.
const driftedPointer = "/customerProfileDataRequestDTO/customerInfo/fname"

// htmlDriftService serves the mock, drifted: a profile's customerInfo.fname
// is a number and its company always empty, and a request without
// credentials gets the login page, 200.
func htmlDriftService(t *testing.T) string {
	t.Helper()
	m, err := mock.New(mock.Config{Seed: 1, Auth: mock.Auth{Basic: []string{BuiltinCredentials}}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte(loginPage))
			return
		}
		rec := httptest.NewRecorder()
		m.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		var v map[string]any
		if rec.Code == 200 && json.Unmarshal(body, &v) == nil {
			if dto, ok := v["customerProfileDataRequestDTO"].(map[string]any); ok {
				if ci, ok := dto["customerInfo"].(map[string]any); ok {
					ci["fname"], ci["company"] = 42, ""
				}
			}
			body, _ = json.Marshal(v)
		}
		for k, vs := range rec.Header() {
			w.Header()[k] = vs
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	}))
	t.Cleanup(func() {
		srv.Close()
		_ = m.Close()
	})
	return srv.URL
}

// htmlDriftRun runs the suite against htmlDriftService, with fixtures that
// declare no rule and no 500 (so that some checks do not run and some
// scenarios are skipped), and writes the HTML report.
func htmlDriftRun(t *testing.T) (res Result, page, terminal string) {
	t.Helper()
	fx := BuiltinFixtures()
	delete(fx.Responses, 500)
	fx.Rules, fx.BadRequests = rules.Declared{}, nil
	page = filepath.Join(t.TempDir(), "report.html")
	var out bytes.Buffer
	res, err := Run(context.Background(), Config{Target: htmlDriftService(t), Fixtures: fx, HTML: page, Output: &out})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed == 0 || res.Passed == 0 || res.Skipped == 0 {
		t.Fatalf("the drifting service should pass, fail and skip scenarios: %s\n%s", res.Summary(), out.String())
	}
	return res, page, out.String()
}

// reportLines returns the lines of the terminal report that start with
// label ("answer:", "repeat:"), without the label.
func reportLines(terminal, label string) []string {
	var out []string
	for _, l := range strings.Split(terminal, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), label); ok {
			out = append(out, strings.TrimSpace(rest))
		}
	}
	return out
}

var (
	tagRE   = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9]*)[^>]*>`)
	attrRE  = regexp.MustCompile(`(?i)\s(src|href|srcset|action|data|poster)\s*=\s*["']?([^"'\s>]*)`)
	styleRE = regexp.MustCompile(`(?is)<style>(.*?)</style>`)
)

// external finds what would make the page fetch or run something: a tag
// that loads or runs, an attribute that refers to anything but a place in
// the page, a CSS url() or @import.
func external(doc string) []string {
	var out []string
	for _, m := range tagRE.FindAllStringSubmatch(doc, -1) {
		switch strings.ToLower(m[1]) {
		case "script", "link", "img", "iframe", "object", "embed", "source", "video", "audio", "base", "form":
			out = append(out, m[0])
			continue
		}
		for _, a := range attrRE.FindAllStringSubmatch(m[0], -1) {
			if !strings.HasPrefix(a[2], "#") {
				out = append(out, m[0])
			}
		}
	}
	for _, m := range styleRE.FindAllStringSubmatch(doc, -1) {
		if strings.Contains(m[1], "url(") || strings.Contains(m[1], "@import") {
			out = append(out, "<style> with url() or @import")
		}
	}
	return out
}

// TestHTMLReportEscapes: the report quotes a body that holds a script as
// text, refers to nothing outside itself, and says what the terminal says.
func TestHTMLReportEscapes(t *testing.T) {
	res, page, terminal := htmlDriftRun(t)
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	if refs := external(doc); len(refs) > 0 {
		t.Errorf("the page refers to something outside itself or runs a script: %q", refs)
	}
	if want := html.EscapeString(`<script>document.title="pwned"</script>`); !strings.Contains(doc, want) {
		t.Errorf("the page does not quote the body's script as text (%s)", want)
	}
	for _, label := range []string{"answer:", "repeat:", "not run:"} {
		lines := reportLines(terminal, label)
		if len(lines) == 0 {
			t.Fatalf("the terminal report has no %q line:\n%s", label, terminal)
		}
		for _, l := range lines {
			if !strings.Contains(doc, html.EscapeString(l)) {
				t.Errorf("the page lacks the terminal's %q line %q", label, l)
			}
		}
	}
	if !strings.Contains(doc, html.EscapeString(res.Summary())) {
		t.Errorf("the page lacks the summary %q", res.Summary())
	}
	if strings.Contains(doc, strings.TrimPrefix(BuiltinFixtures().Auth, "Basic ")) {
		t.Error("the page shows the credentials")
	}
}

// TestHTMLReportEscapesEverything: every text the page shows goes through
// the template's escaping, whatever its source.
func TestHTMLReportEscapesEverything(t *testing.T) {
	const evil = `<script>alert(1)</script>`
	cuke := fmt.Sprintf(`[{"uri":%[1]q,"name":%[1]q,"elements":[{"name":%[1]q,"steps":[{"keyword":"Then ","name":%[1]q,"result":{"status":"failed","error_message":%[1]q}}]}]}]`, evil)
	page := filepath.Join(t.TempDir(), "r.html")
	run := htmlRun{Target: evil, Notes: []string{evil}, Warnings: []string{evil}, Views: map[string]failureView{
		evil: {Headline: evil, Violations: []violationLine{{Pointer: evil, Line: evil}}, Lines: []labelled{{"body", evil}}},
	}}
	if err := writeHTML(page, []byte(cuke), Result{Failed: 1, SkippedFor: map[string]int{evil: 1}}, run); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.ToLower(string(b)), "<script") {
		t.Errorf("a <script> came through unescaped:\n%s", b)
	}
	if n := strings.Count(string(b), "&lt;script&gt;"); n < 8 {
		t.Errorf("the text appears escaped %d times; want every place it was put", n)
	}
	if err := writeHTML(page, []byte("{"), Result{}, htmlRun{}); err == nil || !strings.Contains(err.Error(), "cucumber report") {
		t.Errorf("a broken cucumber report: %v", err)
	}
}

// chromium finds the browser of the browser tests.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium, chromium-browser or google-chrome on PATH: CI must install it with .ci/install-chromium")
	}
	t.Skip("no chromium, chromium-browser or google-chrome on PATH (run .ci/install-chromium); skipped outside CI")
	return ""
}

// shown is what the page shows, read from its DOM in the browser.
type shown struct {
	Scenarios   []string `json:"scenarios"` // total, passed, failed, skipped
	Steps       []string `json:"steps"`
	ByStatus    []int    `json:"byStatus"` // scenario boxes passed, failed, skipped
	Failures    string   `json:"failures"`
	Articles    int      `json:"articles"`
	Percent     []string `json:"percent"` // fields, enum values, arrays
	FieldGaps   []string `json:"fieldGaps"`
	NotRun      string   `json:"notRun"`
	Loads       int      `json:"loads"`
	Scripts     int      `json:"scripts"`
	Title       string   `json:"title"`
	SkipReasons string   `json:"skipReasons"`
}

const readPage = `(() => {
	const text = s => { const e = document.querySelector(s); return e ? e.innerText.trim() : "" };
	const cells = s => [...document.querySelectorAll(s + " td")].map(e => e.innerText.trim());
	const count = s => document.querySelectorAll(s).length;
	return {
		scenarios: cells("#scenario-counts"),
		steps: cells("#step-counts"),
		byStatus: [count("details.scenario.passed"), count("details.scenario.failed"), count("details.scenario.skipped")],
		failures: text("#failures"),
		articles: count("#failures article.failure"),
		percent: [text("#pct-fields"), text("#pct-enumValues"), text("#pct-arrays")],
		fieldGaps: [...document.querySelectorAll("#fields tr.gap")].map(e => e.innerText),
		notRun: text("#not-run"),
		loads: count("script[src],link[href],img[src],iframe,object,embed,source,video,audio"),
		scripts: count("script"),
		title: document.title,
		skipReasons: text("#skipped"),
	};
})()`

// TestHTMLReportInBrowser opens the report of a failing run in headless
// Chromium and checks that what the page shows is the run: the counts, the
// failures with their pointers, the coverage, and that the page fetched
// nothing.
func TestHTMLReportInBrowser(t *testing.T) {
	exe := chromium(t)
	if testing.Short() {
		t.Skip("starts a browser; skipped with -short")
	}
	res, page, terminal := htmlDriftRun(t)

	alloc, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	defer cancel()
	// The timeout bounds the whole browser: it stops it.
	ctx, cancel := context.WithTimeout(alloc, 60*time.Second)
	defer cancel()
	ctx, cancel = chromedp.NewContext(ctx)
	defer cancel()

	start := time.Now()
	if err := chromedp.Do(ctx); err != nil { // the tab, so that the listener sees all of the page
		t.Fatalf("chromium: %v", err)
	}
	var mu sync.Mutex
	var fetched []string
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			fetched = append(fetched, e.Request.URL)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	pageURL := "file://" + page
	if err := chromedp.Do(ctx, chromedp.Navigate(pageURL), chromedp.WaitReady(chromedp.CSS("#coverage"))); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[shown](readPage))
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	t.Logf("the browser took %v", time.Since(start).Round(time.Millisecond))
	mu.Lock()
	for _, u := range fetched {
		if u != pageURL {
			t.Errorf("the page fetched %s", u)
		}
	}
	mu.Unlock()

	itoa := strconv.Itoa
	want := []string{itoa(res.Passed + res.Failed + res.Skipped), itoa(res.Passed), itoa(res.Failed), itoa(res.Skipped)}
	if fmt.Sprint(got.Scenarios) != fmt.Sprint(want) {
		t.Errorf("the page counts the scenarios %v; the run: %v", got.Scenarios, want)
	}
	if fmt.Sprint(got.ByStatus) != fmt.Sprint([]int{res.Passed, res.Failed, res.Skipped}) {
		t.Errorf("the page shows %v scenarios passed, failed, skipped; the run: %s", got.ByStatus, res.Summary())
	}
	if m := regexp.MustCompile(`(?m)^\d+ steps \((.*)\)$`).FindStringSubmatch(terminal); m == nil {
		t.Errorf("no steps line in the terminal report")
	} else {
		for _, part := range strings.Split(m[1], ", ") {
			n, what, _ := strings.Cut(part, " ")
			i := map[string]int{"passed": 1, "failed": 2, "skipped": 3}[what]
			if i == 0 || len(got.Steps) != 4 || got.Steps[i] != n {
				t.Errorf("the terminal says %q steps; the page %v", part, got.Steps)
			}
		}
	}
	if got.Articles == 0 || !strings.Contains(got.Failures, driftedPointer+": expected string, found number 42") {
		t.Errorf("the failures section lacks the drifted field %s:\n%s", driftedPointer, got.Failures)
	}
	for _, l := range reportLines(terminal, "repeat:") {
		if !strings.Contains(got.Failures, l) {
			t.Errorf("the failures section lacks the terminal's repeat line %q", l)
		}
	}
	if !strings.Contains(got.Failures, `<script>document.title="pwned"</script>`) || got.Title == "pwned" || got.Scripts != 0 || got.Loads != 0 {
		t.Errorf("the login page's script: shown as text %v, ran %v; scripts %d, loads %d",
			strings.Contains(got.Failures, "<script>"), got.Title == "pwned", got.Scripts, got.Loads)
	}
	p := res.Coverage.Percent
	if want := []string{pct(p.Fields) + "%", pct(p.EnumValues) + "%", pct(p.Arrays) + "%"}; fmt.Sprint(got.Percent) != fmt.Sprint(want) {
		t.Errorf("the page's coverage %v; the run's %v", got.Percent, want)
	}
	var gaps []string
	for ptr, f := range res.Coverage.Fields {
		if f.Present <= f.Empty {
			gaps = append(gaps, ptr)
		}
	}
	if len(got.FieldGaps) != len(gaps) || len(gaps) == 0 {
		t.Errorf("the page marks %d fields as gaps; the run has %d (%v)", len(got.FieldGaps), len(gaps), gaps)
	}
	for _, row := range got.FieldGaps {
		if !strings.Contains(row, "gap") {
			t.Errorf("a gap row does not say gap: %q", row)
		}
	}
	if !strings.Contains(strings.Join(got.FieldGaps, "\n"), "/customerProfileDataRequestDTO/customerInfo/company") {
		t.Errorf("the company, always empty, is not a gap: %v", got.FieldGaps)
	}
	for _, n := range undeclaredNotes(&Fixtures{}) {
		if !strings.Contains(got.NotRun, "not run: "+n) {
			t.Errorf("the page lacks the note %q:\n%s", n, got.NotRun)
		}
	}
	if !strings.Contains(got.SkipReasons, "no fixture for status 500") {
		t.Errorf("the page does not say why scenarios were skipped: %q", got.SkipReasons)
	}
}
