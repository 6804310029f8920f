package features

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"github.com/cucumber/godog"
	"golang.org/x/net/http/httpguts"

	"github.com/profilemock/profilemock/schemas"
	"github.com/profilemock/profilemock/schemas/rules"
)

// scenario is the state of one scenario: the requests it builds and the
// answers they got. A scenario starts from the fixtures of one status, and
// every request of them is sent and checked: several 200 fixtures are several
// customers, each held to every check. A new scenario state is made for every
// scenario, so scenarios share nothing.
type scenario struct {
	r *runner

	reqs []*exchange
	auth credential // what goes in Authorization, for every request

	sent bool
	ctx  context.Context // of the step that sent, for the requests a check makes
	skip string          // why the scenario is skipped; "" while it runs
}

// exchange is one request of a scenario and the answer it got.
type exchange struct {
	fixture    string // where the request comes from: "responses.200[1]"
	department string
	token      string
	headers    []Header // extra request headers, in order
	ans        *answer
}

// credential is the Authorization value of a request and how reports name it:
// the value itself never appears in a report.
type credential struct {
	value string // "" sends no Authorization header
	about string
}

// initScenario is godog's scenario initializer: it makes the scenario's state
// and binds every step to it.
func (r *runner) initScenario(sc *godog.ScenarioContext) {
	s := &scenario{r: r}
	s.use(r.fixtures.Responses[200][:1])

	sc.After(func(ctx context.Context, p *godog.Scenario, err error) (context.Context, error) {
		r.tally.add(p.Name, s.skip, err)
		return ctx, nil
	})
	if r.views != nil {
		sc.StepContext().After(func(ctx context.Context, _ *godog.Step, st godog.StepResultStatus, err error) (context.Context, error) {
			if st == godog.StepFailed && err != nil {
				r.views.add(err)
			}
			return ctx, nil
		})
	}

	// The request.
	sc.Given(`^the fixture for status (\d{3})$`, s.fixture)
	sc.Given(`^the requests the fixtures declare bad$`, s.declaredBad)
	sc.Given(`^a request for department "([^"]*)" and token "([^"]*)"$`, s.requestFor)
	sc.Given(`^the department is "([^"]*)"$`, s.setDepartment)
	sc.Given(`^the department is in upper case$`, s.upperDepartment)
	sc.Given(`^the token is "([^"]*)"$`, s.setToken)
	sc.Given(`^the token is (\d+) characters long$`, s.tokenOfLength)
	sc.Given(`^the token is as long as the declared limit$`, func() error { return s.declaredLength(0) })
	sc.Given(`^the token is one byte longer than the declared limit$`, func() error { return s.declaredLength(1) })
	sc.Given(`^the request has no Authorization header$`, s.noAuthorization)
	sc.Given(`^the Authorization header is "(.*)"$`, s.setAuthorization)
	sc.Given(`^the credentials carry a wrong password$`, s.wrongPassword)
	sc.Given(`^the credentials are those of an unknown user$`, s.unknownUser)
	sc.Given(`^the Authorization header is an unknown Bearer token$`, s.unknownBearer)
	sc.Given(`^the header "([^"]+)" is "(.*)"$`, s.setHeader)
	// Only the mock has scenarios: used in @mock features only.
	sc.Given(`^the mock scenario is "([^"]+)"$`, func(name string) error { return s.setHeader("X-Mock-Scenario", name) })

	sc.When(`^the client requests the customer profile$`, s.send)

	// The answer.
	sc.Then(`^the response status is (\d{3})$`, s.each(s.statusIs))
	sc.Then(`^the Content-Type is JSON$`, s.each0(s.contentTypeIsJSON))
	sc.Then(`^the response has no body$`, s.each0(s.hasNoBody))
	sc.Then(`^the response body satisfies the contract for status (\d{3})$`, s.each(s.satisfiesContract))
	sc.Then(`^the response body satisfies the strict contract for status (\d{3})$`, s.each(s.satisfiesStrictContract))
	sc.Then(`^the response body holds at least one error$`, s.each0(s.holdsAnError))
	sc.Then(`^the errorCode is (-?\d+)$`, s.eachText(s.errorCodeIs))
	sc.Then(`^the response header "([^"]+)" is "(.*)"$`, func(name, want string) error {
		return s.all(func(x *exchange) error { return s.headerIs(x, name, want) })
	})
	sc.Then(`^the response has a "([^"]+)" header$`, s.eachText(s.hasHeader))
	sc.Then(`^the customer is the one of the department in lower case$`, s.each0(s.sameCustomerInLowerCase))

	// The semantic rules of a 200.
	sc.Then(`^the profile's departmentUuid is the requested department$`, s.profileRule(rules.Department))
	sc.Then(`^every approval associate's departmentUuid is the requested department$`, s.profileRule(rules.Associates))
	sc.Then(`^the vehicleInfo is one of the customer's vehicles$`, s.vehicleInfoRule)
	sc.Then(`^every reviewedAtDateTime is an RFC 3339 date-time$`, s.profileRule(func(v any, _ string) []rules.Violation { return rules.ReviewTimes(v) }))
	sc.Then(`^the profile satisfies every semantic rule$`, s.profileRule(rules.Profile))
}

