// Package mock serves the getCustomerProfileData endpoint over HTTP: the
// scenarios of package scenarios (realistic, deterministic fake profiles, the
// documented error answers, delays, faults, stateful flows), chosen per
// request by header, Prefer, query, match rules or the admin API; the admin
// API under /__admin; and the CORS a browser page needs. Gin lives inside;
// callers see an http.Handler.
package mock

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/profilemock/profilemock/scenarios"
	"github.com/profilemock/profilemock/schemas"
	"github.com/profilemock/profilemock/schemas/guard"
)

// Config is everything New needs. The zero value of every field means what
// the serve command's flag does by default, so the zero Config is a working
// mock: seed 1, the built-in scenarios, no base path, any well-formed
// credential accepted, every origin allowed on the endpoint, the admin API
// open to this machine's clients and loopback pages, a journal of
// the last 1,000 requests, the scenario folder (if any) polled every second,
// no log. "Off" is spelled the same way here and on the command line: a No...
// field and its --no-... flag.
type Config struct {
	// BasePath prefixes the endpoint's route: "" or "/x/y" (no trailing slash).
	BasePath string
	// Seed chooses the fake universe: the same seed, department and token
	// always give the same bytes. 0 is the default seed, DefaultSeed (as
	// --seed 0 is).
	Seed uint64
	// Auth says which Authorization headers are accepted.
	Auth Auth
	// CORSOrigins lists the exact origins (scheme://host[:port], or "null")
	// that may read answers from a browser. Empty: any origin, reflected.
	CORSOrigins []string
	// Logger receives one line per request. Nil: nothing is logged.
	Logger *slog.Logger
	// LogRate caps the request lines logged per second. Past it, lines are
	// counted instead, and one line per second says how many were left out,
	// so that a load test does not pay for a log nobody reads; errors of the
	// mock itself are always logged. 0: the default, DefaultLogRate.
	LogRate int
	// NoLogLimit logs every request line: no LogRate cap (--no-log-limit).
	NoLogLimit bool
	// Schemas is the compiled contract, used by CheckResponses and by the
	// scenario loader for ScenarioDir's files (at start, and on every
	// reload). Nil: New loads it when either needs it.
	Schemas *schemas.Set
	// CheckResponses validates every rendered 200 body against the contract
	// (strict level) before it is served; a failure is logged and answered
	// with the 500 body. Cached bodies are not checked again, and bodies of
	// off-contract scenarios are never checked.
	CheckResponses bool

	// Scenarios is the catalog served at start. Nil: New loads it as
	// scenarios.LoadDefault(Schemas, ScenarioDir, !NoBuiltinScenarios). It
	// must hold a scenario named "default". A reload (POST /__admin/reload,
	// or the watcher) always loads as LoadDefault does, from the files.
	Scenarios *scenarios.Catalog
	// ScenarioDir is a directory of scenario files added to the built-in
	// library (a file named like a built-in scenario replaces it); "" for none.
	ScenarioDir string
	// NoBuiltinScenarios leaves the built-in library out: only ScenarioDir's
	// files, which must then define "default".
	NoBuiltinScenarios bool
	// WatchInterval is how often ScenarioDir is polled for changes (names,
	// sizes, modification times); a change reloads the scenarios. 0: the
	// default, DefaultWatchInterval. The watcher runs until the Handler is
	// closed.
	WatchInterval time.Duration
	// NoWatch leaves ScenarioDir unwatched: it is read at start and on
	// POST /__admin/reload only (--no-watch).
	NoWatch bool

	// JournalSize is how many endpoint requests the journal keeps (the most
	// recent). 0: the default, DefaultJournalSize.
	JournalSize int
	// NoJournal turns the request journal off (--no-journal):
	// /__admin/requests answers 409.
	NoJournal bool
	// AdminToken, when set, is required on every /__admin request, as
	// "Authorization: Bearer <token>" or "X-Admin-Token: <token>".
	AdminToken string
	// NoAdmin removes the admin API: /__admin answers 404.
	NoAdmin bool
	// AllowEncodedSlash accepts a token or departmentUuid holding a
	// percent-encoded "/" (%2F), "\" (%5C) or NUL (%00), as some services
	// do (--allow-encoded-slash). By default each is a 400 (errorCode
	// 40008), as Spring Security's StrictHttpFirewall and Tomcat answer, so
	// that a frontend that forgets to keep "/" out of tokens fails against
	// the mock as it would against the service.
	AllowEncodedSlash bool

	// AllowedHosts are the host names (without port) the admin API answers
	// beyond those that always name this machine: localhost, names under
	// .localhost and IP addresses (--allowed-hosts; serve adds the host of
	// --addr). Any other Host is a 403 (errorCode 40302), so that a page
	// cannot reach the admin API through DNS rebinding.
	AllowedHosts []string
	// CORSPrivateNetwork answers a preflight of the admin API that asks for
	// Chrome's Private Network Access (a public page calling a mock on
	// localhost) with Access-Control-Allow-Private-Network: true
	// (--cors-private-network). The endpoint always does.
	CORSPrivateNetwork bool
}

