package mock

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

// TestPreparedHeadersStayPut: answers share prepared header value slices,
// so one answer adding to a header must never change what the next sends.
func TestPreparedHeadersStayPut(t *testing.T) {
	h, err := New(Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	url := srv.URL + "/department/3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10/customer-profile/same-1"
	do := func(method string, hdr map[string]string) http.Header {
		req, _ := http.NewRequest(method, url, nil)
		req.Header.Set("Authorization", "Bearer t")
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header
	}
	first := do(http.MethodGet, map[string]string{"Origin": "http://localhost:3000"})
	pre := do(http.MethodOptions, map[string]string{"Origin": "http://localhost:3000", "Access-Control-Request-Method": "GET"})
	if v := pre.Values("Vary"); !slices.Contains(v, "Access-Control-Request-Method") || !slices.Contains(v, "Origin") {
		t.Fatalf("preflight Vary = %v", v)
	}
	for i := 0; i < 3; i++ {
		next := do(http.MethodGet, map[string]string{"Origin": "http://localhost:3000"})
		for _, k := range []string{"Vary", "Etag", "Content-Length", "Content-Type", "Cache-Control", "X-Mock-Scenario", "X-Mock-Scenario-Source"} {
			if !slices.Equal(next.Values(k), first.Values(k)) {
				t.Fatalf("answer %d: %s = %v, the first answer had %v", i, k, next.Values(k), first.Values(k))
			}
		}
		if next.Get("X-Request-Id") == first.Get("X-Request-Id") {
			t.Fatalf("two answers share the request id %q", first.Get("X-Request-Id"))
		}
	}
}
