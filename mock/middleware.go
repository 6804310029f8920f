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
)

// observe gives every request an X-Request-Id (the client's, when sane) and
// logs one line when it is done. The line never holds the Authorization
// header, cookies or the query string.
func (s *server) observe(c *gin.Context) {
	start := time.Now()
	id := c.GetHeader("X-Request-Id")
	if !saneRequestID(id) {
		var b [48]byte
		id = string(strconv.AppendUint(append(append(b[:0], s.idPrefix...), '-'), s.ids.Add(1), 10))
	}
	c.Set(keyRequestID, id)
	c.Writer.Header()["X-Request-Id"] = []string{id}

	c.Next()

	status := c.Writer.Status()
	var x *exchange // the endpoint's account of the request, when it is one
	if v, ok := c.Get(keyExchange); ok {
		x, _ = v.(*exchange)
	}
	if x != nil && x.statusSet {
		status = x.status // a fault or a departed client: not what the writer holds
	}
	level := slog.LevelInfo
	var reqErr error
	var errCode int32
	if v, ok := c.Get(keyError); ok {
		reqErr, _ = v.(error)
		var e *Error
		canned := false
		if errors.As(reqErr, &e) {
			errCode = e.Code
			canned = e.canned
		}
		if status >= 500 && !canned { // a scenario's 500 is what was asked for
			level = slog.LevelError
		}
	}
	logged, left := s.sampler.allow(start.Unix())
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
		slog.Duration("duration", time.Since(start)),
		slog.String("request_id", id),
		slog.Int("bytes", max(c.Writer.Size(), 0)),
	}
	if sc := c.Writer.Header().Get(headerScenario); sc != "" {
		attrs = append(attrs, slog.String("scenario", sc), slog.String("scenario_source", c.Writer.Header().Get(headerScenarioSource)))
	}
	if x != nil && x.fault != "" {
		attrs = append(attrs, slog.String("fault", string(x.fault)))
	}
	if errCode != 0 {
		attrs = append(attrs, slog.Int("error_code", int(errCode)))
	}
	if level == slog.LevelError {
		attrs = append(attrs, slog.String("error", reqErr.Error()))
	}
	s.log.LogAttrs(c.Request.Context(), level, "request", attrs...)
}

// defaultLogRate is Config.LogRate's default: more request lines per second
// than a person can read, fewer than a load test sends.
const defaultLogRate = 200

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
// Authorization, with 204.
func (s *server) cors(c *gin.Context) {
	h := c.Writer.Header()
	h["Vary"] = s.hdr.varyOrigin // a preflight's Add below copies it
	origin := c.GetHeader("Origin")
	allowed := origin != "" && (s.origins == nil || s.origins[origin])
	if allowed {
		h.Set("Access-Control-Allow-Origin", origin)
		h.Set("Access-Control-Allow-Credentials", "true")
		h.Set("Access-Control-Expose-Headers", exposedHeaders)
	}
	if c.Request.Method != http.MethodOptions || c.GetHeader("Access-Control-Request-Method") == "" {
		c.Next()
		return
	}
	// A preflight. Answer it here, so that an unknown path's real answer
	// (a 404 with its JSON body) reaches the page instead of a CORS failure.
	h.Add("Vary", "Access-Control-Request-Method")
	h.Add("Vary", "Access-Control-Request-Headers")
	h.Del("Allow") // set by gin's 405 detection; a preflight is not a 405
	if allowed {
		methods := allowedMethods
		if s.isAdminPath(c.Request.URL.Path) {
			methods = adminMethods // a page may switch scenarios through the admin API
		}
		h.Set("Access-Control-Allow-Methods", methods)
		headers := c.GetHeader("Access-Control-Request-Headers")
		if headers == "" || !isHeaderList(headers) {
			headers = defaultAllowedHeaders
		}
		h.Set("Access-Control-Allow-Headers", headers)
		h.Set("Access-Control-Max-Age", "600")
		if strings.EqualFold(c.GetHeader("Access-Control-Request-Private-Network"), "true") {
			// Chrome's Private Network Access: a public page calling a mock on localhost.
			h.Set("Access-Control-Allow-Private-Network", "true")
		}
	}
	c.AbortWithStatus(http.StatusNoContent)
}

// isHeaderList reports a comma-separated list of header names, safe to
// reflect in Access-Control-Allow-Headers.
func isHeaderList(v string) bool {
	for _, name := range strings.Split(v, ",") {
		if !isToken(strings.TrimSpace(name)) {
			return false
		}
	}
	return true
}

// recoverPanics turns a panic below it into the documented 500 body (code
// 50001), with the stack in the log only. http.ErrAbortHandler is re-raised:
// it is how a handler asks net/http to drop the connection.
func (s *server) recoverPanics(c *gin.Context) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler {
			panic(v)
		}
		c.Abort()
		h := c.Writer.Header()
		h.Del("Content-Length")
		h.Del("Preference-Applied")
		s.fail(c, &Error{
			Status: http.StatusInternalServerError,
			Code:   CodeInternal,
			Cause:  fmt.Errorf("panic: %v\n%s", v, debug.Stack()),
		})
	}()
	c.Next()
}