// The defaults of the Config fields whose zero value stands for one: the same
// as the serve command's flags.
const (
	DefaultSeed uint64 = 1
	// DefaultLogRate is more request lines per second than a person can
	// read, fewer than a load test sends.
	DefaultLogRate       = 200
	DefaultJournalSize   = 1_000
	DefaultWatchInterval = time.Second
)

// Auth says which Authorization headers the endpoint accepts. With neither
// Basic nor Bearer listed, any well-formed Basic or Bearer credential is.
type Auth struct {
	// Disabled turns the Authorization check off.
	Disabled bool
	// Basic lists the accepted "user:pass" pairs.
	Basic []string
	// Bearer lists the accepted bearer tokens.
	Bearer []string
}

// ConfigError is a Config value that Validate refuses.
type ConfigError struct {
	Field   string // the Config field, e.g. "BasePath", "CORSOrigins[1]", "Auth.Basic[0]"
	Problem string // what is wrong with its value
}

// Error returns "mock: Config.<Field> <Problem>".
func (e *ConfigError) Error() string { return "mock: Config." + e.Field + " " + e.Problem }

// Validate reports the first value New cannot serve with, naming its field.
// Credentials are never echoed in the message.
func (c Config) Validate() error {
	if err := validateBasePath(c.BasePath); err != nil {
		return err
	}
	if c.Auth.Disabled && len(c.Auth.Basic)+len(c.Auth.Bearer) > 0 {
		return &ConfigError{"Auth.Disabled", "is set, but credentials are listed in Auth.Basic or Auth.Bearer: choose one"}
	}
	for i, b := range c.Auth.Basic {
		field := fmt.Sprintf("Auth.Basic[%d]", i)
		user, _, ok := strings.Cut(b, ":")
		switch {
		case !ok:
			return &ConfigError{field, `holds no colon (want "user:pass")`}
		case user == "":
			return &ConfigError{field, `has an empty user (want "user:pass")`}
		}
		for j := 0; j < len(b); j++ {
			if b[j] < 0x20 || b[j] == 0x7f {
				return &ConfigError{field, fmt.Sprintf("holds a control character at byte %d", j)}
			}
		}
	}
	for i, t := range c.Auth.Bearer {
		if at := token68Error(t); at >= 0 {
			field := fmt.Sprintf("Auth.Bearer[%d]", i)
			if t == "" {
				return &ConfigError{field, "is empty"}
			}
			return &ConfigError{field, fmt.Sprintf("holds a character outside the RFC 6750 token68 set at byte %d", at)}
		}
	}
	for i, o := range c.CORSOrigins {
		if msg := originProblem(o); msg != "" {
			return &ConfigError{fmt.Sprintf("CORSOrigins[%d]", i), fmt.Sprintf("%q %s", o, msg)}
		}
	}
	switch {
	case c.JournalSize > maxJournalSize:
		return &ConfigError{"JournalSize", fmt.Sprintf("%d is more than the limit of %d entries", c.JournalSize, maxJournalSize)}
	case c.JournalSize < 0:
		return &ConfigError{"JournalSize", fmt.Sprintf("%d is negative (NoJournal turns the journal off)", c.JournalSize)}
	case c.LogRate < 0:
		return &ConfigError{"LogRate", fmt.Sprintf("%d is negative (NoLogLimit lifts the cap)", c.LogRate)}
	}
	switch {
	case c.WatchInterval < 0:
		return &ConfigError{"WatchInterval", fmt.Sprintf("%v is negative (NoWatch turns watching off)", c.WatchInterval)}
	case c.WatchInterval > 0 && c.WatchInterval < minWatchInterval:
		return &ConfigError{"WatchInterval", fmt.Sprintf("%v is shorter than %v", c.WatchInterval, minWatchInterval)}
	}
	for i, h := range c.AllowedHosts {
		if msg := hostProblem(h); msg != "" {
			return &ConfigError{fmt.Sprintf("AllowedHosts[%d]", i), fmt.Sprintf("%q %s", clip(h), msg)}
		}
	}
	if c.AdminToken != "" {
		if c.NoAdmin {
			return &ConfigError{"AdminToken", "is set, but NoAdmin removes the admin API: choose one"}
		}
		if at := token68Error(c.AdminToken); at >= 0 {
			return &ConfigError{"AdminToken", fmt.Sprintf("holds a character outside the RFC 6750 token68 set at byte %d (it must work as a Bearer token)", at)}
		}
	}
	return nil
}

