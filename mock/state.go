package mock

import (
	"container/list"
	"fmt"
	"sync"
	"time"
)

// This file holds the state that changes while serving, apart from the body
// cache and the scenario catalog: where each stateful flow stands (sequences),
// the scenarios chosen through the admin API (active) and the request journal.
// Each is one small type with a mutex and a bound.

// Bounds of the state that requests and admin calls make grow.
const (
	// maxSequences is how many (scenario, department, token) positions are
	// remembered; the least recently used is forgotten first, and starts
	// over at its first step.
	maxSequences = 10_000
	// maxActiveDepartments is how many departments may have an active
	// scenario of their own at once.
	maxActiveDepartments = 10_000
	// maxJournalSize bounds Config.JournalSize: a million small entries is
	// a few hundred megabytes at most.
	maxJournalSize = 1_000_000
)

// seqKey names one stateful flow: the same scenario for the same department
// (in its canonical form) and token.
type seqKey struct {
	scenario, department, token string
}

// sequences counts the calls of each flow, so that a scenario's steps follow
// one another: the n-th call (from 0) gets Step(n). Bounded by an LRU.
type sequences struct {
	max int

	mu    sync.Mutex
	order *list.List // front: most recently used; values are *seqEntry
	index map[seqKey]*list.Element
}

type seqEntry struct {
	key   seqKey
	calls int
}

func newSequences(max int) *sequences {
	return &sequences{max: max, order: list.New(), index: make(map[seqKey]*list.Element)}
}

// next returns how many calls of k came before this one, and counts this one.
func (q *sequences) next(k seqKey) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	if el, ok := q.index[k]; ok {
		e := el.Value.(*seqEntry)
		e.calls++
		q.order.MoveToFront(el)
		return e.calls - 1
	}
	q.index[k] = q.order.PushFront(&seqEntry{key: k, calls: 1})
	for q.order.Len() > q.max {
		el := q.order.Back()
		q.order.Remove(el)
		delete(q.index, el.Value.(*seqEntry).key)
	}
	return 0
}

// reset forgets every position and returns how many there were.
func (q *sequences) reset() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := q.order.Len()
	q.order.Init()
	clear(q.index)
	return n
}

// len returns the number of flows remembered.
func (q *sequences) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.order.Len()
}

// active holds the scenarios set through PUT /__admin/active: one for every
// request, and one per department, which wins over it.
type active struct {
	max int

	mu          sync.RWMutex
	global      string            // "" for none
	departments map[string]string // canonical departmentUuid: scenario name
}

func newActive(max int) *active {
	return &active{max: max, departments: make(map[string]string)}
}

// lookup returns the active scenario for a request of department (in its
// canonical form): the department's own, else the global one, else "".
func (a *active) lookup(department string) (name string, ofDepartment bool) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if len(a.departments) > 0 {
		if n, ok := a.departments[department]; ok {
			return n, true
		}
	}
	return a.global, false
}

// set makes name the active scenario of department (canonical), or the
// global one when department is "". It refuses a new department beyond the
// bound.
func (a *active) set(department, name string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if department == "" {
		a.global = name
		return nil
	}
	if _, ok := a.departments[department]; !ok && len(a.departments) >= a.max {
		return fmt.Errorf("%d departments already have an active scenario, the most this mock keeps: DELETE some first", a.max)
	}
	a.departments[department] = name
	return nil
}

// clear removes the active scenario of department, or the global one.
func (a *active) clear(department string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if department == "" {
		a.global = ""
		return
	}
	delete(a.departments, department)
}

// snapshot returns the global scenario ("" for none) and a copy of the
// departments' ones.
func (a *active) snapshot() (string, map[string]string) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	deps := make(map[string]string, len(a.departments))
	for d, n := range a.departments {
		deps[d] = n
	}
	return a.global, deps
}

// journalEntry is one endpoint request as the journal keeps it. Its strings
// are those of the request (no copies), so that recording it costs nothing but
// the copy into the ring. It never holds the Authorization header or cookies.
type journalEntry struct {
	at         time.Time
	duration   time.Duration
	method     string
	path       string // as sent, still escaped
	query      string // as sent
	department string // canonical once the request's checks passed; as sent before
	token      string
	scenario   string
	source     string
	fault      string
	requestID  string
	step       int // index of the scenario's step that answered, from 0
	status     int // 0: no status was sent (a reset or an empty reply)
}

// journalFilter selects entries; an empty field selects any value. The
// department is in its canonical form, as the entries' are.
type journalFilter struct {
	token, department, scenario string
}

func (f journalFilter) holds(e *journalEntry) bool {
	return (f.token == "" || f.token == e.token) &&
		(f.department == "" || f.department == e.department) &&
		(f.scenario == "" || f.scenario == e.scenario)
}

// journal is a ring of the most recent endpoint requests. A nil *journal is
// off: it records nothing and holds nothing. The ring grows as requests come,
// so that a large capacity costs nothing until it is used.
type journal struct {
	capacity int

	mu   sync.Mutex
	ring []journalEntry // up to capacity entries; once full, ring[next] is the oldest
	next int            // the slot the next entry overwrites, once the ring is full
}

// newJournal returns a journal of capacity entries, or nil (off) for 0.
func newJournal(capacity int) *journal {
	if capacity <= 0 {
		return nil
	}
	return &journal{capacity: capacity}
}

// add records e, overwriting the oldest entry when the ring is full.
func (j *journal) add(e journalEntry) {
	if j == nil {
		return
	}
	j.mu.Lock()
	if len(j.ring) < j.capacity {
		j.ring = append(j.ring, e)
	} else {
		j.ring[j.next] = e
		j.next = (j.next + 1) % j.capacity
	}
	j.mu.Unlock()
}

// each calls fn on every entry, oldest first, with the lock held.
func (j *journal) each(fn func(*journalEntry)) {
	for i := range j.ring {
		fn(&j.ring[(j.next+i)%len(j.ring)])
	}
}

// find returns the last limit entries that f selects (every one for limit
// <= 0), oldest first, and how many f selects in all.
func (j *journal) find(f journalFilter, limit int) ([]journalEntry, int) {
	if j == nil {
		return nil, 0
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []journalEntry
	count := 0
	j.each(func(e *journalEntry) {
		if !f.holds(e) {
			return
		}
		count++
		out = append(out, *e)
	})
	if limit > 0 && len(out) > limit {
		out = out[len(out)-limit:]
	}
	return out, count
}

// count returns how many entries f selects.
func (j *journal) count(f journalFilter) int {
	if j == nil {
		return 0
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	n := 0
	j.each(func(e *journalEntry) {
		if f.holds(e) {
			n++
		}
	})
	return n
}

// reset empties the journal and returns how many entries it held.
func (j *journal) reset() int {
	if j == nil {
		return 0
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	n := len(j.ring)
	clear(j.ring) // let the requests' strings go
	j.ring, j.next = j.ring[:0], 0
	return n
}

// size returns the number of entries held and the capacity.
func (j *journal) size() (held, capacity int) {
	if j == nil {
		return 0, 0
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.ring), j.capacity
}
