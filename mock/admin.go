package mock

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/profilemock/profilemock/schemas"
)

// adminPrefix is where the admin API lives (also under the base path).
const adminPrefix = "/__admin"

// adminMethods is what a preflight to the admin API may ask for.
const adminMethods = "GET, HEAD, POST, PUT, DELETE, OPTIONS"

// maxAdminBody bounds the body of a PUT to the admin API.
const maxAdminBody = 64 << 10

// adminRoutes adds the admin API under prefix. See routes for the map.
func (s *server) adminRoutes(r *gin.Engine, prefix string) {
	g := r.Group(prefix)
	g.GET("/scenarios", s.admin(s.adminScenarios))
	g.GET("/active", s.admin(s.adminGetActive))
	g.PUT("/active", s.admin(s.adminPutActive))
	g.DELETE("/active", s.admin(s.adminDeleteActive))
	g.PUT("/active/:"+paramDepartment, s.admin(s.adminPutActive))
	g.DELETE("/active/:"+paramDepartment, s.admin(s.adminDeleteActive))
	g.GET("/requests", s.admin(s.adminRequests))
	g.GET("/requests/count", s.admin(s.adminRequestsCount))
	g.POST("/reset", s.admin(s.adminReset))
	g.POST("/reload", s.admin(s.adminReload))
	g.GET("/status", s.admin(s.adminStatus))
}

// isAdminPath reports a path of the admin API.
func (s *server) isAdminPath(p string) bool {
	for _, prefix := range [2]string{adminPrefix, s.cfg.BasePath + adminPrefix} {
		if p == prefix || strings.HasPrefix(p, prefix+"/") {
			return true
		}
	}
	return false
}

// admin is handle for the admin API: h runs when the guard lets the request
// through (a Host of this machine, no foreign page's Origin, JSON in a POST
// or a body: else a 403 or a 415), and no admin token is set, or the request
// carries it as "Authorization: Bearer T" or "X-Admin-Token: T" (else a 401).
func (s *server) admin(h handlerFunc) gin.HandlerFunc {
	return s.handle(func(c *gin.Context) error {
		c.Header("Cache-Control", "no-store")
		if r := s.guard.Check(c.Request); r != nil {
			return &Error{Status: r.Status, Code: r.Code, Message: r.Message}
		}
		if s.adminToken != nil && !s.adminTokenOK(c.Request.Header) {
			return errorf(http.StatusUnauthorized, schemas.CodeAdminUnauthorized,
				"the admin API needs the admin token: send \"Authorization: Bearer <token>\" or \"X-Admin-Token: <token>\"")
		}
		return h(c)
	})
}

// adminTokenOK compares both places the token may be in, each in constant
// time over SHA-256 digests, so that the time taken says nothing about the token.
func (s *server) adminTokenOK(h http.Header) bool {
	eq := func(v string) int {
		sum := sha256.Sum256([]byte(v))
		return subtle.ConstantTimeCompare(sum[:], s.adminToken[:])
	}
	found := 0
	if v := h.Get("X-Admin-Token"); v != "" {
		found |= eq(strings.TrimSpace(v))
	}
	scheme, tok, _ := strings.Cut(strings.TrimSpace(h.Get("Authorization")), " ")
	if strings.EqualFold(scheme, "Bearer") {
		found |= eq(strings.TrimSpace(tok))
	}
	return found == 1
}

// writeJSON answers with v as JSON, never cached.
func writeJSON(c *gin.Context, status int, v any) error {
	body, err := schemas.Encode(v)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	writeBody(c, status, body)
	return nil
}

type scenarioJSON struct {
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Statuses    []int      `json:"statuses"` // of the steps, in order
	Cycle       bool       `json:"cycle"`
	OffContract bool       `json:"offContract"`
	Match       *matchJSON `json:"match"` // null: reached by name only
	Source      string     `json:"source"`
}

type matchJSON struct {
	Token          string            `json:"token,omitempty"`
	TokenRegex     string            `json:"tokenRegex,omitempty"`
	DepartmentUUID string            `json:"departmentUuid,omitempty"`
	Headers        map[string]string `json:"headers,omitempty"`
}

// adminScenarios: GET /__admin/scenarios, the loaded scenarios by name.
func (s *server) adminScenarios(c *gin.Context) error {
	all := s.lib.current().cat.All()
	out := make([]scenarioJSON, len(all))
	for i, sc := range all {
		j := scenarioJSON{Name: sc.Name, Description: sc.Description, Statuses: make([]int, len(sc.Steps)),
			Cycle: sc.Cycle, OffContract: sc.OffContract, Source: sc.Source}
		for k := range sc.Steps {
			j.Statuses[k] = sc.Steps[k].Status
		}
		if m := sc.Match; !m.IsZero() {
			j.Match = &matchJSON{Token: m.Token, TokenRegex: m.TokenRegex, DepartmentUUID: m.DepartmentUUID}
			if len(m.Headers) > 0 {
				j.Match.Headers = make(map[string]string, len(m.Headers))
				for _, h := range m.Headers {
					j.Match.Headers[h.Name] = h.Value
				}
			}
		}
		out[i] = j
	}
	return writeJSON(c, http.StatusOK, struct {
		Scenarios []scenarioJSON `json:"scenarios"`
	}{out})
}

