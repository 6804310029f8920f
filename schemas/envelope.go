package schemas

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
)

// ErrorEntry is one entry of the errors array of the 204, 400, 401 and 500
// bodies (error.schema.json). Unlike the 200 body's entries it carries no
// errorDescription.
type ErrorEntry struct {
	ErrorCode    int32  `json:"errorCode"`
	ErrorTitle   string `json:"errorTitle"`
	ErrorMessage string `json:"errorMessage"`
}

// Warning is one entry of the warnings array of any body.
type Warning struct {
	WarningCode    int32  `json:"warningCode"`
	WarningTitle   string `json:"warningTitle"`
	WarningMessage string `json:"warningMessage"`
}

// ErrorBody is the documented error envelope: {"errors": [...], "warnings":
// [...]}. The mock's own error answers, the scenario files' error answers and
// the proxy's are all this one type, encoded by Bytes.
type ErrorBody struct {
	Errors   []ErrorEntry `json:"errors"`
	Warnings []Warning    `json:"warnings"`
}

// Envelope is the error body with these entries and no warnings.
func Envelope(entries ...ErrorEntry) ErrorBody {
	if entries == nil {
		entries = []ErrorEntry{}
	}
	return ErrorBody{Errors: entries, Warnings: []Warning{}}
}

// Bytes encodes the body as every body is encoded (Encode). Nil slices are
// sent as empty arrays, never as null, which the contract refuses.
func (b ErrorBody) Bytes() []byte {
	if b.Errors == nil {
		b.Errors = []ErrorEntry{}
	}
	if b.Warnings == nil {
		b.Warnings = []Warning{}
	}
	out, err := Encode(b)
	if err != nil {
		// Unreachable: the value holds only strings and integers.
		panic("schemas: encoding an error body: " + err.Error())
	}
	return out
}

// JSONContentType is the Content-Type of every JSON answer the toolkit sends:
// the media type the OpenAPI document lists, bare. RFC 8259 (§11) defines no
// charset parameter for JSON, which is UTF-8 by definition, and tools that
// match the document's media types exactly (Dredd) refuse one.
const JSONContentType = "application/json"

// WriteJSON answers with a JSON body: its Content-Type and Content-Length,
// then the status and the bytes; the answer to a HEAD request gets the same
// headers and no body. Every JSON answer of the mock and the proxy that is
// not a cached profile goes through it.
func WriteJSON(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", JSONContentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r != nil && r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(body)
}

// Encode is the one encoder of every body the toolkit serves: encoding/json
// without HTML escaping (names like "Smith & Sons" stay readable), with a
// final newline. Profiles and error bodies share it so that the same value
// always gives the same bytes.
//
// The result is exactly as long as the body: bodies are kept in the mock's
// cache, whose byte bound would otherwise count half of what a grown buffer
// holds. The growing is done in pooled buffers.
func Encode(v any) ([]byte, error) {
	buf := encodeBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			buf.Reset()
			encodeBuffers.Put(buf)
		}
	}()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.Clone(buf.Bytes()), nil
}

// maxPooledBuffer keeps a rare huge body's buffer out of the pool.
const maxPooledBuffer = 1 << 20

// encodeBuffers holds no state between calls, only spare memory.
var encodeBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}
