// Package guard keeps the toolkit's admin APIs (the mock's /__admin, the
// proxy's /__admin/violations and /__admin/coverage) out of reach of web
// pages the developer happens to have open. The mock runs on laptops next to
// a browser: without these checks any page could switch scenarios, read the
// journal (tokens, departments, queries) or reset the mock, by a simple
// cross-site POST, by a fetch the mock's CORS allowed, or through DNS
// rebinding (a name of the attacker's that resolves to 127.0.0.1).
//
// A request passes when its Host is the mock's (a loopback name, an IP
// address, or a name it was told of), its Origin, if any, is a loopback
// origin, the request's own, or one it was told of (never "null"), and a POST,
// or any request with a body, says Content-Type: application/json, which no
// HTML form can send and which makes a browser ask first (a preflight).
//
// It lives under schemas because both the mock and the proxy need it, and
// neither may import the other.
package guard

import (
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/profilemock/profilemock/schemas"
)

// Guard checks requests to an admin API. Its zero value is not usable: call New.
type Guard struct {
	origins map[string]bool // exact origins allowed beyond the loopback ones
	hosts   map[string]bool // lower-case host names allowed beyond the loopback ones
}

// New returns the guard that allows, beyond loopback, the exact origins
// (scheme://host[:port]) and the host names (without port) listed.
func New(origins, hosts []string) *Guard {
	g := &Guard{origins: map[string]bool{}, hosts: map[string]bool{}}
	for _, o := range origins {
		if o != "null" {
			g.origins[o] = true
		}
	}
	for _, h := range hosts {
		g.hosts[normalHost(h)] = true
	}
	return g
}

// Refusal is why a request was refused: its status, errorCode and message.
type Refusal struct {
	Status  int
	Code    int32
	Message string
}

// Check returns why r may not reach the admin API, or nil.
func (g *Guard) Check(r *http.Request) *Refusal {
	if !g.HostAllowed(r.Host) {
		return &Refusal{http.StatusForbidden, schemas.CodeAdminForeignHost, fmt.Sprintf(
			"the admin API answers only requests for this machine: Host %q is neither a loopback name, an IP address nor the listen address (--allowed-hosts adds names)",
			schemas.Clip(r.Host, 100, "..."))}
	}
	if o := r.Header.Get("Origin"); o != "" && !g.OriginAllowed(o, r.Host) {
		return &Refusal{http.StatusForbidden, schemas.CodeAdminForeignOrigin, fmt.Sprintf(
			"the admin API answers pages of loopback origins only (http://localhost:*, http://127.0.0.1:*, http://[::1]:*): Origin %q is not one (--cors-origins adds origins; \"null\" is never allowed)",
			schemas.Clip(o, 100, "..."))}
	}
	if r.Method == http.MethodPost || HasBody(r) {
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
			return &Refusal{http.StatusUnsupportedMediaType, schemas.CodeAdminNotJSON, fmt.Sprintf(
				"%s to the admin API needs Content-Type: application/json (got %q), so that no cross-site form can send it",
				describe(r), schemas.Clip(r.Header.Get("Content-Type"), 100, "..."))}
		}
	}
	return nil
}

func describe(r *http.Request) string {
	if r.Method == http.MethodPost {
		return "a POST"
	}
	return "a request with a body"
}

// HasBody reports a request that carries a body, or may (chunked).
func HasBody(r *http.Request) bool {
	return r.ContentLength != 0 && r.Body != nil && r.Body != http.NoBody
}

// HostAllowed reports a Host header (host[:port]) naming this machine as a
// client on it would: "localhost" or a name under .localhost, any IP address
// (an address cannot be rebound to another machine the way a name can), or a
// name listed in New. An empty Host (HTTP/1.0) passes: browsers always send one.
func (g *Guard) HostAllowed(hostport string) bool {
	if hostport == "" {
		return true
	}
	h := normalHost(hostport)
	if h == "localhost" || strings.HasSuffix(h, ".localhost") || g.hosts[h] {
		return true
	}
	_, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(h, "["), "]"))
	return err == nil
}

// OriginAllowed reports an Origin the admin API answers: a loopback origin,
// one listed in New, or the request's own (scheme aside: its host and port
// are those of the Host header, which HostAllowed has checked). "null", the
// origin of sandboxed frames and files, never passes.
func (g *Guard) OriginAllowed(origin, host string) bool {
	if origin == "null" {
		return false
	}
	if g.origins[origin] || IsLoopbackOrigin(origin) {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && host != "" && strings.EqualFold(u.Host, host)
}

// IsLoopbackOrigin reports an http or https origin on localhost, a loopback
// IPv4 address (127.0.0.0/8) or ::1, on any port.
func IsLoopbackOrigin(origin string) bool {
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Path != "" || u.User != nil {
		return false
	}
	h := strings.ToLower(u.Hostname())
	if h == "localhost" {
		return true
	}
	a, err := netip.ParseAddr(h)
	return err == nil && a.IsLoopback()
}

// normalHost is the host of host[:port], lower case, without a final dot;
// an IPv6 address stays in brackets.
func normalHost(hostport string) string {
	h := hostport
	if host, _, err := net.SplitHostPort(hostport); err == nil {
		h = host
		if strings.Contains(h, ":") {
			h = "[" + h + "]"
		}
	}
	return strings.TrimSuffix(strings.ToLower(h), ".")
}