type activeJSON struct {
	Global      *string           `json:"global"`
	Departments map[string]string `json:"departments"`
}

func (s *server) activeState() activeJSON {
	g, deps := s.active.snapshot()
	a := activeJSON{Departments: deps}
	if g != "" {
		a.Global = &g
	}
	return a
}

// adminGetActive: GET /__admin/active.
func (s *server) adminGetActive(c *gin.Context) error {
	return writeJSON(c, http.StatusOK, s.activeState())
}

// adminDepartment returns the department of /__admin/active/{departmentUuid},
// "" for /__admin/active.
func (s *server) adminDepartment(c *gin.Context) (string, error) {
	if c.Param(paramDepartment) == "" {
		return "", nil
	}
	d, err := pathParam(c, paramDepartment)
	if err != nil {
		return "", err
	}
	if err := s.checkSeparators(paramDepartment, d); err != nil {
		return "", err
	}
	if err := checkDepartment(d); err != nil {
		return "", err
	}
	return schemas.CanonicalUUID(d), nil
}

// adminPutActive: PUT /__admin/active and /__admin/active/{departmentUuid}
// with {"scenario": "NAME"}.
func (s *server) adminPutActive(c *gin.Context) error {
	dept, err := s.adminDepartment(c)
	if err != nil {
		return err
	}
	var req struct {
		Scenario *string `json:"scenario"`
	}
	bad := func(why string) error {
		return errorf(http.StatusBadRequest, schemas.CodeBadAdminRequest, `the body must be {"scenario": "NAME"}: %s`, why)
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxAdminBody))
	if err != nil {
		return bad(clip(err.Error()))
	}
	if err := schemas.DecodeJSON(body, &req); err != nil {
		switch {
		case errors.Is(err, io.EOF):
			return bad("it is empty")
		case errors.Is(err, schemas.ErrTrailingData):
			return bad("it holds more than one JSON value")
		}
		// encoding/json's own words: they name the field and the type a client got wrong.
		return bad(clip(errors.Unwrap(err).Error()))
	}
	if req.Scenario == nil || *req.Scenario == "" {
		return bad(`"scenario" is missing or empty (DELETE clears the active scenario)`)
	}
	st := s.lib.current()
	if _, ok := st.cat.Get(*req.Scenario); !ok {
		return unknownScenario(st, *req.Scenario, "the body of PUT "+c.Request.URL.EscapedPath())
	}
	if err := s.active.set(dept, *req.Scenario); err != nil {
		return &Error{Status: http.StatusBadRequest, Code: schemas.CodeBadAdminRequest, Message: err.Error()}
	}
	return writeJSON(c, http.StatusOK, s.activeState())
}

// adminDeleteActive: DELETE /__admin/active and /__admin/active/{departmentUuid}.
func (s *server) adminDeleteActive(c *gin.Context) error {
	dept, err := s.adminDepartment(c)
	if err != nil {
		return err
	}
	s.active.clear(dept)
	return writeJSON(c, http.StatusOK, s.activeState())
}

type journalJSON struct {
	Time           string  `json:"time"`
	Method         string  `json:"method"`
	Path           string  `json:"path"`
	Query          string  `json:"query"`
	DepartmentUUID string  `json:"departmentUuid"`
	Token          string  `json:"token"`
	Scenario       string  `json:"scenario"`
	Source         string  `json:"source"`
	Step           int     `json:"step"`
	Status         int     `json:"status"`
	Fault          string  `json:"fault,omitempty"`
	DurationMs     float64 `json:"durationMs"`
	RequestID      string  `json:"requestId"`
}

// journalQuery reads the filter (token, departmentUuid, scenario) and the
// limit of a journal request. Other parameters are refused, so that a typo
// cannot quietly select every entry.
func (s *server) journalQuery(c *gin.Context, withLimit bool) (journalFilter, int, error) {
	if s.journal == nil {
		return journalFilter{}, 0, errorf(http.StatusConflict, schemas.CodeJournalOff,
			"the request journal is off (--journal-size 0); start the mock with a journal to ask it")
	}
	q, err := url.ParseQuery(c.Request.URL.RawQuery)
	if err != nil {
		return journalFilter{}, 0, errorf(http.StatusBadRequest, schemas.CodeBadAdminRequest, "the query string is malformed: %s", clip(err.Error()))
	}
	allowed := "token, departmentUuid, scenario"
	if withLimit {
		allowed += ", limit"
	}
	var f journalFilter
	limit := 0
	for k, vs := range q {
		v := vs[0]
		switch {
		case k == "token":
			f.token = v
		case k == "departmentUuid":
			f.department = schemas.CanonicalUUID(v)
		case k == "scenario":
			f.scenario = v
		case k == "limit" && withLimit:
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return f, 0, errorf(http.StatusBadRequest, schemas.CodeBadAdminRequest, "limit %q is not a count (want 0 or more; 0: every entry)", clip(v))
			}
			limit = n
		default:
			return f, 0, errorf(http.StatusBadRequest, schemas.CodeBadAdminRequest, "unknown query parameter %q (known: %s)", clip(k), allowed)
		}
	}
	return f, limit, nil
}

