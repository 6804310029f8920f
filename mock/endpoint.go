package mock

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/profilemock/profilemock/scenarios"
	"github.com/profilemock/profilemock/schemas"
)

// exchange is what the endpoint learns about one request, for the journal
// and the log line: getProfile fills in its call's.
type exchange struct {
	department, token string
	scenario, source  string
	step              int
	fault             scenarios.Fault
	status            int  // what the client got, when statusSet
	statusSet         bool // a fault or a departed client: the writer's status is not what was sent
}

// record adds the endpoint's request to the journal, when there is one.
func (s *server) record(c *gin.Context, cl *call, status int, took time.Duration) {
	if s.journal == nil {
		return
	}
	r, x := c.Request, &cl.x
	s.journal.add(journalEntry{
		at:         cl.start,
		duration:   took,
		method:     r.Method,
		path:       r.URL.EscapedPath(),
		query:      r.URL.RawQuery,
		department: x.department,
		token:      x.token,
		scenario:   x.scenario,
		source:     x.source,
		fault:      string(x.fault),
		requestID:  cl.id,
		step:       x.step,
		status:     status,
	})
}

// getProfile answers getCustomerProfileData. The checks run in the documented
// order: credentials (401), path parameters (400), then the scenario is
// chosen (choose) and its step for this call answers (respond). An answer
// before a scenario is chosen says X-Mock-Scenario: default.
func (s *server) getProfile(c *gin.Context, cl *call) error {
	x := &cl.x
	h := c.Writer.Header()
	st, sel, dept, token, err := s.checkAndChoose(c, x)
	if err != nil {
		h.Set(headerScenario, defaultScenario)
		h.Set(headerScenarioSource, sourceDefault)
		return err
	}
	sc := sel.sc
	if v, ok := st.nameHeader[sc.Name]; ok {
		h[headerScenario] = v
	} else {
		h.Set(headerScenario, sc.Name)
	}
	h[headerScenarioSource] = s.hdr.source(sel.source)
	if sel.applied != "" {
		h.Set("Preference-Applied", sel.applied)
	}
	x.scenario, x.source = sc.Name, sel.source

	calls := 0
	if len(sc.Steps) > 1 { // only flows have a position to keep
		calls = s.seq.next(seqKey{scenario: sc.Name, department: strings.ToLower(dept), token: token})
	}
	resp := sc.Step(calls)
	x.step = stepIndex(sc, resp)
	return s.respond(c, x, st, sc, resp, dept, token)
}

// checkAndChoose runs the checks, then chooses the scenario.
func (s *server) checkAndChoose(c *gin.Context, x *exchange) (st *catalogState, sel selection, dept, token string, err error) {
	dept, deptErr := pathParam(c, paramDepartment)
	token, tokenErr := pathParam(c, paramToken)
	x.department, x.token = dept, token
	if deptErr != nil {
		x.department = c.Param(paramDepartment)
	}
	if tokenErr != nil {
		x.token = c.Param(paramToken)
	}
	if err = s.auth.check(c.Request.Header.Values("Authorization")); err != nil {
		return
	}
	if err = deptErr; err != nil {
		return
	}
	if err = checkDepartment(dept); err != nil {
		return
	}
	if err = tokenErr; err != nil {
		return
	}
	if err = checkToken(token); err != nil {
		return
	}
	st = s.lib.current()
	sel, err = s.choose(c.Request, st, dept, token)
	return
}

// stepIndex returns the index of resp among sc's steps.
func stepIndex(sc *scenarios.Scenario, resp *scenarios.Response) int {
	for i := range sc.Steps {
		if &sc.Steps[i] == resp {
			return i
		}
	}
	return 0
}

