package mock

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

func TestSampler(t *testing.T) {
	s := &sampler{limit: 2}
	var got []bool
	for i := 0; i < 5; i++ {
		ok, left := s.allow(100)
		if left != 0 {
			t.Fatalf("call %d of the first second reports %d left out", i, left)
		}
		got = append(got, ok)
	}
	if want := []bool{true, true, false, false, false}; !equalBools(got, want) {
		t.Fatalf("second 100: allowed %v, want %v", got, want)
	}
	ok, left := s.allow(101)
	if !ok || left != 3 {
		t.Fatalf("first call of second 101: ok %v, left %d; want true, 3", ok, left)
	}
	if ok, left := s.allow(101); !ok || left != 0 {
		t.Fatalf("second call of second 101: ok %v, left %d; want true, 0", ok, left)
	}

	unlimited := &sampler{limit: -1}
	for i := 0; i < 1000; i++ {
		if ok, _ := unlimited.allow(7); !ok {
			t.Fatal("a negative limit must let every line through")
		}
	}
}

func equalBools(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestLogRate: through the handler, a burst beyond LogRate is not logged
// line by line. Ten requests cross at most one second's edge, so at most
// two seconds' worth (2 x LogRate) of request lines may appear.
func TestLogRate(t *testing.T) {
	var mu sync.Mutex
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return buf.Write(p)
	}), nil))
	h, err := New(Config{Seed: 1, Logger: logger, LogRate: 1, Auth: Auth{Disabled: true}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for i := 0; i < 10; i++ {
		resp, err := http.Get(srv.URL + "/department/3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10/customer-profile/rate-1")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	mu.Lock()
	defer mu.Unlock()
	if n := strings.Count(buf.String(), "msg=request "); n < 1 || n > 2 {
		t.Fatalf("%d request lines for 10 requests at LogRate 1, want 1 or 2:\n%s", n, buf.String())
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
