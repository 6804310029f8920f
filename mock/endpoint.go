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

// profileRequest is one request of the endpoint once its checks have passed,
// made once by checkAndChoose: the department in its canonical form, the
// token, the catalog it is answered from, the scenario and what chose it, and
// the step of the scenario that answers. The answer, the journal entry and the
// log line are all made from it.
type profileRequest struct {
	department string // canonical: lower case (schemas.CanonicalUUID)
	token      string
	st         *catalogState
	sel        selection
	step       int
	resp       *scenarios.Response // sel.sc's step-th response
}

// outcome is what happened to a request of the endpoint beyond what the
// response writer knows: the fault that broke it, or the status recorded when
// a fault or a departed client means the writer's is not what was sent.
type outcome struct {
	fault     scenarios.Fault
	status    int
	statusSet bool
}

// record adds the endpoint's request to the journal, when there is one: the
// request value once the checks passed, the parameters as sent before.
func (s *server) record(c *gin.Context, cl *call, status int, took time.Duration) {
	if s.journal == nil {
		return
	}
	e := journalEntry{
		at:         cl.start,
		duration:   took,
		method:     c.Request.Method,
		path:       c.Request.URL.EscapedPath(),
		query:      c.Request.URL.RawQuery,
		department: cl.sent.department,
		token:      cl.sent.token,
		scenario:   defaultScenario,
		source:     sourceDefault,
		fault:      string(cl.out.fault),
		requestID:  cl.id,
		status:     status,
	}
	if r := cl.req; r != nil {
		e.department, e.token = r.department, r.token
		e.scenario, e.source, e.step = r.sel.sc.Name, r.sel.source, r.step
	}
	s.journal.add(e)
}

// sentParams are the path parameters as the request sent them, for the
// journal entry of a request refused before its checks passed.
type sentParams struct{ department, token string }

// getProfile answers getCustomerProfileData. The checks run in the documented
// order: credentials (401), path parameters (400), then the scenario is
// chosen and its step for this call answers (respond). An answer before a
// scenario is chosen says X-Mock-Scenario: default.
func (s *server) getProfile(c *gin.Context, cl *call) error {
	h := c.Writer.Header()
	req, err := s.checkAndChoose(c, cl)
	if err != nil {
		h[headerScenario] = s.hdr.defaultName
		h[headerScenarioSource] = s.hdr.source(sourceDefault)
		return err
	}
	cl.req = req
	name := req.sel.sc.Name
	if v, ok := req.st.nameHeader[name]; ok {
		h[headerScenario] = v
	} else {
		h.Set(headerScenario, name)
	}
	h[headerScenarioSource] = s.hdr.source(req.sel.source)
	if req.sel.applied != "" {
		h.Set("Preference-Applied", req.sel.applied)
	}
	return s.respond(c, cl)
}

// checkAndChoose runs the checks, then makes the request value: the scenario
// chosen, and for a flow the step this call is at. The parameters as sent are
// kept in cl for the journal, whatever the outcome.
func (s *server) checkAndChoose(c *gin.Context, cl *call) (*profileRequest, error) {
	dept, deptErr := pathParam(c, paramDepartment)
	token, tokenErr := pathParam(c, paramToken)
	cl.sent = sentParams{department: dept, token: token}
	if deptErr != nil {
		cl.sent.department = c.Param(paramDepartment)
	}
	if tokenErr != nil {
		cl.sent.token = c.Param(paramToken)
	}
	if err := s.auth.check(c.Request.Header.Values("Authorization")); err != nil {
		return nil, err
	}
	for _, err := range [...]error{deptErr, s.checkSeparators(paramDepartment, dept), checkDepartment(dept), tokenErr, s.checkTokenOf(token)} {
		if err != nil {
			return nil, err
		}
	}
	req := &cl.reqValue
	*req = profileRequest{department: schemas.CanonicalUUID(dept), token: token, st: s.lib.current()}
	sel, err := s.choose(c.Request, req)
	if err != nil {
		return nil, err
	}
	req.sel = sel
	if len(sel.sc.Steps) > 1 { // only flows have a position to keep
		calls := s.seq.next(seqKey{scenario: sel.sc.Name, department: req.department, token: req.token})
		req.step = sel.sc.StepIndex(calls)
	}
	req.resp = &sel.sc.Steps[req.step]
	return req, nil
}

// respond answers with the request's step: after its delay, its fault, or its
// status and body.
func (s *server) respond(c *gin.Context, cl *call) error {
	req := cl.req
	resp := req.resp
	if !resp.Delay.IsZero() && !sleep(c.Request.Context(), resp.Delay.Pick(rand.Uint64())) {
		// The client went away during the delay: nobody is left to answer.
		cl.out.status, cl.out.statusSet = statusClientGone, true
		c.Abort()
		return nil
	}
	if resp.Fault != scenarios.NoFault {
		return s.fault(c, cl)
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

	r, err := s.render(req)
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
func (s *server) fault(c *gin.Context, cl *call) error {
	resp := cl.req.resp
	cl.out.fault = resp.Fault
	var head, body []byte
	if resp.Fault == scenarios.FaultTruncatedJSON {
		r, err := s.render(cl.req)
		if err != nil {
			return err
		}
		h := c.Writer.Header()
		h.Set("Content-Type", schemas.JSONContentType)
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
	cl.out.status, cl.out.statusSet = 0, true
	if head != nil {
		cl.out.status = http.StatusOK
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

// render returns the 200 body of the request's step: from the cache, or
// rendered, checked (when CheckResponses is set and the scenario keeps to the
// contract) and cached. The key holds everything the bytes depend on, the
// catalog's generation included.
func (s *server) render(req *profileRequest) (rendered, error) {
	sc, step := req.sel.sc, req.step
	k := cacheKey{seed: s.cfg.Seed, gen: req.st.gen, scenario: sc.Name, step: step, department: req.department, token: req.token}
	if r, ok := s.cache.get(k); ok {
		return r, nil
	}
	body, err := req.resp.Render200(s.cfg.Seed, req.department, req.token)
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
	json, noCache, varyOrigin, defaultName []string
	sources                                map[string][]string
}

func newPreparedHeaders() preparedHeaders {
	p := preparedHeaders{json: []string{schemas.JSONContentType}, noCache: []string{"no-cache"}, varyOrigin: []string{"Origin"},
		defaultName: []string{defaultScenario}, sources: map[string][]string{}}
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
