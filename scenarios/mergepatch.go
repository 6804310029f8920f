package scenarios

import (
	"fmt"

	"github.com/profilemock/profilemock/schemas"
)

// MergePatch applies a JSON merge patch (RFC 7396) to a JSON document and returns the result,
// encoded like Render200 (no HTML escaping, a final newline). Objects are merged member by member, a
// null member deletes, anything else replaces; a patch that is not an object replaces the whole
// document. Numbers are kept exactly as written. Objects come out with their members sorted by name.
func MergePatch(doc, patch []byte) ([]byte, error) {
	var target, p any
	if err := schemas.DecodeJSON(doc, &target); err != nil {
		return nil, fmt.Errorf("merge patch: the document: %w", err)
	}
	if err := schemas.DecodeJSON(patch, &p); err != nil {
		return nil, fmt.Errorf("merge patch: the patch: %w", err)
	}
	return schemas.Encode(mergeValue(target, p))
}

// mergeValue is the MergePatch function of RFC 7396 section 2. It may reuse target's maps, never
// patch's: a patch object is copied member by member into a new or the target's object.
func mergeValue(target, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	t, ok := target.(map[string]any)
	if !ok {
		t = make(map[string]any, len(p))
	}
	for k, v := range p {
		if v == nil {
			delete(t, k)
			continue
		}
		t[k] = mergeValue(t[k], v)
	}
	return t
}
