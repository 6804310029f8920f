package mock

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/profilemock/profilemock/schemas"
)

func TestSequencesBound(t *testing.T) {
	q := newSequences(3)
	k := func(i int) seqKey { return seqKey{scenario: "flow", department: dept, token: fmt.Sprint(i)} }
	for i := range 3 {
		if n := q.next(k(i)); n != 0 {
			t.Fatalf("first call of %d: %d", i, n)
		}
	}
	if n := q.next(k(0)); n != 1 { // 0 is now the most recently used
		t.Fatalf("second call of 0: %d", n)
	}
	for i := 3; i < 10; i++ {
		q.next(k(i))
		if q.len() > 3 {
			t.Fatalf("%d positions kept, bound 3", q.len())
		}
	}
	if n := q.next(k(0)); n != 0 {
		t.Errorf("a forgotten flow goes on at call %d, want a fresh start", n)
	}
	if n := q.next(k(9)); n != 1 {
		t.Errorf("a remembered flow is at call %d, want 1", n)
	}
	if n := q.reset(); n != 3 || q.len() != 0 {
		t.Errorf("reset dropped %d, %d left", n, q.len())
	}
	if n := q.next(k(9)); n != 0 {
		t.Errorf("after reset: call %d", n)
	}
}

func TestSequencesConcurrent(t *testing.T) {
	q := newSequences(maxSequences)
	const goroutines, calls = 32, 500
	seen := make([][]int, goroutines)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for range calls {
				seen[g] = append(seen[g], q.next(seqKey{scenario: "s", token: "same"}))
				q.next(seqKey{scenario: "s", token: fmt.Sprint(g)})
			}
		})
	}
	wg.Wait()
	got := make([]bool, goroutines*calls)
	for _, ns := range seen {
		for _, n := range ns {
			if n < 0 || n >= len(got) || got[n] {
				t.Fatalf("call number %d handed out twice or out of range", n)
			}
			got[n] = true
		}
	}
	if q.len() != goroutines+1 {
		t.Errorf("%d keys, want %d", q.len(), goroutines+1)
	}
}

func TestJournalRing(t *testing.T) {
	if j := newJournal(0); j != nil {
		t.Fatal("capacity 0 is not off")
	}
	var off *journal
	off.add(journalEntry{token: "x"}) // a nil journal takes and holds nothing
	if es, n := off.find(journalFilter{}, 0); es != nil || n != 0 || off.count(journalFilter{}) != 0 || off.reset() != 0 {
		t.Error("the nil journal holds something")
	}

	j := newJournal(4)
	tokens := func(es []journalEntry) string {
		var s []string
		for _, e := range es {
			s = append(s, e.token)
		}
		return strings.Join(s, " ")
	}
	for i := range 3 {
		j.add(journalEntry{token: fmt.Sprint(i), scenario: "s"})
	}
	if es, n := j.find(journalFilter{}, 0); tokens(es) != "0 1 2" || n != 3 {
		t.Errorf("before wrapping: %q (%d)", tokens(es), n)
	}
	for i := 3; i < 11; i++ {
		j.add(journalEntry{token: fmt.Sprint(i), scenario: "s"})
		if held, capacity := j.size(); held > 4 || capacity != 4 {
			t.Fatalf("%d of %d held", held, capacity)
		}
	}
	if es, n := j.find(journalFilter{}, 0); tokens(es) != "7 8 9 10" || n != 4 {
		t.Errorf("after wrapping: %q (%d), want the last four, oldest first", tokens(es), n)
	}
	if es, n := j.find(journalFilter{}, 2); tokens(es) != "9 10" || n != 4 {
		t.Errorf("limit 2: %q (%d)", tokens(es), n)
	}
	if es, _ := j.find(journalFilter{token: "8"}, 0); tokens(es) != "8" {
		t.Errorf("token 8: %q", tokens(es))
	}
	if n := j.reset(); n != 4 {
		t.Errorf("reset dropped %d", n)
	}
	if held, _ := j.size(); held != 0 {
		t.Errorf("%d held after reset", held)
	}
}

func TestJournalConcurrent(t *testing.T) {
	j := newJournal(100)
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 200 {
				j.add(journalEntry{token: fmt.Sprint(g), step: i})
				if i%50 == 0 {
					j.find(journalFilter{token: "3"}, 5)
				}
			}
		})
	}
	wg.Wait()
	if held, capacity := j.size(); held != 100 || capacity != 100 {
		t.Errorf("%d of %d", held, capacity)
	}
}

func TestActiveBound(t *testing.T) {
	a := newActive(2)
	// The departments come canonical (schemas.CanonicalUUID): upper case A is
	// lower case a again.
	const upperA, b, lowerA, c = "AAAAAAAA-0000-4000-8000-00000000000A", "bbbbbbbb-0000-4000-8000-00000000000b",
		"aaaaaaaa-0000-4000-8000-00000000000a", "cccccccc-0000-4000-8000-00000000000c"
	for i, d := range []string{upperA, b, lowerA} {
		if err := a.set(schemas.CanonicalUUID(d), fmt.Sprint("s", i)); err != nil {
			t.Fatalf("set %s: %v", d, err)
		}
	}
	if err := a.set(c, "s"); err == nil || !strings.Contains(err.Error(), "2 departments already") {
		t.Errorf("a third department: %v", err)
	}
	if err := a.set("", "g"); err != nil {
		t.Errorf("the global one is not bounded: %v", err)
	}
	if n, ofDept := a.lookup(schemas.CanonicalUUID(upperA)); n != "s2" || !ofDept {
		t.Errorf("lookup A: %q %v", n, ofDept)
	}
	if n, ofDept := a.lookup(c); n != "g" || ofDept {
		t.Errorf("lookup c: %q %v", n, ofDept)
	}
	a.clear(schemas.CanonicalUUID(strings.ToUpper(b)))
	if err := a.set(c, "s"); err != nil {
		t.Errorf("after a clear: %v", err)
	}
}
