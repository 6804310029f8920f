// Package features is the contract suite of getCustomerProfileData: Gherkin
// feature files, organised by answer, and the godog steps that check any
// implementation of the endpoint over HTTP. The same features run against the
// toolkit's mock (which tests the suite) and against real services (which
// tests them). Run is the whole suite; package rules holds the judgements
// the steps share with the validating proxy.
package features

import "embed"

// Files holds the built-in feature files.
//
//go:embed *.feature
var Files embed.FS
