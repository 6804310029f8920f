// Package proxy is a validating reverse proxy for getCustomerProfileData: it
// forwards every request to a real implementation unchanged, and judges each
// answer to a request of the endpoint against the contract (the status, the
// headers, the body for its status, the semantic rules of a 200, and what the
// request itself implies, such as a 401 for a request without credentials).
// A frontend's end-to-end run through it finds out whether the implementation
// honours the contract on the requests the frontend really makes.
package proxy

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/profilemock/profilemock/features/coverage"
	"github.com/profilemock/profilemock/features/wire"
	"github.com/profilemock/profilemock/schemas"
	"github.com/profilemock/profilemock/schemas/guard"
	"github.com/profilemock/profilemock/schemas/rules"
)

// Defaults of Config.
const (
	DefaultMaxBody = 8 << 20
	DefaultKeep    = 1000
)

// AdminPath lists the violations seen so far (GET, JSON). The proxy answers it
// itself and never forwards it.
const AdminPath = "/__admin/violations"

// CoveragePath gives what the implementation's answers exercised of the
// contract over the proxy's life (GET, JSON, as the contract suite's
// --coverage file).
const CoveragePath = "/__admin/coverage"

// ViolationsHeader counts the violations of an answer; the proxy adds it to
// every answer it checked (0 for a good one).
const ViolationsHeader = "X-Contract-Violations"

// Config is everything New needs.
type Config struct {
	// Target is the implementation's base URL; a path in it prefixes every
	// forwarded path.
	Target *url.URL
	// Path is the route template of the endpoint ("" for rules.DefaultPath).
	// A request is checked when its path ends with the route.
	Path string
	// Strict checks bodies at the strict level.
	Strict bool
	// Rules are the rules the implementation declares beyond the contract
	// (its fixtures' rules:); the zero value holds it to the contract only.
	// A token it declares it refuses must be answered 400 (or 401).
	Rules rules.Declared
	// Schemas is the compiled contract; nil loads it.
	Schemas *schemas.Set
	// Logger receives a line per violation and per failed forward. Nil: none.
	Logger *slog.Logger
	// MaxBody bounds the bytes of a body the proxy reads to check; a longer
	// body is a violation and is forwarded unchecked. 0: DefaultMaxBody.
	MaxBody int64
	// Keep bounds the violations listed at AdminPath (the last ones are
	// kept; the total counts all). 0: DefaultKeep.
	Keep int
	// Transport forwards the requests; nil: a wire.Transport, which sends
	// each request as it came (no Accept-Encoding of its own) on a connection
	// of its own, and keeps the bytes an implementation sends after the
	// headers of a 204.
	Transport http.RoundTripper
	// AllowedHosts are the host names (no port) its admin paths answer
	// beyond localhost and IP addresses; any other Host is a 403 (40302),
	// and a request from a page of a non-loopback origin too (40301), so
	// that a web page cannot read the violations, which quote the answers.
	AllowedHosts []string
}

// Violation is one violation of the contract by one answer.
type Violation struct {
	Time   time.Time `json:"time"`
	Method string    `json:"method"`
	Path   string    `json:"path"`
	Status int       `json:"status"`
	// Pointer is the JSON pointer of the offending value in the body; "" is
	// the answer as a whole (its status, a header, a body that is not JSON).
	Pointer  string `json:"pointer"`
	Expected string `json:"expected"`
	Found    string `json:"found"`
}

// Proxy is the validating reverse proxy, an http.Handler. It is safe for
// concurrent use.
type Proxy struct {
	cfg      Config
	route    *rules.Route
	schemas  *schemas.Set
	level    schemas.Level
	log      *slog.Logger
	rp       *httputil.ReverseProxy
	seen     *journal
	coverage *coverage.Collector
	guard    *guard.Guard
}

// New checks cfg and returns the proxy.
func New(cfg Config) (*Proxy, error) {
	if cfg.Target == nil || (cfg.Target.Scheme != "http" && cfg.Target.Scheme != "https") || cfg.Target.Host == "" {
		return nil, errors.New("proxy: Config.Target must be an absolute http or https URL")
	}
	route, err := rules.ParseRoute(cfg.Path)
	if err != nil {
		return nil, fmt.Errorf("proxy: Config.Path: %w", err)
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.Keep <= 0 {
		cfg.Keep = DefaultKeep
	}
	p := &Proxy{cfg: cfg, route: route, schemas: cfg.Schemas, log: cfg.Logger, seen: newJournal(cfg.Keep),
		guard: guard.New(nil, cfg.AllowedHosts)}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	if p.schemas == nil {
		if p.schemas, err = schemas.Load(); err != nil {
			return nil, fmt.Errorf("proxy: %w", err)
		}
	}
	if cfg.Strict {
		p.level = schemas.Strict
	}
	if p.coverage, err = coverage.New(); err != nil {
		return nil, fmt.Errorf("proxy: %w", err)
	}
	transport := cfg.Transport
	if transport == nil {
		transport = &wire.Transport{}
	}
	p.rp = &httputil.ReverseProxy{
		Rewrite:        p.rewrite,
		Transport:      transport,
		ModifyResponse: p.check,
		ErrorHandler:   p.failed,
		ErrorLog:       slog.NewLogLogger(p.log.Handler(), slog.LevelWarn),
	}
	return p, nil
}

// ServeHTTP forwards r, or answers AdminPath.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case AdminPath:
		p.admin(w, r, func() []byte {
			list, total := p.seen.list()
			body, _ := json.MarshalIndent(struct {
				Total      int64       `json:"total"`
				Kept       int         `json:"kept"`
				Violations []Violation `json:"violations"`
			}{total, len(list), list}, "", "  ")
			return append(body, '\n')
		})
		return
	case CoveragePath:
		p.admin(w, r, func() []byte { return p.coverage.Report().JSON() })
		return
	}
	p.rp.ServeHTTP(w, r)
}

