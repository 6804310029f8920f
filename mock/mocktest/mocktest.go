// Package mocktest serves the mock on a loopback port for Go tests, as
// net/http/httptest does for any handler. It lives apart from package mock so
// that the shipped binary does not link httptest.
package mocktest

import (
	"net"
	"sync"

	"net/http/httptest"

	"github.com/profilemock/profilemock/mock"
)

// NewServer starts mock.New(cfg) on an httptest.Server listening on a
// loopback port. The caller closes it; Close also closes the mock (its
// scenario watcher). Gin lists its routes on stdout unless it is in release
// mode: run such tests with GIN_MODE=release (or call
// gin.SetMode(gin.ReleaseMode) in TestMain).
func NewServer(cfg mock.Config) (*httptest.Server, error) {
	h, err := mock.New(cfg)
	if err != nil {
		return nil, err
	}
	srv := httptest.NewUnstartedServer(h)
	// httptest.Server.Close closes its listener: the one hook it offers.
	srv.Listener = &closeHook{Listener: srv.Listener, hook: func() { _ = h.Close() }}
	srv.Start()
	return srv, nil
}

// closeHook is a listener that runs hook once when it is closed.
type closeHook struct {
	net.Listener
	once sync.Once
	hook func()
}

func (l *closeHook) Close() error {
	err := l.Listener.Close()
	l.once.Do(l.hook)
	return err
}
