package mock

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"golang.org/x/net/http/httpguts"

	"github.com/profilemock/profilemock/schemas"
)

// call is one request as the mock answers it: what its log line and its
// journal entry need. handleCall makes one per request and hands it down, so
// that nothing per request goes through gin's context map.
type call struct {
	start    time.Time
	id       string // X-Request-Id: the client's, when sane, or made up
	err      error  // the error fail answered with
	returned bool   // the handler returned: it did not panic

	// The endpoint's: the parameters as sent, the request value once the
	// checks passed (nil before; it points at reqValue, which saves an
	// allocation), and what happened beyond the writer's knowledge.
	sent     sentParams
	req      *profileRequest
	reqValue profileRequest
	out      outcome
}

// handle adapts a handler that needs nothing of the call.
func (s *server) handle(h handlerFunc) gin.HandlerFunc {
	return s.handleCall(func(c *gin.Context, _ *call) error { return h(c) }, false)
}

// handleCall turns h into a gin handler that runs around it, outermost first:
// the request id and the log line (observe), CORS, with every preflight
// answered before h would run (cors), a panic turned into the documented
// 500 (recoverPanics), and, for the endpoint, the journal entry. An error h
// returns becomes the error envelope (fail). Every route, and the 404 and
// 405 answers, is built here: the engine has no middleware of its own.
func (s *server) handleCall(h func(*gin.Context, *call) error, journal bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		cl := &call{start: time.Now()}
		s.observe(c, cl)
		defer s.finish(c, cl, journal)
		if s.cors(c) {
			return
		}
		defer s.recoverPanics(c, cl)
		if err := h(c, cl); err != nil {
			s.fail(c, cl, err)
		}
		cl.returned = true
	}
}

// observe gives the request its X-Request-Id (the client's, when sane).
func (s *server) observe(c *gin.Context, cl *call) {
	id := c.GetHeader("X-Request-Id")
	if !saneRequestID(id) {
		var b [48]byte
		id = string(strconv.AppendUint(append(append(b[:0], s.idPrefix...), '-'), s.ids.Add(1), 10))
	}
	cl.id = id
	c.Writer.Header()["X-Request-Id"] = []string{id}
}

// finish records the endpoint's requests in the journal and logs one line
// per request, sampled past Config.LogRate. Neither holds the Authorization
// header, cookies or (in the log) the query string.
func (s *server) finish(c *gin.Context, cl *call, journal bool) {
	took := time.Since(cl.start)
	status := c.Writer.Status()
	switch {
	case cl.out.statusSet:
		status = cl.out.status // a fault or a departed client: not what the writer holds
	case !cl.returned && !c.Writer.Written():
		status = 0 // http.ErrAbortHandler, raised again: net/http drops the connection
	}
	if journal {
		s.record(c, cl, status, took)
	}
	level := slog.LevelInfo
	var errCode int32
	if cl.err != nil {
		var e *Error
		canned := false
		if errors.As(cl.err, &e) {
			errCode = e.Code
			canned = e.canned
		}
		if status >= 500 && !canned { // a scenario's 500 is what was asked for
			level = slog.LevelError
		}
	}
	logged, left := s.sampler.allow(cl.start.Unix())
	if left > 0 {
		s.log.LogAttrs(c.Request.Context(), slog.LevelInfo, "request log sampled",
			slog.Int64("requests_not_logged", left), slog.Int64("lines_per_second", s.sampler.limit))
	}
	if !logged && level < slog.LevelError {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", c.Request.Method),
		slog.String("path", c.Request.URL.EscapedPath()),
		slog.Int("status", status),
		slog.Duration("duration", took),
		slog.String("request_id", cl.id),
		slog.Int("bytes", max(c.Writer.Size(), 0)),
	}
	if journal { // the endpoint's: its request value, or the default before the checks passed
		scenario, source := defaultScenario, sourceDefault
		if cl.req != nil {
			scenario, source = cl.req.sel.sc.Name, cl.req.sel.source
		}
		attrs = append(attrs, slog.String("scenario", scenario), slog.String("scenario_source", source))
	}
	if cl.out.fault != "" {
		attrs = append(attrs, slog.String("fault", string(cl.out.fault)))
	}
	if errCode != 0 {
		attrs = append(attrs, slog.Int("error_code", int(errCode)))
	}
	if level == slog.LevelError {
		attrs = append(attrs, slog.String("error", cl.err.Error()))
	}
	s.log.LogAttrs(c.Request.Context(), level, "request", attrs...)
}

// sampler lets at most limit request lines per second through, and counts
// the rest. It is lock-free: it runs on every request.
type sampler struct {
	limit   int64 // negative: no cap
	window  atomic.Int64
	n       atomic.Int64
	skipped atomic.Int64
}