// minWatchInterval is the shortest WatchInterval: polling more often only
// burns CPU.
const minWatchInterval = 10 * time.Millisecond

func validateBasePath(p string) error {
	if p == "" {
		return nil
	}
	bad := func(msg string) error { return &ConfigError{"BasePath", fmt.Sprintf("%q %s", p, msg)} }
	if !strings.HasPrefix(p, "/") {
		return bad(`must start with "/" (or be empty)`)
	}
	if strings.HasSuffix(p, "/") {
		return bad(`must not end with "/"`)
	}
	for _, seg := range strings.Split(p[1:], "/") {
		switch seg {
		case "":
			return bad(`holds an empty segment ("//")`)
		case ".", "..":
			return bad(`holds a "." or ".." segment`)
		}
		for i := 0; i < len(seg); i++ {
			if !isUnreserved(seg[i]) {
				return bad(fmt.Sprintf("holds %q: use letters, digits and - . _ ~ between the slashes", seg[i]))
			}
		}
	}
	return nil
}

// isUnreserved reports an RFC 3986 unreserved byte: the characters a base path
// may hold without escaping and without meaning anything to the router.
func isUnreserved(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' ||
		b == '-' || b == '.' || b == '_' || b == '~'
}

// hostProblem says why h is not a host name as a Host header carries it
// (without the port), or "".
func hostProblem(h string) string {
	if h == "" {
		return "is empty"
	}
	for i := 0; i < len(h); i++ {
		b := h[i]
		if !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '-' || b == '.') {
			return fmt.Sprintf("holds %q at byte %d (want a host name without scheme or port, e.g. mock.internal)", b, i)
		}
	}
	return ""
}

// originProblem says why o is not an origin as a browser sends it, or "".
func originProblem(o string) string {
	if o == "null" {
		return ""
	}
	if o == "*" {
		return "is not an origin: leave CORSOrigins empty to allow every origin"
	}
	u, err := url.Parse(o)
	switch {
	case err != nil || u.Scheme == "" || u.Host == "" || u.Opaque != "":
		return "is not an origin (want scheme://host[:port], e.g. http://localhost:3000)"
	case u.User != nil:
		return "holds user information (want scheme://host[:port])"
	case u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery || strings.HasSuffix(o, "#"):
		return "holds a path, query or fragment (want scheme://host[:port], no trailing slash)"
	case o != strings.ToLower(o):
		return "must be lower case, as browsers send it"
	case u.Scheme == "http" && u.Port() == "80", u.Scheme == "https" && u.Port() == "443":
		return "names the default port, which browsers leave out of the Origin header"
	}
	return ""
}

// server is one mock: its immutable configuration and the state that changes
// while serving, each part guarded by its own type: the scenario catalog
// (library), the body cache, the positions of stateful flows (sequences), the
// active scenarios, the journal and the request counter.
type server struct {
	cfg        Config
	log        *slog.Logger
	schemas    *schemas.Set
	auth       authorizer
	adminToken *[sha256.Size]byte // nil: the admin API is open
	origins    map[string]bool    // nil: any origin
	guard      *guard.Guard       // who may reach the admin API
	engine     *gin.Engine

	sampler sampler         // caps the request log lines per second
	hdr     preparedHeaders // header values assigned, not built, per answer
	lib     *library
	cache   *cache
	seq     *sequences
	active  *active
	journal *journal // nil: off

	watching      bool
	watchInterval time.Duration
	stop          context.CancelFunc // ends the background work
	watchDone     chan struct{}      // closed when the watcher has returned; nil without one

	idPrefix string        // random per server, so ids from two mocks do not collide
	ids      atomic.Uint64 // the per-server request counter
}

