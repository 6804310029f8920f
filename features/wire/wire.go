// Package wire is an HTTP/1.1 client transport that keeps what a server
// really sent. Go's own transport drops the bytes that follow the headers of
// an answer that may have no body (a 204, a 304, the answer to a HEAD), so a
// check of "no body" could only look at the headers; this transport reads
// them, and hands them back as the answer's body. It also sends the request
// as it is: no Accept-Encoding of its own, no transparent decompression.
//
// Each request has a connection of its own, closed after the answer
// ("Connection: close"): what comes after the headers is then the answer's,
// never the start of the next one.
package wire

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// Defaults of Transport.
const (
	DefaultMaxHeaderBytes = 1 << 20
	DefaultMaxExtraBytes  = 64 << 10
	DefaultExtraWait      = 250 * time.Millisecond
)

// Transport is an http.RoundTripper for http and https URLs. The zero value
// is ready to use. Time is bounded by the request's context (an http.Client's
// Timeout cancels it): the connection is closed when the context is done.
type Transport struct {
	// Dialer dials the connections; nil: a net.Dialer with a 10 s timeout.
	Dialer *net.Dialer
	// TLS configures https connections; nil: the system roots. Its
	// ServerName defaults to the URL's host.
	TLS *tls.Config
	// MaxHeaderBytes bounds the status line and headers of an answer; 0:
	// DefaultMaxHeaderBytes.
	MaxHeaderBytes int64
	// MaxExtraBytes bounds the bytes kept after the headers of an answer that
	// has no body by the protocol; 0: DefaultMaxExtraBytes.
	MaxExtraBytes int64
	// ExtraWait is how long to wait for such bytes once the headers have
	// come, when the server has not closed the connection; 0:
	// DefaultExtraWait.
	ExtraWait time.Duration
}

// TooLargeError is an answer whose headers pass MaxHeaderBytes.
type TooLargeError struct{ Limit int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the answer's headers are larger than %d bytes", e.Limit)
}

// RoundTrip sends req on a new connection and reads the answer. For an answer
// without a body by the protocol (1xx but 101, 204, 304, or the answer to
// HEAD), the returned Body holds whatever the server sent after the headers,
// usually nothing.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		defer req.Body.Close()
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return nil, fmt.Errorf("wire: unsupported scheme %q", req.URL.Scheme)
	}
	ctx := req.Context()
	conn, err := t.dial(ctx, req.URL)
	if err != nil {
		return nil, err
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	fail := func(err error) (*http.Response, error) {
		stop()
		_ = conn.Close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}

	out := req.Clone(ctx)
	out.Close = true // "Connection: close": the answer ends the connection
	if out.Header.Get("User-Agent") == "" {
		out.Header.Set("User-Agent", "profilemock")
	}
	bw := bufio.NewWriter(conn)
	if err := out.Write(bw); err != nil {
		return fail(err)
	}
	if err := bw.Flush(); err != nil {
		return fail(err)
	}

	lim := &limitedConn{r: conn, left: orDefault(t.MaxHeaderBytes, DefaultMaxHeaderBytes)}
	br := bufio.NewReader(lim)
	resp, err := http.ReadResponse(br, out)
	if err != nil {
		if lim.left <= 0 {
			err = &TooLargeError{Limit: orDefault(t.MaxHeaderBytes, DefaultMaxHeaderBytes)}
		}
		return fail(err)
	}
	resp.Request = req
	lim.left = -1 // the body's reader bounds the body
	if bodiless(resp.StatusCode, req.Method) {
		extra := t.extra(conn, br)
		stop()
		_ = conn.Close()
		resp.Body = io.NopCloser(bytes.NewReader(extra))
		return resp, nil
	}
	resp.Body = &connBody{ReadCloser: resp.Body, conn: conn, stop: stop}
	return resp, nil
}

// extra reads what follows the headers of a bodiless answer: what is already
// buffered, then what arrives before the server closes the connection, within
// ExtraWait and MaxExtraBytes.
func (t *Transport) extra(conn net.Conn, br *bufio.Reader) []byte {
	max := orDefault(t.MaxExtraBytes, DefaultMaxExtraBytes)
	_ = conn.SetReadDeadline(time.Now().Add(orDefault(t.ExtraWait, DefaultExtraWait)))
	b, _ := io.ReadAll(io.LimitReader(br, max))
	return b
}

// dial connects to the URL's host, with TLS for https (HTTP/1.1 only).
func (t *Transport) dial(ctx context.Context, u *url.URL) (net.Conn, error) {
	d := t.Dialer
	if d == nil {
		d = &net.Dialer{Timeout: 10 * time.Second}
	}
	host := u.Host
	if u.Port() == "" {
		port := "80"
		if u.Scheme == "https" {
			port = "443"
		}
		host = net.JoinHostPort(u.Hostname(), port)
	}
	conn, err := d.DialContext(ctx, "tcp", host)
	if err != nil || u.Scheme != "https" {
		return conn, err
	}
	cfg := &tls.Config{}
	if t.TLS != nil {
		cfg = t.TLS.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName = u.Hostname()
	}
	cfg.NextProtos = []string{"http/1.1"}
	tc := tls.Client(conn, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		_ = conn.Close()
		return nil, err
	}
	return tc, nil
}

// bodiless reports an answer that has no body by the protocol (RFC 9110
// 6.4.1): any answer to HEAD, 1xx (but 101), 204 and 304.
func bodiless(status int, method string) bool {
	return method == http.MethodHead || status/100 == 1 && status != http.StatusSwitchingProtocols ||
		status == http.StatusNoContent || status == http.StatusNotModified
}

// limitedConn reads from r at most left bytes while left >= 0, then fails;
// a negative left lifts the bound.
type limitedConn struct {
	r    io.Reader
	left int64
}

func (l *limitedConn) Read(p []byte) (int, error) {
	if l.left < 0 {
		return l.r.Read(p)
	}
	if l.left == 0 {
		return 0, errors.New("the bound is reached")
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// connBody is an answer's body; closing it closes its connection.
type connBody struct {
	io.ReadCloser
	conn net.Conn
	stop func() bool
}

func (b *connBody) Close() error {
	err := b.ReadCloser.Close()
	b.stop()
	_ = b.conn.Close()
	return err
}

func orDefault[T int64 | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}
