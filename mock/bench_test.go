package mock

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

func benchRequest(b *testing.B, h http.Handler, token string, kv ...string) {
	req := httptest.NewRequest(http.MethodGet, endpoint("", dept, token), nil)
	req.Header.Set("Authorization", anyBearer)
	for i := 0; i+1 < len(kv); i += 2 {
		req.Header.Set(kv[i], kv[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
}

// BenchmarkServe200Cached is the common case: a page reloading one profile.
func BenchmarkServe200Cached(b *testing.B) {
	h, err := New(Config{Seed: testSeed, CheckResponses: true, Scenarios: builtin(b)})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		benchRequest(b, h, "tok")
	}
}

// BenchmarkServe200Scenario is a page reloading one profile of a scenario it
// asks for by header: selection, the journal and the cache on the hot path.
func BenchmarkServe200Scenario(b *testing.B) {
	h, err := New(Config{Seed: testSeed, CheckResponses: true, Scenarios: builtin(b)})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		benchRequest(b, h, "tok", "X-Mock-Scenario", "with-warnings")
	}
}

// BenchmarkServe200Fresh renders a new profile on every request.
func BenchmarkServe200Fresh(b *testing.B) {
	set := loadSchemas(b)
	for _, check := range []bool{false, true} {
		b.Run("check="+strconv.FormatBool(check), func(b *testing.B) {
			h, err := New(Config{Seed: testSeed, CheckResponses: check, Schemas: set, Scenarios: builtin(b)})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				benchRequest(b, h, "fresh-"+strconv.Itoa(i))
			}
		})
	}
}