// Cache bounds: at most this many rendered bodies and this many bytes. A
// frontend's working set is a few dozen tokens; the byte bound keeps a load
// test with a new token per request within the mock's memory target (peak
// RSS 40 MiB under 64 connections), since each cached body also costs the
// garbage collector's headroom.
const (
	cacheEntries = 2048
	cacheBytes   = 4 << 20
)

// Handler is the mock: an http.Handler serving the endpoint, /healthz and the
// admin API. Close stops its background work, the watcher of the scenario
// folder; it is safe to call more than once, and on a Handler without one.
type Handler struct{ s *server }

// ServeHTTP answers one request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.s.engine.ServeHTTP(w, r) }

// Close stops the watcher, if one runs, and waits for it to end. It always
// returns nil.
func (h *Handler) Close() error {
	h.s.close()
	return nil
}

// New validates cfg, loads the scenarios and returns the mock. With a
// ScenarioDir (and not NoWatch) it starts the watcher, which runs until the
// Handler is closed. For Go tests, mock/mocktest serves it on a loopback port.
func New(cfg Config) (*Handler, error) {
	s, err := newServer(cfg)
	if err != nil {
		return nil, err
	}
	return &Handler{s: s}, nil
}

// close stops the background work and waits for it to end.
func (s *server) close() {
	s.stop()
	if s.watchDone != nil {
		<-s.watchDone
	}
}

func newServer(cfg Config) (*server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg.Seed = orDefault(cfg.Seed, DefaultSeed)
	s := &server{
		cfg:     cfg,
		log:     cfg.Logger,
		schemas: cfg.Schemas,
		auth:    newAuthorizer(cfg.Auth),
		cache:   newCache(cacheEntries, cacheBytes),
		seq:     newSequences(maxSequences),
		active:  newActive(maxActiveDepartments),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.schemas == nil && (cfg.CheckResponses || cfg.ScenarioDir != "") {
		// Checking responses needs the contract, and so does the scenario
		// loader for a directory's files, at start and on every reload. The
		// built-in files are proven by the tests: without either, the
		// compiled contract (some 2 MB of heap) is not needed.
		set, err := schemas.Load()
		if err != nil {
			return nil, fmt.Errorf("mock: loading the contract: %w", err)
		}
		s.schemas = set
	}
	s.hdr = newPreparedHeaders()
	s.sampler.limit = int64(orDefault(cfg.LogRate, DefaultLogRate))
	if cfg.NoLogLimit {
		s.sampler.limit = -1
	}
	if !cfg.NoJournal {
		s.journal = newJournal(orDefault(cfg.JournalSize, DefaultJournalSize))
	}
	if cfg.AdminToken != "" {
		sum := sha256.Sum256([]byte(cfg.AdminToken))
		s.adminToken = &sum
	}
	s.watching = cfg.ScenarioDir != "" && !cfg.NoWatch
	var fingerprint string
	if s.watching {
		fingerprint = dirFingerprint(cfg.ScenarioDir) // before loading: a change in between reloads
	}
	lib, err := newLibrary(cfg, s.schemas, s.log)
	if err != nil {
		return nil, err
	}
	s.lib = lib
	if len(cfg.CORSOrigins) > 0 {
		s.origins = make(map[string]bool, len(cfg.CORSOrigins))
		for _, o := range cfg.CORSOrigins {
			s.origins[o] = true
		}
	}
	s.guard = guard.New(cfg.CORSOrigins, cfg.AllowedHosts)
	var rnd [4]byte
	_, _ = rand.Read(rnd[:])
	s.idPrefix = hex.EncodeToString(rnd[:])

	e := gin.New()
	// Route on the raw path, so that a percent-encoded slash stays inside the
	// token instead of splitting the path. Path values are unescaped by
	// pathParam (gin's own unescaping would turn "+" into a space).
	e.UseRawPath = true
	e.UnescapePathValues = false
	e.RedirectTrailingSlash = false
	e.RedirectFixedPath = false
	e.HandleMethodNotAllowed = true
	if err := e.SetTrustedProxies(nil); err != nil {
		return nil, err
	}
	s.routes(e)
	s.engine = e

	ctx, stop := context.WithCancel(context.Background())
	s.stop = stop
	if s.watching {
		s.watchInterval = orDefault(cfg.WatchInterval, DefaultWatchInterval)
		s.watchDone = make(chan struct{})
		go func() {
			defer close(s.watchDone)
			s.lib.watch(ctx, s.watchInterval, fingerprint, s.reload)
		}()
	}
	return s, nil
}

// orDefault is v, or def for the zero value.
func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}
