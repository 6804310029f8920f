package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// runHealthcheck asks a running mock whether it is up. It exists for the
// container image, which has no shell and no curl: its HEALTHCHECK runs the
// binary itself. Exit 0 means the URL answered 200; anything else is exit 1
// with one line on stderr. An unreachable target is exit 1 too, not exitUsage:
// Docker reads 1 as "unhealthy" and reserves 2.
//
// Without --url (or PROFILEMOCK_URL) it asks the address that serve would
// listen on, from PROFILEMOCK_ADDR, so that `docker run -e PROFILEMOCK_ADDR=:9000`
// does not leave the image's HEALTHCHECK knocking on the wrong port.
func runHealthcheck(ctx context.Context, e env, args []string) int {
	fs := newCLI(e, "healthcheck", "")
	target := fs.String("url", healthURL(e.getenv("PROFILEMOCK_ADDR")), "`URL` that must answer 200")
	timeout := fs.Duration("timeout", 2*time.Second, "give up after this long")
	if code, ok := fs.parse(args, 0); !ok {
		return code
	}
	u, err := url.Parse(*target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fs.usageErr("--url %q: want an absolute http or https URL", *target)
	}
	if *timeout <= 0 {
		return fs.usageErr("--timeout %v: must be positive", *timeout)
	}

	if err := checkHealth(ctx, u.String(), *timeout); err != nil {
		fmt.Fprintf(e.stderr, "profilemock healthcheck: %v\n", err)
		return exitFail
	}
	return exitOK
}

// healthURL is the /healthz URL of a server listening on addr (host:port, as
// serve takes it). An empty or unspecified host means this machine; an
// unreadable addr gives the default, http://127.0.0.1:8080/healthz.
func healthURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		host, port = "", "8080"
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz"
}

// checkHealth returns nil when target answers 200 within timeout.
func checkHealth(ctx context.Context, target string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return err
	}
	client := &http.Client{
		// A redirect is not health: report the status the URL itself gave.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("GET %s: no answer within %v", target, timeout)
		}
		return err // already reads "Get "URL": dial tcp ...: connection refused"
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s, want 200", target, resp.Status)
	}
	return nil
}