// all runs check on every request of the scenario and joins the failures,
// each naming its fixture.
func (s *scenario) all(check func(*exchange) error) error {
	if !s.sent {
		return errors.New("no answer to check: a step \"When the client requests the customer profile\" must come first")
	}
	var fails []error
	for _, x := range s.reqs {
		if err := check(x); err != nil {
			fails = append(fails, err)
		}
	}
	switch len(fails) {
	case 0:
		return nil
	case 1:
		if len(s.reqs) == 1 {
			return fails[0]
		}
	}
	return &failures{of: len(s.reqs), list: fails}
}

// each, each0 and eachText adapt a check of one request to a step of all.
func (s *scenario) each(check func(*exchange, int) error) func(int) error {
	return func(n int) error { return s.all(func(x *exchange) error { return check(x, n) }) }
}

func (s *scenario) each0(check func(*exchange) error) func() error {
	return func() error { return s.all(check) }
}

func (s *scenario) eachText(check func(*exchange, string) error) func(string) error {
	return func(v string) error { return s.all(func(x *exchange) error { return check(x, v) }) }
}

// use starts the scenario's requests from fixtures, with the fixtures'
// credentials.
func (s *scenario) use(fixtures []Request) {
	s.reqs = s.reqs[:0]
	for _, f := range fixtures {
		s.reqs = append(s.reqs, &exchange{
			fixture: f.Label, department: f.Department, token: f.Token,
			headers: append([]Header(nil), f.Headers...),
		})
	}
	s.auth = credential{value: s.r.fixtures.Auth, about: "the fixtures' auth"}
}

// every changes every request of the scenario.
func (s *scenario) every(change func(*exchange)) {
	for _, x := range s.reqs {
		change(x)
	}
}

func (s *scenario) skipf(format string, args ...any) error {
	s.skip = fmt.Sprintf(format, args...)
	return fmt.Errorf("%w: %s", godog.ErrSkip, s.skip)
}

func (s *scenario) fixture(status int) error {
	if status != 200 && status != 204 && status != 500 {
		return fmt.Errorf("there are fixtures for 200, 204 and 500 only: a %d request starts from the 200 fixture "+
			"(e.g. Given the fixture for status 200, And the department is \"not-a-uuid\")", status)
	}
	fs := s.r.fixtures.Responses[status]
	if len(fs) == 0 {
		return s.skipf("no fixture for status %d", status)
	}
	s.use(fs)
	return nil
}

// declaredBad makes the scenario's requests the fixtures' badRequests.
func (s *scenario) declaredBad() error {
	if len(s.r.fixtures.BadRequests) == 0 {
		return s.skipf("the fixtures declare no badRequests")
	}
	s.use(s.r.fixtures.BadRequests)
	return nil
}

func (s *scenario) requestFor(department, token string) error {
	t, err := unescape(token)
	if err != nil {
		return err
	}
	s.every(func(x *exchange) { x.department, x.token = department, t })
	return nil
}

