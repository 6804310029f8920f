package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// The default listen addresses: this machine only. A mock, or a proxy that
// forwards credentials, is for the developer's own clients; the Docker image
// sets :8080 itself (PROFILEMOCK_ADDR), since a container is reached from outside.
const (
	defaultServeAddr = "127.0.0.1:8080"
	defaultProxyAddr = "127.0.0.1:8081"
)

// listenHostNames returns the host of addr when it is a name (not an IP
// address, not empty): the admin API must answer requests for it.
func listenHostNames(addr string) []string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host == "" || net.ParseIP(host) != nil {
		return nil
	}
	return []string{host}
}

// listen opens addr for the named command, or prints why it cannot in one
// line ("cannot listen on :8080: bind: address already in use").
func listen(e env, command, addr string) (net.Listener, bool) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if inner := errors.Unwrap(err); inner != nil {
			err = inner // without repeating the address
		}
		fmt.Fprintf(e.stderr, "profilemock %s: cannot listen on %s: %v\n", command, addr, err)
		return nil, false
	}
	return ln, true
}

// newHTTPServer is the http.Server of serve and proxy: bounded header size
// and read times, the server's own complaints in the log, and request
// contexts that outlive the signal context so that a graceful shutdown lets
// in-flight requests finish. A writeTimeout of 0 leaves writes unbounded
// (the proxy waits as long as the implementation it fronts).
func newHTTPServer(ctx context.Context, h http.Handler, logger *slog.Logger, readTimeout, writeTimeout time.Duration) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: serveReadHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       serveIdleTimeout,
		MaxHeaderBytes:    serveMaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
}

// serveUntilDone serves on ln until ctx is done, then shuts down, giving
// in-flight requests up to timeout. It returns exitOK after a clean
// shutdown, exitFail when serving failed or requests outlived the timeout.
func serveUntilDone(ctx context.Context, srv *http.Server, ln net.Listener, logger *slog.Logger, timeout time.Duration) int {
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		logger.Error("serving failed", "error", err)
		return exitFail
	case <-ctx.Done():
	}
	logger.Info("shutting down", "timeout", timeout)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	code := exitOK
	if err := srv.Shutdown(sctx); err != nil {
		logger.Error("in-flight requests did not finish in time; closing their connections", "timeout", timeout, "error", err)
		_ = srv.Close()
		code = exitFail
	}
	<-served // http.ErrServerClosed
	return code
}