// respond answers with one step of a scenario: after its delay, its fault,
// or its status and body.
func (s *server) respond(c *gin.Context, x *exchange, st *catalogState, sc *scenarios.Scenario, resp *scenarios.Response, dept, token string) error {
	if !resp.Delay.IsZero() && !sleep(c.Request.Context(), resp.Delay.Pick(rand.Uint64())) {
		// The client went away during the delay: nobody is left to answer.
		x.status, x.statusSet = statusClientGone, true
		c.Abort()
		return nil
	}
	if resp.Fault != scenarios.NoFault {
		return s.fault(c, x, st, sc, resp, dept, token)
	}
	switch resp.Status {
	case http.StatusOK:
	case http.StatusNoContent:
		c.Status(http.StatusNoContent)
		c.Writer.WriteHeaderNow()
		return nil
	default:
		return cannedError(resp)
	}

	r, err := s.render(st, sc, resp, x.step, dept, token)
	if err != nil {
		return err
	}
	h := c.Writer.Header()
	h["Etag"] = r.etagHdr
	// Browsers may keep the body but must ask again each time; the ETag makes
	// asking again cheap.
	h["Cache-Control"] = s.hdr.noCache
	if etagMatches(c.GetHeader("If-None-Match"), r.etag) {
		c.Status(http.StatusNotModified)
		c.Writer.WriteHeaderNow()
		return nil
	}
	h["Content-Type"] = s.hdr.json
	h["Content-Length"] = r.lengthHdr
	c.Status(http.StatusOK)
	if c.Request.Method == http.MethodHead {
		c.Writer.WriteHeaderNow()
		return nil
	}
	_, _ = c.Writer.Write(r.body)
	return nil
}

// statusClientGone is what the journal and the log record for a request whose
// client went away during the delay (nginx's "client closed request").
const statusClientGone = 499

// sleep waits d, or until ctx is done; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// cannedError is a scenario's 400, 401 or 500, written by the adapter like
// every error answer, with the scenario's own entries.
func cannedError(resp *scenarios.Response) *Error {
	entries := resp.Errors
	if len(entries) == 0 {
		entries = scenarios.DefaultErrors(resp.Status)
	}
	e := &Error{Status: resp.Status, body: resp.ErrorBody(), canned: true}
	if len(entries) > 0 {
		e.Code, e.Message = entries[0].ErrorCode, entries[0].ErrorMessage
	}
	return e
}

// fault breaks the answer on purpose, as an off-contract scenario asks:
//
//	connection-reset  the connection is closed with SO_LINGER 0: a TCP RST, no byte of answer
//	empty-reply       the connection is closed without a byte
//	truncated-json    the status and headers with the full Content-Length, half the body, then close
//
// Each takes over the connection (http.Hijacker). Where that is impossible
// (HTTP/2, a ResponseRecorder), the handler aborts with http.ErrAbortHandler,
// which breaks the answer as net/http can.
func (s *server) fault(c *gin.Context, x *exchange, st *catalogState, sc *scenarios.Scenario, resp *scenarios.Response, dept, token string) error {
	x.fault = resp.Fault
	var head, body []byte
	if resp.Fault == scenarios.FaultTruncatedJSON {
		r, err := s.render(st, sc, resp, x.step, dept, token)
		if err != nil {
			return err
		}
		h := c.Writer.Header()
		h.Set("Content-Type", "application/json; charset=utf-8")
		h.Set("Content-Length", strconv.Itoa(len(r.body)))
		h.Set("Cache-Control", "no-store")
		h.Set("Date", time.Now().UTC().Format(http.TimeFormat))
		h.Set("Connection", "close")
		var b bytes.Buffer
		b.WriteString("HTTP/1.1 200 OK\r\n")
		_ = h.Write(&b)
		b.WriteString("\r\n")
		head = b.Bytes()
		if c.Request.Method != http.MethodHead {
			body = r.body[:len(r.body)/2]
		}
	}
	x.status, x.statusSet = 0, true
	if head != nil {
		x.status = http.StatusOK
	}
	conn, ok := hijack(c)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	switch resp.Fault {
	case scenarios.FaultConnectionReset:
		tcp := conn
		if nc, ok := conn.(interface{ NetConn() net.Conn }); ok { // TLS
			tcp = nc.NetConn()
		}
		if t, ok := tcp.(*net.TCPConn); ok {
			_ = t.SetLinger(0)
		}
		_ = tcp.Close()
	case scenarios.FaultTruncatedJSON:
		_, _ = conn.Write(append(head, body...))
		_ = conn.Close()
	default: // empty-reply
		_ = conn.Close()
	}
	return nil
}