// allow tells whether the line of a request at unix second now may be
// logged. The first call of a new second also returns how many lines the
// previous seconds left out (counts at a second's edge may land in the next).
func (s *sampler) allow(now int64) (ok bool, left int64) {
	if s.limit < 0 {
		return true, 0
	}
	if w := s.window.Load(); w != now && s.window.CompareAndSwap(w, now) {
		left = s.skipped.Swap(0)
		s.n.Store(0)
	}
	if s.n.Add(1) <= s.limit {
		return true, left
	}
	s.skipped.Add(1)
	return false, left
}

// saneRequestID accepts a client's X-Request-Id of 1 to 128 characters that
// are safe to echo and log: letters, digits and - _ . : / + =.
func saneRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		b := id[i]
		if !isUnreserved(b) && strings.IndexByte(":/+=", b) < 0 {
			return false
		}
	}
	return true
}

// exposedHeaders are the mock's own response headers a page may read.
const exposedHeaders = "ETag, Preference-Applied, WWW-Authenticate, X-Mock-Scenario, X-Mock-Scenario-Source, X-Request-Id"

// defaultAllowedHeaders answers a preflight that names no headers.
const defaultAllowedHeaders = "Authorization, Content-Type, Prefer, X-Admin-Token, X-Mock-Scenario, X-Request-Id"

// cors makes every answer readable by a page of an allowed origin (the
// request's Origin is reflected, never "*", since pages call with
// credentials), and answers every CORS preflight, on any path and without
// Authorization, with 204; it reports whether it answered.
func (s *server) cors(c *gin.Context) bool {
	h := c.Writer.Header()
	h["Vary"] = s.hdr.varyOrigin // a preflight's Add below copies it
	origin := c.GetHeader("Origin")
	allowed, admin := false, false
	if origin != "" {
		// The admin API answers pages of loopback origins, listed ones and
		// its own only (guard); the endpoint, which serves fake data, any.
		if admin = s.isAdminPath(c.Request.URL.Path); admin {
			allowed = s.guard.HostAllowed(c.Request.Host) && s.guard.OriginAllowed(origin, c.Request.Host)
		} else {
			allowed = s.origins == nil || s.origins[origin]
		}
	}
	if allowed {
		h.Set("Access-Control-Allow-Origin", origin)
		h.Set("Access-Control-Allow-Credentials", "true")
		h.Set("Access-Control-Expose-Headers", exposedHeaders)
	}
	if c.Request.Method != http.MethodOptions || c.GetHeader("Access-Control-Request-Method") == "" {
		return false
	}
	// A preflight. Answer it here, so that an unknown path's real answer
	// (a 404 with its JSON body) reaches the page instead of a CORS failure.
	h.Add("Vary", "Access-Control-Request-Method")
	h.Add("Vary", "Access-Control-Request-Headers")
	h.Del("Allow") // set by gin's 405 detection; a preflight is not a 405
	if allowed {
		methods := allowedMethods
		if admin {
			methods = adminMethods // a page may switch scenarios through the admin API
		}
		h.Set("Access-Control-Allow-Methods", methods)
		headers := c.GetHeader("Access-Control-Request-Headers")
		if headers == "" || !isHeaderList(headers) {
			headers = defaultAllowedHeaders
		}
		h.Set("Access-Control-Allow-Headers", headers)
		h.Set("Access-Control-Max-Age", "600")
		if (!admin || s.cfg.CORSPrivateNetwork) && strings.EqualFold(c.GetHeader("Access-Control-Request-Private-Network"), "true") {
			// Chrome's Private Network Access: a public page calling a mock on
			// localhost. The admin API allows it only when asked to.
			h.Set("Access-Control-Allow-Private-Network", "true")
		}
	}
	c.Status(http.StatusNoContent)
	c.Writer.WriteHeaderNow()
	return true
}

// isHeaderList reports a comma-separated list of header names, safe to
// reflect in Access-Control-Allow-Headers.
func isHeaderList(v string) bool {
	for _, name := range strings.Split(v, ",") {
		if !httpguts.ValidHeaderFieldName(strings.TrimSpace(name)) {
			return false
		}
	}
	return true
}

// recoverPanics, deferred, turns a panic of the handler into the documented
// 500 body (code 50001), with the stack in the log only.
// http.ErrAbortHandler is re-raised: it is how a handler asks net/http to
// drop the connection.
func (s *server) recoverPanics(c *gin.Context, cl *call) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	h := c.Writer.Header()
	h.Del("Content-Length")
	h.Del("Preference-Applied")
	s.fail(c, cl, &Error{
		Status: http.StatusInternalServerError,
		Code:   schemas.CodeInternal,
		Cause:  fmt.Errorf("panic: %v\n%s", v, debug.Stack()),
	})
}
