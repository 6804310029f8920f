package rules

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// DefaultPath is the route of the endpoint in this toolkit (the page names
// none): the mock serves it, and the suite calls it unless told otherwise.
const DefaultPath = "/department/{departmentUuid}/customer-profile/{customerProfileViewRequestToken}"

// The placeholders of a route template, named as the page's path parameters.
const (
	DepartmentParam = "{departmentUuid}"
	TokenParam      = "{customerProfileViewRequestToken}"
)

// Route is a parsed route template: a path, and optionally a query, holding
// each placeholder exactly once, e.g. DefaultPath or
// "/api/v1/profiles/{departmentUuid}?token={customerProfileViewRequestToken}".
// Placeholders in the path are filled path-escaped; in the query,
// query-escaped.
type Route struct {
	template string
	path     string
	query    string
	match    *regexp.Regexp // the path, as a suffix of an escaped request path
	// pathParams lists the placeholders of the path, in the order of match's
	// groups; queryParams maps the query keys whose value is a placeholder.
	pathParams  []string
	queryParams map[string]string
}

// ParseRoute checks a route template. An empty template is DefaultPath.
func ParseRoute(template string) (*Route, error) {
	if template == "" {
		template = DefaultPath
	}
	bad := func(format string, args ...any) (*Route, error) {
		return nil, fmt.Errorf("route %q: "+format, append([]any{template}, args...)...)
	}
	if !strings.HasPrefix(template, "/") {
		return bad(`must start with "/"`)
	}
	if strings.ContainsAny(template, "# \t\r\n") {
		return bad("must not hold a fragment or white space")
	}
	if i := strings.IndexFunc(template, func(c rune) bool { return c < 0x20 || c == 0x7f }); i >= 0 {
		return bad("holds a control character at byte %d", i)
	}
	for _, p := range []string{DepartmentParam, TokenParam} {
		if n := strings.Count(template, p); n != 1 {
			return bad("must hold %s exactly once (found %d)", p, n)
		}
	}
	rest := strings.NewReplacer(DepartmentParam, "", TokenParam, "").Replace(template)
	if strings.ContainsAny(rest, "{}") {
		return bad("holds a placeholder other than %s and %s", DepartmentParam, TokenParam)
	}
	r := &Route{template: template, queryParams: map[string]string{}}
	r.path, r.query, _ = strings.Cut(template, "?")
	for _, p := range []string{DepartmentParam, TokenParam} {
		i := strings.Index(r.path, p)
		if i < 0 {
			continue
		}
		// A placeholder is a whole segment, so that a request path splits
		// into its values in one way only.
		if r.path[i-1] != '/' || (i+len(p) < len(r.path) && r.path[i+len(p)] != '/') {
			return bad("%s must be a whole path segment, as in /department/%s/", p, p)
		}
	}
	// A literal segment must reach the server as written: one that an HTTP
	// client escapes (a quote, a non-ASCII letter) or that holds a broken
	// escape would never match, and the route would check nothing.
	for _, seg := range strings.Split(r.path[1:], "/") {
		if seg == DepartmentParam || seg == TokenParam {
			continue
		}
		if esc, ok := escapedPath(seg); !ok {
			return bad("path segment %q is not valid percent-encoding", seg)
		} else if esc != seg {
			return bad("path segment %q is sent as %q; write it escaped", seg, esc)
		}
	}
	if r.query != "" {
		keys := map[string]bool{}
		for _, pair := range strings.Split(r.query, "&") {
			k, v, _ := strings.Cut(pair, "=")
			if strings.Contains(pair, ";") {
				return bad("query pair %q holds a ';', which servers read differently", pair)
			}
			uk, err := url.QueryUnescape(k)
			if err != nil {
				return bad("query key %q is not valid percent-encoding", k)
			}
			if _, err := url.QueryUnescape(v); err != nil {
				return bad("query value %q is not valid percent-encoding", v)
			}
			if keys[uk] {
				return bad("query key %q appears twice", uk)
			}
			keys[uk] = true
			k = uk
			if strings.Contains(k, "{") {
				return bad("a placeholder must be a whole query value, as in ?token=%s", TokenParam)
			}
			if strings.Contains(v, "{") && v != DepartmentParam && v != TokenParam {
				return bad("a placeholder must be a whole query value, as in ?token=%s", TokenParam)
			}
			if v == DepartmentParam || v == TokenParam {
				r.queryParams[k] = v
			}
		}
	}
	var expr strings.Builder
	expr.WriteString(`^(?:/.*)?`)
	rem := r.path
	for rem != "" {
		i := strings.IndexByte(rem, '{')
		if i < 0 {
			expr.WriteString(regexp.QuoteMeta(rem))
			break
		}
		expr.WriteString(regexp.QuoteMeta(rem[:i]))
		j := strings.IndexByte(rem, '}')
		p := rem[i : j+1]
		r.pathParams = append(r.pathParams, p)
		if p == DepartmentParam {
			expr.WriteString(`([^/]+)`)
		} else {
			expr.WriteString(`([^/]*)`)
		}
		rem = rem[j+1:]
	}
	expr.WriteString(`$`)
	r.match = regexp.MustCompile(expr.String())
	return r, nil
}

// escapedPath returns the segment as an HTTP client sends it (the way
// net/url escapes a path), and false if it is not valid percent-encoding.
func escapedPath(seg string) (string, bool) {
	u, err := url.Parse("http://h/" + seg)
	if err != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", false
	}
	return strings.TrimPrefix(u.EscapedPath(), "/"), true
}

// String returns the template.
func (r *Route) String() string { return r.template }

// URL joins base (scheme://host[:port][/prefix]) and the route filled with
// department and token.
func (r *Route) URL(base, department, token string) string {
	path := strings.NewReplacer(DepartmentParam, url.PathEscape(department), TokenParam, url.PathEscape(token)).Replace(r.path)
	u := strings.TrimRight(base, "/") + path
	if r.query != "" {
		u += "?" + strings.NewReplacer(DepartmentParam, url.QueryEscape(department), TokenParam, url.QueryEscape(token)).Replace(r.query)
	}
	return u
}

// Match reports whether u is a request of the route, as a suffix of its path
// (so that any prefix before the route matches), and returns the department
// and token it carries, unescaped.
func (r *Route) Match(u *url.URL) (department, token string, ok bool) {
	m := r.match.FindStringSubmatch(u.EscapedPath())
	if m == nil {
		return "", "", false
	}
	set := func(p, v string) {
		if p == DepartmentParam {
			department = v
		} else {
			token = v
		}
	}
	for i, p := range r.pathParams {
		v, err := url.PathUnescape(m[i+1])
		if err != nil {
			v = m[i+1]
		}
		set(p, v)
	}
	if len(r.queryParams) > 0 {
		q := u.Query()
		for k, p := range r.queryParams {
			if !q.Has(k) {
				return "", "", false
			}
			set(p, q.Get(k))
		}
	}
	return department, token, true
}