func (s *scenario) setDepartment(d string) error {
	s.every(func(x *exchange) { x.department = d })
	return nil
}

func (s *scenario) upperDepartment() error {
	s.every(func(x *exchange) { x.department = strings.ToUpper(x.department) })
	return nil
}

func (s *scenario) setToken(t string) error {
	v, err := unescape(t)
	if err != nil {
		return err
	}
	s.every(func(x *exchange) { x.token = v })
	return nil
}

// tokenOfLength pads the token of each request (or cuts it) to n bytes, so
// that the token stays the fixture's as far as it goes.
func (s *scenario) tokenOfLength(n int) error {
	if n < 1 || n > 1<<16+1 {
		return fmt.Errorf("a token of %d characters: choose 1 to 65537", n)
	}
	s.every(func(x *exchange) {
		t := x.token
		if len(t) > n {
			t = t[:n]
		}
		x.token = t + strings.Repeat("x", n-len(t))
	})
	return nil
}

// declaredLength makes the token the declared maxBytes plus more bytes long.
func (s *scenario) declaredLength(more int) error {
	tr := s.r.fixtures.Rules.Token
	if tr == nil || tr.MaxBytes == 0 {
		return s.skipf("the fixtures declare no rules.token.maxBytes")
	}
	return s.tokenOfLength(tr.MaxBytes + more)
}

func (s *scenario) noAuthorization() error {
	s.auth = credential{about: "none"}
	return nil
}

func (s *scenario) setAuthorization(v string) error {
	if v == "" {
		return s.noAuthorization()
	}
	scheme, _, _ := strings.Cut(v, " ")
	s.auth = credential{value: v, about: fmt.Sprintf("the value from the feature file (scheme %q)", scheme)}
	return nil
}

func (s *scenario) wrongPassword() error {
	up, ok := s.r.fixtures.Basic()
	if !ok {
		return s.skipf("the fixtures' auth is not Basic: it has no password to get wrong")
	}
	user, pass, _ := strings.Cut(up, ":")
	s.auth = credential{
		value: "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass+"-not-the-password")),
		about: "the fixtures' Basic user with a wrong password",
	}
	return nil
}

func (s *scenario) unknownUser() error {
	s.auth = credential{
		value: "Basic " + base64.StdEncoding.EncodeToString([]byte("profilemock-unknown-user:not-a-password")),
		about: "Basic credentials of a made-up user",
	}
	return nil
}

func (s *scenario) unknownBearer() error {
	s.auth = credential{value: "Bearer profilemock-unknown-token-7f3a9c", about: "a made-up Bearer token"}
	return nil
}

func (s *scenario) setHeader(name, value string) error {
	if http.CanonicalHeaderKey(name) == "Authorization" {
		return s.setAuthorization(value)
	}
	if !httpguts.ValidHeaderFieldName(name) {
		return fmt.Errorf("%q is not a header name", name)
	}
	s.every(func(x *exchange) {
		for i, h := range x.headers {
			if http.CanonicalHeaderKey(h.Name) == http.CanonicalHeaderKey(name) {
				x.headers[i].Value = value
				return
			}
		}
		x.headers = append(x.headers, Header{Name: name, Value: value})
	})
	return nil
}

// unescape reads the escapes a token may hold in a feature file: \xHH for the
// byte HH (so that a control character can be written) and \\ for a
// backslash.
func unescape(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		switch {
		case i+1 < len(s) && s[i+1] == '\\':
			b.WriteByte('\\')
			i++
		case i+3 < len(s) && s[i+1] == 'x':
			v, err := strconv.ParseUint(s[i+2:i+4], 16, 8)
			if err != nil {
				return "", fmt.Errorf(`%q: \x must be followed by two hex digits`, s)
			}
			b.WriteByte(byte(v))
			i += 3
		default:
			return "", fmt.Errorf(`%q: a backslash starts \xHH (the byte HH) or \\ (a backslash)`, s)
		}
	}
	return b.String(), nil
}

