package mock

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

func benchRequest(b *testing.B, h http.Handler, token string) {
	req := httptest.NewRequest(http.MethodGet, endpoint("", dept, token), nil)
	req.Header.Set("Authorization", anyBearer)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
}

// BenchmarkServe200Cached is the common case: a page reloading one profile.
func BenchmarkServe200Cached(b *testing.B) {
	h, err := New(Config{Seed: testSeed, CheckResponses: true})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		benchRequest(b, h, "tok")
	}
}

// BenchmarkServe200Fresh renders a new profile on every request.
func BenchmarkServe200Fresh(b *testing.B) {
	set := loadSchemas(b)
	for _, check := range []bool{false, true} {
		b.Run("check="+strconv.FormatBool(check), func(b *testing.B) {
			h, err := New(Config{Seed: testSeed, CheckResponses: check, Schemas: set})
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
