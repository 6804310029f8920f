package mock

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/profilemock/profilemock/schemas"
)

// allowedMethods is the Allow header of every route and every 405.
const allowedMethods = "GET, HEAD, OPTIONS"

// Path parameters of the endpoint, named as on the API page.
const (
	paramDepartment = "departmentUuid"
	paramToken      = "customerProfileViewRequestToken"
)

// routes is the map of everything the mock answers. Every handler, the 404
// and 405 answers included, is built by handleCall, which runs around it:
// the request id and one log line, CORS (every preflight answered with 204
// before routing matters), a panic turned into the documented 500, and for
// the endpoint the request journal. The admin API's handlers also check the
// admin token, when one is set (admin).
//
//	GET, HEAD  /healthz                                                  {"status":"ok"}
//	GET, HEAD  {base}/healthz                                            same, behind a proxy
//	GET, HEAD  {base}/department/:departmentUuid/customer-profile/:token getCustomerProfileData
//	GET, HEAD  {base}/department/:departmentUuid/customer-profile/       the same handler: 400 empty token
//	OPTIONS    each of the above                                         204 with Allow
//
// The admin API, under /__admin and {base}/__admin, unless NoAdmin:
//
//	GET        /__admin/scenarios                    the loaded scenarios
//	GET        /__admin/active                       the active scenarios: global and per department
//	PUT        /__admin/active                       {"scenario": NAME}: set the global one
//	DELETE     /__admin/active                       clear the global one
//	PUT        /__admin/active/:departmentUuid       {"scenario": NAME}: set one department's
//	DELETE     /__admin/active/:departmentUuid       clear one department's
//	GET        /__admin/requests?token=&departmentUuid=&scenario=&limit=   the journal, oldest first
//	GET        /__admin/requests/count?token=&departmentUuid=&scenario=    {"count": n}
//	POST       /__admin/reset                        empty the journal, restart every flow
//	POST       /__admin/reload                       read the scenario files again (422 on problems)
//	GET        /__admin/status                       catalog, last reload error, journal size
//
// And:
//
//	other methods on those paths                                         405 with Allow
//	anything else                                                        404
func (s *server) routes(r *gin.Engine) {
	endpoint := s.cfg.BasePath + "/department/:" + paramDepartment + "/customer-profile/:" + paramToken
	emptyToken := s.cfg.BasePath + "/department/:" + paramDepartment + "/customer-profile/"

	health := []string{"/healthz"}
	if s.cfg.BasePath != "" {
		health = append(health, s.cfg.BasePath+"/healthz")
	}
	for _, p := range health {
		r.GET(p, s.handle(s.healthz))
		r.HEAD(p, s.handle(s.healthz))
		r.OPTIONS(p, s.handle(s.options))
	}
	for _, p := range []string{endpoint, emptyToken} {
		get := s.handleCall(s.getProfile, true)
		r.GET(p, get)
		r.HEAD(p, get)
		r.OPTIONS(p, s.handle(s.options))
	}
	if !s.cfg.NoAdmin {
		s.adminRoutes(r, adminPrefix)
		if s.cfg.BasePath != "" {
			s.adminRoutes(r, s.cfg.BasePath+adminPrefix)
		}
	}
	r.NoRoute(s.handle(s.notFound))
	r.NoMethod(s.handle(s.methodNotAllowed))
}

func (s *server) healthz(c *gin.Context) error {
	c.Header("Cache-Control", "no-store")
	writeBody(c, http.StatusOK, []byte("{\"status\":\"ok\"}\n"))
	return nil
}

// options answers an OPTIONS request that is not a CORS preflight (cors has
// answered those already).
func (s *server) options(c *gin.Context) error {
	c.Header("Allow", allowedMethods)
	c.Status(http.StatusNoContent)
	c.Writer.WriteHeaderNow()
	return nil
}

func (s *server) notFound(c *gin.Context) error {
	return errorf(http.StatusNotFound, schemas.CodeUnknownPath,
		"no route for %s; the endpoint is GET %s/department/{departmentUuid}/customer-profile/{customerProfileViewRequestToken}",
		clip(c.Request.URL.EscapedPath()), s.cfg.BasePath)
}

// methodNotAllowed answers a 405. The endpoint and /healthz allow
// allowedMethods; an admin path allows what gin found registered for it.
func (s *server) methodNotAllowed(c *gin.Context) error {
	allow := allowedMethods
	if s.isAdminPath(c.Request.URL.Path) {
		if a := c.Writer.Header().Get("Allow"); a != "" {
			allow = a
		}
	}
	c.Header("Allow", allow)
	return errorf(http.StatusMethodNotAllowed, schemas.CodeMethodNotAllowed,
		"method %s is not allowed here (allowed: %s)", clip(c.Request.Method), allow)
}
