package mock

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

func key(i int) cacheKey { return cacheKey{seed: 1, department: dept, token: fmt.Sprint(i)} }

func val(n int) rendered { return rendered{body: []byte(strings.Repeat("x", n)), etag: fmt.Sprint(n)} }

func TestCacheBound(t *testing.T) {
	c := newCache(3, 1<<20)
	for i := range 10 {
		c.add(key(i), val(1))
		if n, _ := c.len(); n > 3 {
			t.Fatalf("after %d adds: %d entries, bound 3", i+1, n)
		}
	}
	for i := range 7 {
		if _, ok := c.get(key(i)); ok {
			t.Errorf("key %d survived; only the 3 most recent should", i)
		}
	}
	for i := 7; i < 10; i++ {
		if _, ok := c.get(key(i)); !ok {
			t.Errorf("key %d was evicted", i)
		}
	}
}

// has looks k up without touching the recency order.
func (c *cache) has(k cacheKey) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.index[k]
	return ok
}

func TestCacheEvictsLeastRecentlyUsed(t *testing.T) {
	c := newCache(3, 1<<20)
	c.add(key(1), val(1))
	c.add(key(2), val(1))
	c.add(key(3), val(1))
	c.get(key(1))         // order 1, 3, 2: a hit refreshes
	c.add(key(4), val(1)) // evicts 2, the least recently used
	if !c.has(key(1)) || c.has(key(2)) {
		t.Fatalf("after a hit on 1 and adding 4: 1 present %v (want true), 2 present %v (want false)", c.has(key(1)), c.has(key(2)))
	}
	c.add(key(3), val(2)) // order 3, 4, 1: re-adding refreshes too
	c.add(key(5), val(1)) // evicts 1
	for k, want := range map[int]bool{1: false, 2: false, 3: true, 4: true, 5: true} {
		if c.has(key(k)) != want {
			t.Errorf("key %d present = %v, want %v", k, !want, want)
		}
	}
	if r, _ := c.get(key(3)); string(r.body) != "xx" {
		t.Errorf("re-added key 3 holds %q, want the new value", r.body)
	}
	if _, b := c.len(); b != 4 {
		t.Errorf("%d bytes, want 4", b)
	}
}

func TestCacheByteBound(t *testing.T) {
	c := newCache(100, 10)
	c.add(key(1), val(4))
	c.add(key(2), val(4))
	c.add(key(3), val(4)) // 12 bytes: evicts 1
	if n, b := c.len(); n != 2 || b != 8 {
		t.Errorf("%d entries, %d bytes; want 2 and 8", n, b)
	}
	if _, ok := c.get(key(1)); ok {
		t.Error("key 1 should have been evicted for bytes")
	}
	c.add(key(2), val(1)) // replacing adjusts the byte count
	if _, b := c.len(); b != 5 {
		t.Errorf("%d bytes after replacing, want 5", b)
	}
	c.add(key(9), val(11)) // larger than the whole cache: not kept, nothing evicted
	if _, ok := c.get(key(9)); ok {
		t.Error("an oversized body was kept")
	}
	if n, _ := c.len(); n != 2 {
		t.Errorf("%d entries, want 2", n)
	}
}

func TestCacheConcurrent(t *testing.T) {
	c := newCache(64, 1<<20)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 2000 {
				k := key((g*31 + i) % 200)
				if r, ok := c.get(k); ok && r.etag != "3" {
					t.Errorf("key %v holds %q", k, r.etag)
					return
				}
				c.add(k, val(3))
			}
		})
	}
	wg.Wait()
	if n, b := c.len(); n > 64 || b != 3*n {
		t.Errorf("%d entries, %d bytes: bound or accounting broken", n, b)
	}
}