// maxBody bounds the body read from an answer.
const maxBody = 8 << 20

// answer is what the target said to the scenario's request, with what a
// report needs to name the request.
type answer struct {
	method, url string
	auth        string // how the credentials are described
	curl        string
	fixture     string // the fixture the request came from, "responses.200[1]"
	token       string

	status   int
	line     string // "403 Forbidden"
	header   http.Header
	te       []string
	body     []byte
	tooLarge bool

	secrets *secrets // what the report of this answer must not show
}

// send sends every request of the scenario, and fails when one got no
// answer at all.
func (s *scenario) send(ctx context.Context) error {
	s.sent, s.ctx = true, ctx
	var fails []error
	for _, x := range s.reqs {
		if err := s.sendOne(ctx, x); err != nil {
			fails = append(fails, err)
		}
	}
	switch {
	case len(fails) == 0:
		return nil
	case len(fails) == 1 && len(s.reqs) == 1:
		return fails[0]
	}
	return &failures{of: len(s.reqs), list: fails}
}

// sendOne sends one request and keeps its answer. The answer is recorded for
// the run's coverage of the contract.
func (s *scenario) sendOne(ctx context.Context, x *exchange) error {
	u := s.r.route.URL(s.r.target, x.department, x.token)
	headers := x.sentHeaders()
	a := &answer{method: http.MethodGet, url: u, auth: s.auth.about, fixture: x.fixture, token: x.token, secrets: s.r.secrets}
	a.curl = curlCommand(a.method, u, headers, s.auth.value != "")
	x.ans = nil
	req, err := http.NewRequestWithContext(ctx, a.method, u, nil)
	if err != nil {
		return &failure{headline: fmt.Sprintf("cannot build the request: %v", err), ans: a}
	}
	for _, h := range headers {
		req.Header.Set(h.Name, h.Value)
	}
	req.Header.Set("User-Agent", "profilemock-contract")
	if s.auth.value != "" {
		req.Header.Set("Authorization", s.auth.value)
	}
	resp, err := s.r.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
			if ue.Timeout() {
				err = fmt.Errorf("no answer within %v (Client.Timeout exceeded: --timeout)", s.r.client.Timeout)
			}
		}
		return &failure{headline: fmt.Sprintf("the request got no answer: %v", err), ans: a}
	}
	defer resp.Body.Close()
	a.status, a.line, a.header, a.te = resp.StatusCode, resp.Status, resp.Header, resp.TransferEncoding
	a.body, err = io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return &failure{headline: fmt.Sprintf("the answer's body could not be read: %v (after %d bytes)", err, len(a.body)), ans: a}
	}
	if len(a.body) > maxBody {
		a.body, a.tooLarge = a.body[:maxBody], true
	}
	x.ans = a
	s.r.observe(a)
	return nil
}

// sentHeaders are the headers a report repeats: Accept and the extra ones.
func (x *exchange) sentHeaders() []Header {
	return append([]Header{{"Accept", "application/json"}}, x.headers...)
}

// answered returns the request's answer, or an error when it has none.
func (x *exchange) answered() (*answer, error) {
	if x.ans == nil {
		return nil, errors.New("no answer to check: a step \"When the client requests the customer profile\" must come first")
	}
	return x.ans, nil
}

func (s *scenario) statusIs(x *exchange, want int) error {
	a, err := x.answered()
	if err != nil {
		return err
	}
	if a.status != want {
		return &failure{headline: fmt.Sprintf("expected status %d, found %s", want, a.line), ans: a, showBody: true}
	}
	return nil
}

func (s *scenario) contentTypeIsJSON(x *exchange) error {
	a, err := x.answered()
	if err != nil {
		return err
	}
	if ct := a.header.Get("Content-Type"); !rules.IsJSON(ct) {
		found := "no Content-Type"
		if ct != "" {
			found = "Content-Type " + strconv.Quote(ct)
		}
		return &failure{
			headline: "the answer does not say it is JSON",
			vs:       []rules.Violation{{Expected: "Content-Type application/json", Found: found}},
			ans:      a, showBody: true,
		}
	}
	return nil
}

