package wire

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// hijacked serves raw bytes as the whole answer to every request, then
// closes the connection: the trap of a 204 with bytes after its headers.
func hijacked(t *testing.T, raw string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		_, _ = buf.WriteString(raw)
		_ = buf.Flush()
	}))
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, tr *Transport, method, url string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := (&http.Client{Transport: tr, Timeout: 5 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestBodyAfterABodilessAnswer(t *testing.T) {
	tr := &Transport{}
	for _, tc := range []struct {
		name, raw, method string
		status            int
		body              string
	}{
		{"a 204 with a body and no Content-Length", "HTTP/1.1 204 No Content\r\n\r\n{}", "GET", 204, "{}"},
		{"a 204 with a body and its length", "HTTP/1.1 204 No Content\r\nContent-Length: 2\r\n\r\n{}", "GET", 204, "{}"},
		{"a clean 204", "HTTP/1.1 204 No Content\r\nDate: x\r\n\r\n", "GET", 204, ""},
		{"a 304 with a body", "HTTP/1.1 304 Not Modified\r\n\r\nxyz", "GET", 304, "xyz"},
		{"a HEAD answered with a body", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", "HEAD", 200, "hello"},
		{"a 200 with Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello-and-more", "GET", 200, "hello"},
		{"a chunked 200", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", "GET", 200, "hello"},
		{"a 200 that ends with the connection", "HTTP/1.1 200 OK\r\n\r\nall of it", "GET", 200, "all of it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(t, tr, tc.method, hijacked(t, tc.raw).URL)
			if resp.StatusCode != tc.status || string(body) != tc.body {
				t.Errorf("got %d %q, want %d %q", resp.StatusCode, body, tc.status, tc.body)
			}
		})
	}
}

// TestGoDropsIt shows why the package exists: Go's own transport reports no
// body for the same trap.
func TestGoDropsIt(t *testing.T) {
	srv := hijacked(t, "HTTP/1.1 204 No Content\r\n\r\n{}")
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if len(b) != 0 {
		t.Skipf("Go's transport now reads %q after a 204: this package's reason is gone", b)
	}
}

func TestSendsTheRequestAsItIs(t *testing.T) {
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		w.WriteHeader(204)
	}))
	defer srv.Close()
	resp, _ := get(t, &Transport{}, "GET", srv.URL+"/department/a%2Fb/customer-profile/x%20y?q=1")
	if resp.StatusCode != 204 {
		t.Fatal(resp.Status)
	}
	if got.Header.Get("Accept-Encoding") != "" {
		t.Errorf("Accept-Encoding %q was added", got.Header.Get("Accept-Encoding"))
	}
	if got.URL.RawPath != "/department/a%2Fb/customer-profile/x%20y" || got.URL.RawQuery != "q=1" {
		t.Errorf("the path arrived as %q?%q", got.URL.EscapedPath(), got.URL.RawQuery)
	}
	if !got.Close {
		t.Error("the request did not ask to close the connection")
	}
}

func TestTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "secure")
	}))
	defer srv.Close()
	cfg := srv.Client().Transport.(*http.Transport).TLSClientConfig
	resp, body := get(t, &Transport{TLS: cfg}, "GET", srv.URL)
	if resp.StatusCode != 200 || string(body) != "secure" {
		t.Errorf("%d %q", resp.StatusCode, body)
	}
	req, _ := http.NewRequest("GET", srv.URL, nil)
	if _, err := (&Transport{TLS: &tls.Config{}}).RoundTrip(req); err == nil {
		t.Error("an unknown certificate was accepted")
	}
}

func TestBounds(t *testing.T) {
	huge := hijacked(t, "HTTP/1.1 200 OK\r\nX-Big: "+strings.Repeat("a", 4096)+"\r\n\r\n")
	req, _ := http.NewRequest("GET", huge.URL, nil)
	_, err := (&Transport{MaxHeaderBytes: 1024}).RoundTrip(req)
	var tl *TooLargeError
	if !errors.As(err, &tl) {
		t.Errorf("headers past the bound: %v, want a TooLargeError", err)
	}

	stall := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer stall.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ = http.NewRequestWithContext(ctx, "GET", stall.URL, nil)
	start := time.Now()
	if _, err := (&Transport{}).RoundTrip(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a stalled server: %v, want the context's deadline", err)
	}
	if time.Since(start) > 3*time.Second {
		t.Error("the request outlived its context")
	}

	// A server that keeps the connection open after a 204 and its body:
	// the extra read stops at ExtraWait.
	open := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, _ := w.(http.Hijacker).Hijack()
		defer conn.Close()
		_, _ = buf.WriteString("HTTP/1.1 204 No Content\r\n\r\nab")
		_ = buf.Flush()
		<-time.After(2 * time.Second)
	}))
	defer open.Close()
	start = time.Now()
	resp, body := get(t, &Transport{ExtraWait: 50 * time.Millisecond}, "GET", open.URL)
	if resp.StatusCode != 204 || string(body) != "ab" || time.Since(start) > time.Second {
		t.Errorf("%d %q after %v", resp.StatusCode, body, time.Since(start))
	}
}
