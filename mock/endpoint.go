package mock

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/profilemock/profilemock/mock/profile"
	"github.com/profilemock/profilemock/schemas"
)

// getProfile answers getCustomerProfileData. The checks run in the documented
// order: credentials (401), path parameters (400), then the chosen answer.
func (s *server) getProfile(c *gin.Context) error {
	c.Header("X-Mock-Scenario", "default")
	if err := s.auth.check(c.Request.Header.Values("Authorization")); err != nil {
		return err
	}
	dept, err := pathParam(c, paramDepartment)
	if err != nil {
		return err
	}
	if err := checkDepartment(dept); err != nil {
		return err
	}
	token, err := pathParam(c, paramToken)
	if err != nil {
		return err
	}
	if err := checkToken(token); err != nil {
		return err
	}
	a, err := choose(c.Request)
	if err != nil {
		return err
	}
	c.Header("X-Mock-Scenario", a.Scenario)
	if a.Applied != "" {
		c.Header("Preference-Applied", a.Applied)
	}
	switch a.Status {
	case http.StatusNoContent:
		c.Status(http.StatusNoContent)
		c.Writer.WriteHeaderNow()
		return nil
	case http.StatusBadRequest:
		return errorf(a.Status, CodeForcedBadRequest, "forced by Prefer: code=400")
	case http.StatusUnauthorized:
		return errorf(a.Status, CodeForcedUnauthorized, "forced by Prefer: code=401")
	case http.StatusInternalServerError:
		return errorf(a.Status, CodeForcedServerError, "forced by Prefer: code=500")
	}

	r, err := s.render(dept, token)
	if err != nil {
		return err
	}
	h := c.Writer.Header()
	h.Set("ETag", r.etag)
	// Browsers may keep the body but must ask again each time; the ETag makes
	// asking again cheap.
	h.Set("Cache-Control", "no-cache")
	if etagMatches(c.GetHeader("If-None-Match"), r.etag) {
		c.Status(http.StatusNotModified)
		c.Writer.WriteHeaderNow()
		return nil
	}
	writeBody(c, http.StatusOK, r.body)
	return nil
}

// rendered is an encoded 200 body with its strong ETag.
type rendered struct {
	body []byte
	etag string
}

// render returns the 200 body for (seed, dept, token): from the cache, or
// generated, encoded, checked (when CheckResponses is set) and cached.
func (s *server) render(dept, token string) (rendered, error) {
	k := cacheKey{seed: s.cfg.Seed, department: dept, token: token}
	if r, ok := s.cache.get(k); ok {
		return r, nil
	}
	body, err := encodeJSON(profile.Generate(s.cfg.Seed, dept, token, profile.DefaultShape()))
	if err != nil {
		return rendered{}, fmt.Errorf("encoding the profile: %w", err)
	}
	if s.schemas != nil && s.cfg.CheckResponses {
		vs, err := s.schemas.Validate(http.StatusOK, schemas.Strict, body)
		if err != nil {
			return rendered{}, fmt.Errorf("checking the rendered profile: %w", err)
		}
		if len(vs) > 0 {
			lines := make([]string, len(vs))
			for i, v := range vs {
				lines[i] = v.String()
			}
			return rendered{}, fmt.Errorf("the rendered profile breaks the contract (strict): %s", strings.Join(lines, "; "))
		}
	}
	sum := sha256.Sum256(body)
	r := rendered{body: body, etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`}
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