// hijack takes the connection over from net/http, when the writer allows it.
func hijack(c *gin.Context) (net.Conn, bool) {
	u, ok := c.Writer.(interface{ Unwrap() http.ResponseWriter })
	if !ok {
		return nil, false
	}
	if _, ok := u.Unwrap().(http.Hijacker); !ok {
		return nil, false
	}
	conn, _, err := c.Writer.Hijack()
	if err != nil {
		return nil, false
	}
	return conn, true
}

// rendered is an encoded 200 body with its strong ETag, and the two header
// values that depend on it, ready to assign (see preparedHeaders).
type rendered struct {
	body      []byte
	etag      string
	etagHdr   []string
	lengthHdr []string
}

// render returns the 200 body of a scenario's step for (dept, token): from
// the cache, or rendered, checked (when CheckResponses is set and the
// scenario keeps to the contract) and cached. The key holds everything the
// bytes depend on, the catalog's generation included.
func (s *server) render(st *catalogState, sc *scenarios.Scenario, resp *scenarios.Response, step int, dept, token string) (rendered, error) {
	k := cacheKey{seed: s.cfg.Seed, gen: st.gen, scenario: sc.Name, step: step, department: dept, token: token}
	if r, ok := s.cache.get(k); ok {
		return r, nil
	}
	body, err := resp.Render200(s.cfg.Seed, dept, token)
	if err != nil {
		return rendered{}, fmt.Errorf("rendering scenario %s step %d: %w", sc.Name, step, err)
	}
	if s.schemas != nil && s.cfg.CheckResponses && !sc.OffContract {
		vs, err := s.schemas.Validate(http.StatusOK, schemas.Strict, body)
		if err != nil {
			return rendered{}, fmt.Errorf("checking the rendered profile: %w", err)
		}
		if len(vs) > 0 {
			lines := make([]string, len(vs))
			for i, v := range vs {
				lines[i] = v.String()
			}
			return rendered{}, fmt.Errorf("the rendered profile of scenario %s breaks the contract (strict): %s", sc.Name, strings.Join(lines, "; "))
		}
	}
	sum := sha256.Sum256(body)
	etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
	r := rendered{body: body, etag: etag, etagHdr: []string{etag}, lengthHdr: []string{strconv.Itoa(len(body))}}
	s.cache.add(k, r)
	return r, nil
}

// etagMatches applies If-None-Match's weak comparison (RFC 9110 13.1.2):
// "*", or any listed tag with the same opaque value, W/ or not.
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

// preparedHeaders are header values that do not change between answers,
// built once so that a cached answer assigns them without allocating or
// canonicalising: about a fifth of a cache hit's allocations otherwise. The
// slices have no spare capacity, so an Add elsewhere copies rather than
// writes into them; nothing writes into them in place.
type preparedHeaders struct {
	json, noCache, varyOrigin []string
	sources                   map[string][]string
}

func newPreparedHeaders() preparedHeaders {
	p := preparedHeaders{json: []string{schemas.JSONContentType}, noCache: []string{"no-cache"}, varyOrigin: []string{"Origin"}, sources: map[string][]string{}}
	for _, src := range []string{sourceHeader, sourcePrefer, sourceQuery, sourceMatch, sourceActiveDepartment, sourceActive, sourceDefault} {
		p.sources[src] = []string{src}
	}
	return p
}

func (p preparedHeaders) source(src string) []string {
	if v, ok := p.sources[src]; ok {
		return v
	}
	return []string{src}
}