// Total is the number of violations seen since the proxy started.
func (p *Proxy) Total() int64 {
	_, total := p.seen.list()
	return total
}

// Violations returns the kept violations, oldest first, and the total.
func (p *Proxy) Violations() ([]Violation, int64) { return p.seen.list() }

// request is what the check of an answer needs to know of its request.
type request struct {
	method, path      string
	department, token string
	authorization     []string
	conditional       bool
	body              []byte // the plain 200 body, once read and checked
}

type requestKey struct{}

func (p *Proxy) rewrite(pr *httputil.ProxyRequest) {
	pr.SetURL(p.cfg.Target)
	in := pr.In
	if in.Method != http.MethodGet && in.Method != http.MethodHead {
		return
	}
	dept, token, ok := p.route.Match(in.URL)
	if !ok {
		return
	}
	req := &request{
		method:        in.Method,
		path:          in.URL.EscapedPath(),
		department:    dept,
		token:         token,
		authorization: in.Header.Values("Authorization"),
		conditional:   in.Header.Get("If-None-Match") != "" || in.Header.Get("If-Modified-Since") != "",
	}
	pr.Out = pr.Out.WithContext(context.WithValue(pr.Out.Context(), requestKey{}, req))
}

// brokenBody is an answer whose body could not be read to the end: it cannot
// be forwarded as it is, so the client gets a 502.
type brokenBody struct {
	err        error
	violations int
}

func (e *brokenBody) Error() string { return "the upstream body broke off: " + e.err.Error() }

// check judges an answer to a request of the endpoint, records and logs its
// violations, and marks the answer with their number.
func (p *Proxy) check(resp *http.Response) error {
	req, _ := resp.Request.Context().Value(requestKey{}).(*request)
	if req == nil {
		return nil
	}
	vs, err := p.judge(req, resp)
	p.record(req, resp.StatusCode, vs)
	if rules.Documented(resp.StatusCode) && req.method == http.MethodGet {
		p.coverage.Add(resp.StatusCode, req.body)
	}
	if err != nil {
		return &brokenBody{err: err, violations: len(vs)}
	}
	resp.Header.Set(ViolationsHeader, strconv.Itoa(len(vs)))
	if resp.Header.Get("Access-Control-Allow-Origin") != "" {
		// A page on another origin may read the count.
		resp.Header.Add("Access-Control-Expose-Headers", ViolationsHeader)
	}
	return nil
}

func (p *Proxy) judge(req *request, resp *http.Response) ([]rules.Violation, error) {
	status := resp.StatusCode
	if !rules.Documented(status) {
		if status == http.StatusNotModified && req.conditional {
			return nil, nil
		}
		return rules.Status(status), nil
	}
	want, why := rules.Expect(req.department, req.token, req.authorization, p.cfg.Rules)
	vs := rules.Expected(status, want, why)
	if status == http.StatusNoContent {
		body, err := p.buffer(resp)
		// What followed the headers cannot reach the client: a 204 has no body.
		resp.Body = http.NoBody
		return append(vs, rules.NoBody(resp.Header, resp.TransferEncoding, body)...), err
	}
	vs = append(vs, rules.Challenge(status, resp.Header)...)
	vs = append(vs, rules.ContentType(status, resp.Header)...)
	if req.method == http.MethodHead {
		return vs, nil
	}
	body, err := p.buffer(resp)
	if err != nil {
		return append(vs, rules.Violation{
			Expected: "a complete body",
			Found:    fmt.Sprintf("a body that broke off after %d bytes (%v)", len(body), err),
		}), err
	}
	if int64(len(body)) > p.cfg.MaxBody {
		return append(vs, rules.Violation{
			Expected: fmt.Sprintf("a body of at most %d bytes to check", p.cfg.MaxBody),
			Found:    "a body too large to check (forwarded unchecked)",
		}), nil
	}
	plain, note := decoded(resp.Header.Get("Content-Encoding"), body, p.cfg.MaxBody)
	if note != "" {
		if plain == nil {
			p.log.Warn("answer not checked", "method", req.method, "path", req.path, "status", status, "reason", note)
			return vs, nil
		}
		vs = append(vs, rules.Violation{Expected: "a body in its Content-Encoding", Found: note})
		return vs, nil
	}
	req.body = plain
	bvs, err := rules.Body(p.schemas, status, p.level, plain)
	if err != nil {
		return vs, nil // cannot happen: the status is documented
	}
	vs = append(vs, bvs...)
	if status == http.StatusOK && len(bvs) == 0 {
		if v, err := rules.Decode(plain); err == nil {
			vs = append(vs, rules.Profile(v, req.department)...)
		}
	}
	return vs, nil
}

