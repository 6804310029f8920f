package mock

import (
	"container/list"
	"sync"
)

// cacheKey names one rendered body: everything its bytes depend on.
type cacheKey struct {
	seed       uint64
	gen        uint64 // the catalog's generation: a reload may change a scenario
	scenario   string
	step       int
	department string
	token      string
}

// cache is a least-recently-used set of rendered bodies, bounded both in
// entries and in body bytes, safe for concurrent use. Render once, serve many.
type cache struct {
	maxEntries int
	maxBytes   int

	mu    sync.Mutex
	bytes int
	order *list.List // front: most recently used; values are *cacheEntry
	index map[cacheKey]*list.Element
}

type cacheEntry struct {
	key cacheKey
	val rendered
}

func newCache(maxEntries, maxBytes int) *cache {
	return &cache{
		maxEntries: maxEntries,
		maxBytes:   maxBytes,
		order:      list.New(),
		index:      make(map[cacheKey]*list.Element),
	}
}

// get returns the body for k and marks it most recently used.
func (c *cache) get(k cacheKey) (rendered, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.index[k]
	if !ok {
		return rendered{}, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*cacheEntry).val, true
}

// add stores v under k as the most recently used entry, then evicts the least
// recently used ones until both bounds hold. A body larger than maxBytes on
// its own is not kept.
func (c *cache) add(k cacheKey, v rendered) {
	if len(v.body) > c.maxBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.index[k]; ok {
		e := el.Value.(*cacheEntry)
		c.bytes += len(v.body) - len(e.val.body)
		e.val = v
		c.order.MoveToFront(el)
	} else {
		c.index[k] = c.order.PushFront(&cacheEntry{key: k, val: v})
		c.bytes += len(v.body)
	}
	for c.order.Len() > c.maxEntries || c.bytes > c.maxBytes {
		el := c.order.Back()
		e := el.Value.(*cacheEntry)
		c.order.Remove(el)
		delete(c.index, e.key)
		c.bytes -= len(e.val.body)
	}
}

// reset drops every entry: after a reload, the old catalog's bodies are
// never asked for again.
func (c *cache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.order.Init()
	clear(c.index)
	c.bytes = 0
}

// len returns the number of entries and their body bytes.
func (c *cache) len() (entries, bytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len(), c.bytes
}