func (s *scenario) hasNoBody(x *exchange) error {
	a, err := x.answered()
	if err != nil {
		return err
	}
	if vs := rules.NoBody(a.header, a.te, a.body); len(vs) > 0 {
		return &failure{headline: "the answer carries a body", vs: vs, ans: a}
	}
	return nil
}

func (s *scenario) satisfiesContract(x *exchange, status int) error {
	return s.contract(x, status, schemas.Contract)
}

func (s *scenario) satisfiesStrictContract(x *exchange, status int) error {
	return s.contract(x, status, schemas.Strict)
}

func (s *scenario) contract(x *exchange, status int, level schemas.Level) error {
	if !rules.Documented(status) {
		return fmt.Errorf("status %d is not a documented answer of getCustomerProfileData (documented: 200, 204, 400, 401, 500)", status)
	}
	if s.r.level > level {
		level = s.r.level
	}
	a, err := x.answered()
	if err != nil {
		return err
	}
	if a.status != status {
		return &failure{
			headline: fmt.Sprintf("the answer is %s, not %d: its body cannot be checked as the %d body", a.line, status, status),
			ans:      a, showBody: true,
		}
	}
	if a.tooLarge {
		return &failure{headline: fmt.Sprintf("the body is larger than %d MiB: too large to check", maxBody>>20), ans: a}
	}
	vs, err := rules.Body(s.r.schemas, status, level, a.body)
	if err != nil {
		return err
	}
	if status == http.StatusNoContent {
		vs = append(rules.NoBody(a.header, a.te, a.body), vs...)
	}
	if len(vs) > 0 {
		return &failure{
			headline: fmt.Sprintf("the body breaks the contract for status %d (%s level): %d violation(s)", status, level, len(vs)),
			vs:       vs, ans: a,
		}
	}
	return nil
}

// decoded returns the answer's body as JSON.
func decoded(x *exchange, what string) (*answer, any, error) {
	a, err := x.answered()
	if err != nil {
		return nil, nil, err
	}
	v, err := rules.Decode(a.body)
	if err != nil {
		return a, nil, &failure{
			headline: "the body is not JSON, so " + what + " cannot be checked",
			vs:       []rules.Violation{{Expected: "a JSON body", Found: err.Error() + ", starting " + rules.Excerpt(a.body, 60)}},
			ans:      a,
		}
	}
	return a, v, nil
}

func (s *scenario) holdsAnError(x *exchange) error {
	a, v, err := decoded(x, "its errors")
	if err != nil {
		return err
	}
	m, _ := v.(map[string]any)
	list, isList := m["errors"].([]any)
	if isList && len(list) > 0 {
		return nil
	}
	found := "nothing"
	switch {
	case isList:
		found = "an empty array"
	case m["errors"] != nil:
		found = fmt.Sprintf("%T", m["errors"])
	}
	return &failure{
		headline: "the error answer says nothing about the error",
		vs:       []rules.Violation{{Pointer: "/errors", Expected: "at least one error entry", Found: found}},
		ans:      a,
	}
}

func (s *scenario) errorCodeIs(x *exchange, code string) error {
	a, v, err := decoded(x, "its errorCode")
	if err != nil {
		return err
	}
	m, _ := v.(map[string]any)
	list, _ := m["errors"].([]any)
	var got any
	if len(list) > 0 {
		e, _ := list[0].(map[string]any)
		got = e["errorCode"]
	}
	if fmt.Sprint(got) == code {
		return nil
	}
	found := "nothing"
	if got != nil {
		found = fmt.Sprint(got)
	}
	return &failure{
		headline: "another errorCode",
		vs:       []rules.Violation{{Pointer: "/errors/0/errorCode", Expected: code, Found: found}},
		ans:      a,
	}
}

func (s *scenario) headerIs(x *exchange, name, want string) error {
	a, err := x.answered()
	if err != nil {
		return err
	}
	if got := a.header.Values(name); len(got) != 1 || got[0] != want {
		found := "no " + name + " header"
		if len(got) > 0 {
			found = strconv.Quote(strings.Join(got, ", "))
		}
		return &failure{
			headline: "another " + name + " header",
			vs:       []rules.Violation{{Expected: name + ": " + want, Found: found}},
			ans:      a,
		}
	}
	return nil
}