// buffer reads the body of resp up to MaxBody+1 bytes and puts back a body
// that gives the client the same bytes: the buffer, then whatever was not
// read.
func (p *Proxy) buffer(resp *http.Response) ([]byte, error) {
	orig := resp.Body
	body, err := io.ReadAll(io.LimitReader(orig, p.cfg.MaxBody+1))
	if err != nil {
		orig.Close()
		return body, err
	}
	if int64(len(body)) > p.cfg.MaxBody {
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(body), orig), orig}
		return body, nil
	}
	orig.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return body, nil
}

// decoded undoes a gzip Content-Encoding, bounded by max. It returns a note,
// with a nil body, for an encoding it cannot undo (the answer is not checked),
// and a note with a body for a body that is not what its encoding says.
func decoded(encoding string, body []byte, max int64) ([]byte, string) {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "", "identity":
		return body, ""
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return body, "a body that is not gzip (" + err.Error() + ")"
		}
		plain, err := io.ReadAll(io.LimitReader(zr, max+1))
		if err != nil {
			return body, "a gzip body that does not decompress (" + err.Error() + ")"
		}
		if int64(len(plain)) > max {
			return nil, "the decompressed body is too large to check"
		}
		return plain, ""
	}
	return nil, "Content-Encoding " + strconv.Quote(encoding) + " is not one the proxy can undo"
}

func (p *Proxy) record(req *request, status int, vs []rules.Violation) {
	now := time.Now().UTC()
	for _, v := range vs {
		p.log.Warn("contract violation",
			"method", req.method, "path", req.path, "status", status,
			"pointer", v.Pointer, "expected", v.Expected, "found", v.Found)
		p.seen.add(Violation{
			Time: now, Method: req.method, Path: req.path, Status: status,
			Pointer: v.Pointer, Expected: v.Expected, Found: v.Found,
		})
	}
}

// failed answers a request the proxy could not forward: 502 with the
// documented error envelope.
func (p *Proxy) failed(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return // the client went away
	}
	msg := fmt.Sprintf("the proxy could not get an answer from %s: %v", p.cfg.Target.Redacted(), unwrapURLError(err))
	var bb *brokenBody
	if errors.As(err, &bb) {
		msg = fmt.Sprintf("the answer from %s broke off: %v", p.cfg.Target.Redacted(), bb.err)
		w.Header().Set(ViolationsHeader, strconv.Itoa(bb.violations))
	}
	p.log.Error("forward failed", "method", r.Method, "path", r.URL.EscapedPath(), "error", msg)
	body := schemas.Envelope(schemas.ErrorEntry{
		ErrorCode:    schemas.CodeBadGateway,
		ErrorTitle:   http.StatusText(http.StatusBadGateway),
		ErrorMessage: msg,
	}).Bytes()
	w.Header().Set("Cache-Control", "no-store")
	schemas.WriteJSON(w, r, http.StatusBadGateway, body)
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// admin answers one of the proxy's own paths with the JSON body makes.
func (p *Proxy) admin(w http.ResponseWriter, r *http.Request, body func() []byte) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if no := p.guard.Check(r); no != nil {
		entry := schemas.ErrorEntry{ErrorCode: no.Code, ErrorTitle: http.StatusText(no.Status), ErrorMessage: no.Message}
		schemas.WriteJSON(w, r, no.Status, schemas.Envelope(entry).Bytes())
		return
	}
	schemas.WriteJSON(w, r, http.StatusOK, body())
}

// journal keeps the last violations and counts all of them.
type journal struct {
	mu    sync.Mutex
	ring  []Violation
	next  int // where the next one goes once the ring is full
	total int64
}

func newJournal(keep int) *journal { return &journal{ring: make([]Violation, 0, keep)} }

func (j *journal) add(v Violation) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.total++
	if len(j.ring) < cap(j.ring) {
		j.ring = append(j.ring, v)
		return
	}
	j.ring[j.next] = v
	j.next = (j.next + 1) % len(j.ring)
}

func (j *journal) list() ([]Violation, int64) {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]Violation, 0, len(j.ring))
	out = append(out, j.ring[j.next:]...)
	out = append(out, j.ring[:j.next]...)
	return out, j.total
}
