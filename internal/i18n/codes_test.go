package i18n

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// errorCall finds the message code of a domain error built in service code:
// errs.Field(field, "code", …), errs.New(kind, "code") and the development rules' ruleError.
var errorCall = regexp.MustCompile(`(?:errs\.Field\([^,()]+,|errs\.New\([^,()]+,|ruleError\([^,()]+,)\s*"([a-z0-9_.]+)"`)

// TestServiceErrorCodesHaveMessages fails when a service raises an error code that has no
// message (users would see the bare code).
func TestServiceErrorCodesHaveMessages(t *testing.T) {
	files, err := filepath.Glob("../service/*/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no service sources: %v", err)
	}
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range errorCall.FindAllSubmatch(b, -1) {
			n++
			if code := string(m[1]); !Has(code) {
				t.Errorf("%s: error code %q has no message", filepath.Base(f), code)
			}
		}
	}
	if n < 50 {
		t.Fatalf("only %d error codes found: the pattern no longer matches the code", n)
	}
}