func (s *scenario) hasHeader(x *exchange, name string) error {
	a, err := x.answered()
	if err != nil {
		return err
	}
	if a.header.Get(name) == "" {
		return &failure{
			headline: "no " + name + " header",
			vs:       []rules.Violation{{Expected: "a " + name + " header", Found: "none"}},
			ans:      a,
		}
	}
	return nil
}

// sameCustomerInLowerCase asks again with the department in lower case and
// wants the same customer: the same customerInfo, or, in a profile without
// one, the same body but for the echoed departments. The fixtures declare
// departmentCase: insensitive for this check to run.
func (s *scenario) sameCustomerInLowerCase(x *exchange) error {
	a, got, err := decoded(x, "the customer")
	if err != nil {
		return err
	}
	lower := &exchange{fixture: x.fixture, department: strings.ToLower(x.department), token: x.token, headers: x.headers}
	if err := s.sendOne(s.ctx, lower); err != nil {
		return err
	}
	b, want, err := decoded(lower, "the customer")
	if err != nil {
		return err
	}
	if b.status != http.StatusOK {
		return &failure{headline: fmt.Sprintf("the department in lower case is answered %s, not 200", b.line), ans: b, showBody: true}
	}
	pick := func(v any) any {
		if ci := field(field(v, "customerProfileDataRequestDTO"), "customerInfo"); ci != nil {
			return ci
		}
		return withoutDepartments(v)
	}
	if !reflect.DeepEqual(pick(got), pick(want)) {
		return &failure{
			headline: "the department in upper case is another department",
			vs: []rules.Violation{{
				Pointer:  "/customerProfileDataRequestDTO/customerInfo",
				Expected: "the customer of department " + strconv.Quote(lower.department) + " (the fixtures declare departmentCase: insensitive)",
				Found:    "another customer, or another profile",
			}},
			ans: a,
		}
	}
	return nil
}

func field(v any, name string) any {
	m, _ := v.(map[string]any)
	return m[name]
}

// withoutDepartments is v without any "departmentUuid" member: the echo of
// the department may keep the letter case of the request.
func withoutDepartments(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if k != "departmentUuid" {
				out[k] = withoutDepartments(e)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = withoutDepartments(e)
		}
		return out
	}
	return v
}

// vehicleInfoRule is the step of rules.VehicleInfo. A rule with nothing to
// compare against is not applicable: when it is so for every profile, the
// scenario is skipped and the summary says why; it fails none.
func (s *scenario) vehicleInfoRule() error {
	why := ""
	for _, x := range s.reqs {
		if x.ans == nil || x.ans.status != http.StatusOK {
			why = ""
			break
		}
		v, err := rules.Decode(x.ans.body)
		if err != nil {
			why = ""
			break
		}
		if why = rules.VehicleInfoNotApplicable(v); why == "" {
			break
		}
	}
	if why != "" {
		return s.skipf("not applicable: %s", why)
	}
	return s.profileRule(func(v any, _ string) []rules.Violation { return rules.VehicleInfo(v) })()
}

// profileRule makes a step of a semantic rule of the 200 body.
func (s *scenario) profileRule(rule func(v any, department string) []rules.Violation) func() error {
	return s.each0(func(x *exchange) error {
		a, err := x.answered()
		if err != nil {
			return err
		}
		if a.status != http.StatusOK {
			return &failure{headline: fmt.Sprintf("the answer is %s, not a profile", a.line), ans: a, showBody: true}
		}
		_, v, err := decoded(x, "the profile")
		if err != nil {
			return err
		}
		if vs := rule(v, x.department); len(vs) > 0 {
			return &failure{headline: fmt.Sprintf("the profile breaks a rule the schema cannot express: %d violation(s)", len(vs)), vs: vs, ans: a}
		}
		return nil
	})
}
