package schemas

// The page documents the error envelope but no errorCode: every code below is
// the toolkit's own choice, stable so that clients and tests may switch on it.
// The first three digits are the HTTP status. A real implementation is never
// held to them (the contract suite checks them only against the mock).
const (
	CodeDepartmentNotUUID      int32 = 40001 // departmentUuid is not a textual UUID
	CodeTokenEmpty             int32 = 40002 // customerProfileViewRequestToken is empty
	CodeTokenTooLong           int32 = 40003 // customerProfileViewRequestToken is longer than 512 bytes
	CodeTokenForbiddenChar     int32 = 40004 // customerProfileViewRequestToken holds a byte outside 0x21-0x7E
	CodeUnsupportedPreferCode  int32 = 40005 // Prefer: code=N or __code=N names no documented response
	CodeUnknownScenario        int32 = 40006 // a scenario name, from any selector, that is not loaded
	CodeBadAdminRequest        int32 = 40007 // an admin request whose body or query the admin API cannot use
	CodeEncodedSeparator       int32 = 40008 // a token or departmentUuid holding %2F, %5C or %00 (unless --allow-encoded-slash)
	CodeMissingAuthorization   int32 = 40101 // no Authorization header
	CodeMalformedAuthorization int32 = 40102 // Authorization is not well-formed Basic or Bearer credentials
	CodeUnsupportedScheme      int32 = 40103 // an Authorization scheme other than Basic and Bearer
	CodeCredentialsRejected    int32 = 40104 // well-formed credentials that the mock was not told to accept
	CodeAdminUnauthorized      int32 = 40105 // /__admin without the admin token (--admin-token)
	CodeAdminForeignOrigin     int32 = 40301 // /__admin from a browser page of an origin not allowed (or Origin: null)
	CodeAdminForeignHost       int32 = 40302 // /__admin with a Host that is not the mock's (DNS rebinding)
	CodeUnknownPath            int32 = 40401 // no route matches the path
	CodeMethodNotAllowed       int32 = 40501 // the path exists, the method does not
	CodeJournalOff             int32 = 40901 // /__admin/requests while the request journal is off
	CodeAdminNotJSON           int32 = 41501 // /__admin: a POST, or a body, without Content-Type: application/json
	CodeReloadFailed           int32 = 42201 // /__admin/reload found problems in the scenario files
	CodeInternal               int32 = 50001 // a panic or a failed render

	// The built-in scenarios' error answers: the 80s are "from a scenario".
	// The first three are also what a scenario's error step without entries
	// of its own answers.
	CodeScenarioBadRequest   int32 = 40080 // scenario bad-request, and any 400 step without errors
	CodeScenarioUnauthorized int32 = 40180 // scenario unauthorized, and any 401 step without errors
	CodeScenarioServerError  int32 = 50080 // scenario server-error, and any 500 step without errors
	CodeScenarioFlaky        int32 = 50081 // scenario flaky, its third call

	CodeBadGateway int32 = 50201 // the proxy got no (complete) answer from the implementation
)

// Sender is the part of the toolkit that answers with an error code.
type Sender string

// The senders of ErrorCodes.
const (
	SentByMock     Sender = "mock"     // the mock server's own checks and admin API
	SentByScenario Sender = "scenario" // a built-in scenario's error answer
	SentByProxy    Sender = "proxy"    // the validating proxy
)

// ErrorCode is one errorCode the toolkit can send.
type ErrorCode struct {
	Code   int32
	Status int
	Sender Sender
	// When says in a few words what the code answers, as the README's tables
	// say it.
	When string
}

// ErrorCodes is the one table of every errorCode the toolkit can send, in
// order. The README's tables are checked against it, and so is every error
// answer of the built-in scenarios.
func ErrorCodes() []ErrorCode {
	return []ErrorCode{
		{CodeDepartmentNotUUID, 400, SentByMock, "departmentUuid is not a UUID"},
		{CodeTokenEmpty, 400, SentByMock, "the token is empty"},
		{CodeTokenTooLong, 400, SentByMock, "the token is longer than 512 bytes"},
		{CodeTokenForbiddenChar, 400, SentByMock, "the token holds a byte outside 0x21-0x7E"},
		{CodeUnsupportedPreferCode, 400, SentByMock, "Prefer: code=N or __code=N names an undocumented status"},
		{CodeUnknownScenario, 400, SentByMock, "a scenario name that is not loaded"},
		{CodeBadAdminRequest, 400, SentByMock, "an admin request the admin API cannot use"},
		{CodeEncodedSeparator, 400, SentByMock, "a token or departmentUuid holding %2F, %5C or %00"},
		{CodeMissingAuthorization, 401, SentByMock, "Authorization is missing"},
		{CodeMalformedAuthorization, 401, SentByMock, "Authorization is malformed"},
		{CodeUnsupportedScheme, 401, SentByMock, "the scheme is neither Basic nor Bearer"},
		{CodeCredentialsRejected, 401, SentByMock, "credentials that are not among those accepted"},
		{CodeAdminUnauthorized, 401, SentByMock, "an /__admin request without the admin token"},
		{CodeAdminForeignOrigin, 403, SentByMock, "an /__admin request from an origin that is not allowed"},
		{CodeAdminForeignHost, 403, SentByMock, "an /__admin request with a foreign Host"},
		{CodeUnknownPath, 404, SentByMock, "unknown path"},
		{CodeMethodNotAllowed, 405, SentByMock, "another method"},
		{CodeJournalOff, 409, SentByMock, "/__admin/requests while the journal is off"},
		{CodeAdminNotJSON, 415, SentByMock, "an /__admin POST or body without Content-Type: application/json"},
		{CodeReloadFailed, 422, SentByMock, "a reload found problems in the scenario files"},
		{CodeInternal, 500, SentByMock, "an internal error"},
		{CodeScenarioBadRequest, 400, SentByScenario, "scenario bad-request"},
		{CodeScenarioUnauthorized, 401, SentByScenario, "scenario unauthorized"},
		{CodeScenarioServerError, 500, SentByScenario, "scenario server-error"},
		{CodeScenarioFlaky, 500, SentByScenario, "scenario flaky, every third call"},
		{CodeBadGateway, 502, SentByProxy, "the proxy got no complete answer from the implementation"},
	}
}