// adminRequests: GET /__admin/requests, the journal's entries, oldest first.
func (s *server) adminRequests(c *gin.Context) error {
	f, limit, err := s.journalQuery(c, true)
	if err != nil {
		return err
	}
	entries, _ := s.journal.find(f, limit)
	out := make([]journalJSON, len(entries))
	for i, e := range entries {
		out[i] = journalJSON{
			Time: e.at.UTC().Format(time.RFC3339Nano), Method: e.method, Path: e.path, Query: e.query,
			DepartmentUUID: e.department, Token: e.token, Scenario: e.scenario, Source: e.source,
			Step: e.step, Status: e.status, Fault: e.fault, RequestID: e.requestID,
			DurationMs: float64(e.duration.Microseconds()) / 1000,
		}
	}
	return writeJSON(c, http.StatusOK, struct {
		Requests []journalJSON `json:"requests"`
	}{out})
}

// adminRequestsCount: GET /__admin/requests/count.
func (s *server) adminRequestsCount(c *gin.Context) error {
	f, _, err := s.journalQuery(c, false)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, struct {
		Count int `json:"count"`
	}{s.journal.count(f)})
}

// adminReset: POST /__admin/reset empties the journal and forgets where every
// stateful flow stands. The active scenarios stay.
func (s *server) adminReset(c *gin.Context) error {
	type cleared struct {
		Requests  int `json:"requests"`
		Sequences int `json:"sequences"`
	}
	return writeJSON(c, http.StatusOK, struct {
		Cleared cleared `json:"cleared"`
	}{cleared{Requests: s.journal.reset(), Sequences: s.seq.reset()}})
}

// adminReload: POST /__admin/reload reads the scenario files again. On
// problems the last good scenarios keep serving, and the answer is a 422
// with one error entry per problem ("file:line: message").
func (s *server) adminReload(c *gin.Context) error {
	if _, err := s.reload("admin"); err != nil {
		lines := reloadProblems(err)
		entries := make([]schemas.ErrorEntry, len(lines))
		for i, l := range lines {
			entries[i] = schemas.ErrorEntry{ErrorCode: schemas.CodeReloadFailed, ErrorTitle: http.StatusText(http.StatusUnprocessableEntity), ErrorMessage: l}
		}
		return &Error{Status: http.StatusUnprocessableEntity, Code: schemas.CodeReloadFailed,
			Message: fmt.Sprintf("%d problem(s) in the scenario files; the last good scenarios keep serving", len(lines)),
			Cause:   err, body: schemas.Envelope(entries...).Bytes()}
	}
	return s.adminStatus(c)
}

type sizeJSON struct {
	Size     int `json:"size"`
	Capacity int `json:"capacity"`
}

// adminStatus: GET /__admin/status.
func (s *server) adminStatus(c *gin.Context) error {
	st := s.lib.current()
	var lastErr *string
	if err := s.lib.lastError(); err != nil {
		msg := err.Error()
		lastErr = &msg
	}
	var dir *string
	if s.cfg.ScenarioDir != "" {
		dir = &s.cfg.ScenarioDir
	}
	held, capacity := s.journal.size()
	return writeJSON(c, http.StatusOK, struct {
		Scenarios       int      `json:"scenarios"`
		LoadedAt        string   `json:"loadedAt"`
		LastReloadError *string  `json:"lastReloadError"`
		ScenarioDir     *string  `json:"scenarioDir"`
		Watching        bool     `json:"watching"`
		Journal         sizeJSON `json:"journal"`
		Sequences       sizeJSON `json:"sequences"`
	}{
		Scenarios:       st.cat.Len(),
		LoadedAt:        st.loadedAt.UTC().Format(time.RFC3339Nano),
		LastReloadError: lastErr,
		ScenarioDir:     dir,
		Watching:        s.watching,
		Journal:         sizeJSON{held, capacity},
		Sequences:       sizeJSON{s.seq.len(), maxSequences},
	})
}

// reload reloads the catalog and, when it changed, drops the old bodies.
func (s *server) reload(trigger string) (*catalogState, error) {
	st, err := s.lib.reload(trigger)
	if err == nil {
		s.cache.reset()
	}
	return st, err
}
