package mock

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/profilemock/profilemock/scenarios/profile"
)

// Error codes: the errorCode of each kind of error answer. They are stable:
// clients and tests may switch on them. The first three digits are the HTTP status.
const (
	CodeDepartmentNotUUID      int32 = 40001 // departmentUuid is not a canonical textual UUID
	CodeTokenEmpty             int32 = 40002 // customerProfileViewRequestToken is empty
	CodeTokenTooLong           int32 = 40003 // customerProfileViewRequestToken is longer than 512 bytes
	CodeTokenForbiddenChar     int32 = 40004 // customerProfileViewRequestToken holds a byte outside 0x21-0x7E
	CodeUnsupportedPreferCode  int32 = 40005 // Prefer: code=N or __code=N names no documented response
	CodeUnknownScenario        int32 = 40006 // a scenario name, from any selector, that is not loaded
	CodeBadAdminRequest        int32 = 40007 // an admin request whose body or query the admin API cannot use
	CodeMissingAuthorization   int32 = 40101 // no Authorization header
	CodeMalformedAuthorization int32 = 40102 // Authorization is not well-formed Basic or Bearer credentials
	CodeUnsupportedScheme      int32 = 40103 // an Authorization scheme other than Basic and Bearer
	CodeCredentialsRejected    int32 = 40104 // well-formed credentials that the mock was not told to accept
	CodeAdminUnauthorized      int32 = 40105 // /__admin without the admin token (--admin-token)
	CodeUnknownPath            int32 = 40401 // no route matches the path
	CodeMethodNotAllowed       int32 = 40501 // the path exists, the method does not
	CodeJournalOff             int32 = 40901 // /__admin/requests while the request journal is off
	CodeReloadFailed           int32 = 42201 // /__admin/reload found problems in the scenario files
	CodeInternal               int32 = 50001 // a panic or a failed render
)

// The error answers of scenarios (bad-request, unauthorized, server-error,
// flaky, Prefer: code=400|401|500 and files of your own) carry the codes their
// scenario files give; see scenarios/README.md.

// Error is an answer other than 200 (or 204): the HTTP status, the errorCode
// and the message the client reads, and the cause, which only the log sees.
// Handlers return it; the adapter is the only code that writes it.
type Error struct {
	Status  int    // HTTP status
	Code    int32  // errorCode, one of the Code constants
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

// errorBody is the documented envelope of the 400, 401 and 500 answers (and
// of the mock's own 404 and 405). Its entries carry no errorDescription.
type errorBody struct {
	Errors   []errorEntry   `json:"errors"`
	Warnings []warningEntry `json:"warnings"`
}

type errorEntry struct {
	ErrorCode    int32  `json:"errorCode"`
	ErrorTitle   string `json:"errorTitle"`
	ErrorMessage string `json:"errorMessage"`
}

type warningEntry struct {
	WarningCode    int32  `json:"warningCode"`
	WarningTitle   string `json:"warningTitle"`
	WarningMessage string `json:"warningMessage"`
}

// challenge is the WWW-Authenticate value of every 401. Never a Basic
// challenge: browsers answer that with a login dialog (and headless Chromium
// hangs on it), so a page's fetch() would never see the 401.
func challenge(code int32) string {
	switch code {
	case CodeMalformedAuthorization, CodeCredentialsRejected:
		return `Bearer realm="profilemock", error="invalid_token"`
	case CodeAdminUnauthorized:
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
		e = &Error{Status: http.StatusInternalServerError, Code: CodeInternal, Cause: err}
	}
	if e.Status == http.StatusInternalServerError && e.Message == "" {
		e.Message = "the mock could not build this answer; its log has the detail under request id " + cl.id
	}
	if c.Writer.Written() {
		return // too late to change the answer; the log line has the error
	}
	body := e.body
	if body == nil {
		body = envelope(errorEntry{ErrorCode: e.Code, ErrorTitle: e.Title(), ErrorMessage: e.Message})
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

// envelope encodes the documented error body with these entries.
func envelope(entries ...errorEntry) []byte {
	body, err := profile.Encode(errorBody{Errors: entries, Warnings: []warningEntry{}})
	if err != nil { // cannot happen: the types are fixed
		panic(err)
	}
	return body
}

// jsonContentType is the Content-Type of every JSON answer.
const jsonContentType = "application/json; charset=utf-8"

// writeBody writes a JSON body with its length; a HEAD answer gets the same
// headers and no body.
func writeBody(c *gin.Context, status int, body []byte) {
	h := c.Writer.Header()
	h.Set("Content-Type", jsonContentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	c.Status(status)
	if c.Request.Method == http.MethodHead {
		c.Writer.WriteHeaderNow()
		return
	}
	_, _ = c.Writer.Write(body)
}
