package mock

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/profilemock/profilemock/scenarios"
	"github.com/profilemock/profilemock/schemas"
)

// defaultScenario answers every request that nothing else selects; a
// catalog without it cannot be served.
const defaultScenario = "default"

// library is the scenario catalog being served. Requests read it without a
// lock; a reload (the admin API, the watcher) replaces it whole, one reload at
// a time, and a failed reload leaves the last good catalog serving.
type library struct {
	set     *schemas.Set
	dir     string // "" for none
	builtin bool
	log     *slog.Logger

	cur atomic.Pointer[catalogState]

	mu      sync.Mutex // one reload at a time; guards lastErr
	lastErr error      // of the last reload; nil once one succeeds
}

// catalogState is one loaded catalog, immutable.
type catalogState struct {
	cat      *scenarios.Catalog
	gen      uint64 // in every cache key, so that a reload never serves an old body
	loadedAt time.Time
	names    string // "a, b, c": what an unknown name is answered with
	// nameHeader holds each scenario's X-Mock-Scenario value as a header
	// value slice, assigned as it is on every answer (see preparedHeaders).
	nameHeader map[string][]string
}

// newLibrary serves cfg.Scenarios, or loads the catalog as cfg says; set is
// the contract the files are checked against on every reload.
func newLibrary(cfg Config, set *schemas.Set, log *slog.Logger) (*library, error) {
	l := &library{set: set, dir: cfg.ScenarioDir, builtin: !cfg.NoBuiltinScenarios, log: log}
	cat := cfg.Scenarios
	if cat == nil {
		var err error
		if cat, err = scenarios.LoadDefault(set, l.dir, l.builtin); err != nil {
			return nil, fmt.Errorf("mock: loading the scenarios: %w", err)
		}
	}
	if err := servable(cat); err != nil {
		return nil, fmt.Errorf("mock: %w", err)
	}
	l.cur.Store(newCatalogState(cat, 1))
	return l, nil
}

func newCatalogState(cat *scenarios.Catalog, gen uint64) *catalogState {
	st := &catalogState{cat: cat, gen: gen, loadedAt: time.Now(), names: strings.Join(cat.Names(), ", "), nameHeader: map[string][]string{}}
	for _, n := range cat.Names() {
		st.nameHeader[n] = []string{n}
	}
	return st
}

// servable refuses a catalog the endpoint cannot answer every request from.
func servable(cat *scenarios.Catalog) error {
	if _, ok := cat.Get(defaultScenario); !ok {
		return errors.New(`the scenarios hold none named "default", the answer when no other is chosen: add a default.yaml (or keep the built-in library)`)
	}
	return nil
}

// current returns the catalog being served.
func (l *library) current() *catalogState { return l.cur.Load() }

// reload loads the scenarios again from the built-in library and the
// directory, as at start-up. On success the new catalog serves from the next
// request on; on failure the last good one keeps serving, and the error (every
// problem, each "file:line: message") is kept for status and logged.
func (l *library) reload(trigger string) (*catalogState, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	cat, err := scenarios.LoadDefault(l.set, l.dir, l.builtin)
	if err == nil {
		err = servable(cat)
	}
	if err != nil {
		l.lastErr = err
		l.log.Error("scenario reload failed; the last good scenarios keep serving",
			"trigger", trigger, "problems", len(reloadProblems(err)), "error", err.Error())
		return l.cur.Load(), err
	}
	st := newCatalogState(cat, l.cur.Load().gen+1)
	l.cur.Store(st)
	l.lastErr = nil
	l.log.Info("scenarios reloaded", "trigger", trigger, "scenarios", cat.Len())
	return st, nil
}

// lastError returns the error of the last reload, nil when it succeeded.
func (l *library) lastError() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lastErr
}

// reloadProblems lists a reload error as lines: one per problem of the
// loader, or the error itself.
func reloadProblems(err error) []string {
	ps := scenarios.Problems(err)
	if len(ps) == 0 {
		return []string{err.Error()}
	}
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return lines
}

// watch polls the scenario directory every interval and calls reload when a
// scenario file appears, disappears, or changes size or modification time,
// compared with the fingerprint last (taken before the catalog being served
// was loaded, so that no change slips in between). Polling rather than
// inotify: it needs no dependency, and it sees changes on Docker bind mounts
// and network file systems, where inotify does not. It returns when ctx is done.
func (l *library) watch(ctx context.Context, interval time.Duration, last string, reload func(trigger string) (*catalogState, error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := dirFingerprint(l.dir)
		if now == last {
			continue
		}
		last = now
		_, _ = reload("watch") // logged; the status shows the error
	}
}

// dirFingerprint describes the scenario files of dir as the loader picks
// them (*.yaml and *.yml in the root, no dot files): name, size and
// modification time of each. Two equal fingerprints mean nothing to reload.
func dirFingerprint(dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	for _, e := range entries {
		name := e.Name()
		ext := filepath.Ext(name)
		if strings.HasPrefix(name, ".") || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		b.WriteString(name)
		fi, err := os.Stat(filepath.Join(dir, name)) // follows symlinks, as the loader does
		if err != nil {
			b.WriteString(" error\n")
			continue
		}
		if fi.IsDir() {
			continue
		}
		b.WriteByte(' ')
		b.WriteString(strconv.FormatInt(fi.Size(), 10))
		b.WriteByte(' ')
		b.WriteString(strconv.FormatInt(fi.ModTime().UnixNano(), 10))
		b.WriteByte('\n')
	}
	return b.String()
}
