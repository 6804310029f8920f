package mock

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/profilemock/profilemock/schemas"
)

// The errorCode of each kind of error answer is in schemas (schemas.Code...,
// and the one table of them all, schemas.ErrorCodes). The error answers of
// scenarios (bad-request, unauthorized, server-error, flaky, Prefer:
// code=400|401|500 and files of your own) carry the codes their scenario
// files give; see scenarios/README.md.

// Error is an answer other than 200 (or 204): the HTTP status, the errorCode
// and the message the client reads, and the cause, which only the log sees.
// Handlers return it; the adapter is the only code that writes it.
type Error struct {
	Status  int    // HTTP status
	Code    int32  // errorCode, one of the schemas.Code constants
	Message string // errorMessage, for the client
	Cause   error  // for the log only; may be nil

	// body, when set, is the whole envelope to send instead of the one
	// entry built from Code and Message: a scenario's canned error answer,
	// or a reload's list of problems.
	body []byte
	// canned marks a scenario's answer: what the client asked for, not a
	// failure of the mock, so its log line stays at the info level.
	canned bool
}

// Title is the errorTitle: the status text ("Bad Request", "Unauthorized", ...).
func (e *Error) Title() string { return http.StatusText(e.Status) }

// Error returns "status code: message: cause", for logs and tests.
func (e *Error) Error() string {
	s := strconv.Itoa(e.Status) + " " + strconv.Itoa(int(e.Code)) + ": " + e.Message
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Cause }

func errorf(status int, code int32, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// challenge is the WWW-Authenticate value of every 401. Never a Basic
// challenge: browsers answer that with a login dialog (and headless Chromium
// hangs on it), so a page's fetch() would never see the 401.
func challenge(code int32) string {
	switch code {
	case schemas.CodeMalformedAuthorization, schemas.CodeCredentialsRejected:
		return `Bearer realm="profilemock", error="invalid_token"`
	case schemas.CodeAdminUnauthorized:
		return `Bearer realm="profilemock admin"`
	}
	return `Bearer realm="profilemock"`
}

// handlerFunc is the shape of most handlers: it answers, or returns an error
// for fail to write (see handle).
type handlerFunc func(*gin.Context) error

// fail writes err as the error envelope (an error that is not an *Error is a
// 500) and keeps it for the request's log line.
func (s *server) fail(c *gin.Context, cl *call, err error) {
	cl.err = err
	var e *Error
	if !errors.As(err, &e) {
		e = &Error{Status: http.StatusInternalServerError, Code: schemas.CodeInternal, Cause: err}
	}
	if e.Status == http.StatusInternalServerError && e.Message == "" {
		e.Message = "the mock could not build this answer; its log has the detail under request id " + cl.id
	}
	if c.Writer.Written() {
		return // too late to change the answer; the log line has the error
	}
	body := e.body
	if body == nil {
		body = schemas.Envelope(schemas.ErrorEntry{ErrorCode: e.Code, ErrorTitle: e.Title(), ErrorMessage: e.Message}).Bytes()
	}
	h := c.Writer.Header()
	h.Del("ETag")
	if e.Status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", challenge(e.Code))
	}
	if e.Status == http.StatusMethodNotAllowed && h.Get("Allow") == "" {
		h.Set("Allow", allowedMethods)
	}
	h.Set("Cache-Control", "no-store")
	writeBody(c, e.Status, body)
}

// writeBody writes a JSON body with its length; a HEAD answer gets the same
// headers and no body.
func writeBody(c *gin.Context, status int, body []byte) {
	schemas.WriteJSON(c.Writer, c.Request, status, body)
}
