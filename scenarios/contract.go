package scenarios

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/profilemock/profilemock/schemas"
)

// checkInput is one request the loader renders a 200 step for.
type checkInput struct {
	seed  uint64
	dept  string
	token string
}

// checkInputs are the requests every on-contract 200 step is rendered for at load time. A handful
// catch what a patch or a shape breaks: the generator's choices vary with every input.
func checkInputs() [5]checkInput {
	return [5]checkInput{
		{0, "3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10", "contract-check"},
		{1, "3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10", "ok-1"},
		{42, "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", "t"},
		{2026, "00000000-0000-4000-8000-000000000000", "customer-profile-view-request-token-0123456789"},
		{0xfeedface, "ffffffff-ffff-4fff-bfff-ffffffffffff", "Tok_en.with~punctuation-9"},
	}
}

// maxViolationsShown bounds the violations reported per step: the first few say what is wrong.
const maxViolationsShown = 3

// checkContract renders every step of an on-contract scenario and validates the bytes at both
// levels; a violation is reported at the key most likely to have caused it (the patch, the warnings,
// the error entries, else the step). Off-contract scenarios are rendered once, unchecked, so that a
// body that cannot be rendered at all is still caught.
func (p *fileParser) checkContract(sc *Scenario, set *schemas.Set) {
	inputs := checkInputs()
	for i := range sc.Steps {
		r := &sc.Steps[i]
		at := p.steps[i]
		blame := at
		switch {
		case r.Patch != nil:
			blame = at + ".patch"
		case len(r.Warnings) > 0:
			blame = at + ".warnings"
		case p.has(at + ".errors"):
			blame = at + ".errors"
		}
		switch r.Status {
		case http.StatusOK:
			n := len(inputs)
			if sc.OffContract {
				n = 1
			}
			for _, in := range inputs[:n] {
				body, err := r.Render200(in.seed, in.dept, in.token)
				if err != nil {
					p.addf(p.at(blame), "%s: the 200 body cannot be rendered: %v", at, err)
					break
				}
				if !sc.OffContract && p.validate(set, r.Status, body, at, blame, fmt.Sprintf(" for seed %d, token %q", in.seed, in.token)) {
					break
				}
			}
		case http.StatusBadRequest, http.StatusUnauthorized, http.StatusInternalServerError:
			if !sc.OffContract {
				p.validate(set, r.Status, r.ErrorBody(), at, blame, "")
			}
		}
	}
}

// validate checks body against the contract and reports the violations of the loosest level that
// has any, so that a type error is reported as such rather than drowned in strict-level noise. It
// reports whether there were any.
//
// The strict level only adds constraints (required fields, no undocumented ones), so a body that
// passes it passes the contract level too: the common case costs one validation.
func (p *fileParser) validate(set *schemas.Set, status int, body []byte, at, blame, input string) bool {
	strict, err := set.Validate(status, schemas.Strict, body)
	if err == nil && len(strict) == 0 {
		return false
	}
	lv, vs := schemas.Strict, strict
	if err == nil {
		var contract []schemas.Violation
		if contract, err = set.Validate(status, schemas.Contract, body); len(contract) > 0 {
			lv, vs = schemas.Contract, contract
		}
	}
	if err != nil {
		p.addf(p.at(blame), "%s: the %d body%s is not valid: %v", at, status, input, err)
		return true
	}
	shown := make([]string, 0, maxViolationsShown)
	for _, v := range vs[:min(len(vs), maxViolationsShown)] {
		shown = append(shown, v.String())
	}
	more := ""
	if len(vs) > maxViolationsShown {
		more = fmt.Sprintf("; and %d more", len(vs)-maxViolationsShown)
	}
	p.addf(p.at(blame), "%s: the %d body%s breaks the contract (%s level): %s%s (set offContract: true to serve it anyway)",
		at, status, input, lv, strings.Join(shown, "; "), more)
	return true
}
