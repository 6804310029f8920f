package mocktest_test

import (
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/profilemock/profilemock/mock"
	"github.com/profilemock/profilemock/mock/mocktest"
)

// watchers counts the mock's scenario watchers running in this process.
func watchers() int {
	buf := make([]byte, 1<<20)
	n := runtime.Stack(buf, true)
	return strings.Count(string(buf[:n]), "(*library).watch(")
}

// TestCloseStopsTheWatcher: closing the server closes the mock, whose
// watcher would otherwise poll the folder for as long as the process lives.
func TestCloseStopsTheWatcher(t *testing.T) {
	dir := t.TempDir()
	def := "name: default\ndescription: the only scenario of this folder, a plain profile\nresponse: {status: 200}\n"
	if err := os.WriteFile(filepath.Join(dir, "default.yaml"), []byte(def), 0o644); err != nil {
		t.Fatal(err)
	}
	srv, err := mocktest.NewServer(mock.Config{ScenarioDir: dir, NoBuiltinScenarios: true, WatchInterval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	waitWatchers(t, 1, "while the server serves")
	srv.Close()
	waitWatchers(t, 0, "after the server was closed")
}

// waitWatchers waits until n watchers run.
func waitWatchers(t *testing.T, n int, when string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for watchers() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d watchers run %s, want %d", watchers(), when, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
