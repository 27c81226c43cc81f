package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"dangjian/internal/model"
)

func TestEmbeddedRulesInForce(t *testing.T) {
	s, err := Load("", model.NewDate(2026, 11, 23))
	if err != nil {
		t.Fatal(err)
	}
	if s.Org.BranchMinFullMembers != 3 || s.Org.BranchAdvisedMaxMembers != 50 || s.Org.CommitteeRequiredAtFull != 7 {
		t.Fatalf("organisation thresholds: %+v", s.Org)
	}
	if got := s.Org.DefaultTermYears(model.Branch, model.UnitCommunity); got != 5 {
		t.Fatalf("community branch term %d, want 5", got)
	}
	if got := s.Org.DefaultTermYears(model.Branch, model.UnitNonPublicEnterprise); got != 3 {
		t.Fatalf("enterprise branch term %d, want 3", got)
	}
	if !s.KnownEthnicity("满族") || s.KnownEthnicity("火星族") {
		t.Fatal("ethnicity code list")
	}
	if len(s.Codes.KeyIndustries) != 10 || len(s.Member.AgeBands) != 8 {
		t.Fatalf("code lists: %d industries, %d age bands", len(s.Codes.KeyIndustries), len(s.Member.AgeBands))
	}
	if _, err := Load("", model.NewDate(2010, 1, 1)); err == nil {
		t.Fatal("no rules were in force in 2010, yet Load succeeded")
	}
}

func TestOverrideAddsALaterVersion(t *testing.T) {
	f := filepath.Join(t.TempDir(), "local.yaml")
	os.WriteFile(f, []byte(`org:
  - version: "2027-local"
    effective_from: "2027-01-01"
    source: "a city's own rule"
    branch_min_full_members: 3
    branch_advised_max_members: 40
    committee_required_at_full: 7
`), 0o600)
	before, err := Load(f, model.NewDate(2026, 12, 31))
	if err != nil {
		t.Fatal(err)
	}
	if before.Org.BranchAdvisedMaxMembers != 50 {
		t.Fatalf("the 2027 rule applied in 2026: %+v", before.Org)
	}
	after, err := Load(f, model.NewDate(2027, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	if after.Org.BranchAdvisedMaxMembers != 40 || after.Org.Version != "2027-local" {
		t.Fatalf("the override is not in force: %+v", after.Org)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.yaml"), model.NewDate(2026, 1, 1)); err == nil {
		t.Fatal("a missing override file was ignored")
	}
}

func TestSecurityRules(t *testing.T) {
	s, err := Load("", model.NewDate(2026, 11, 23))
	if err != nil {
		t.Fatal(err)
	}
	sec := s.Security
	if sec.PasswordMinLength != 8 || sec.PasswordMinClasses != 3 || sec.PasswordHistory != 5 || sec.LockoutAttempts != 5 ||
		sec.LockoutMinutes != 15 || sec.SessionIdleMinutes != 30 || sec.SessionMaxHours != 12 || sec.AuditRetentionDays != 180 {
		t.Fatalf("security controls: %+v", sec)
	}
	// A deployment may keep its logs longer, never shorter than the law's six months.
	f := filepath.Join(t.TempDir(), "local.yaml")
	write := func(days int) {
		os.WriteFile(f, []byte(`security:
  - version: "2027-local"
    effective_from: "2027-01-01"
    source: "local"
    password_min_length: 10
    password_min_classes: 3
    password_history: 5
    lockout_attempts: 5
    lockout_minutes: 30
    session_idle_minutes: 15
    session_max_hours: 8
    audit_retention_days: `+itoa(days)+"\n"), 0o600)
	}
	write(365)
	if s, err := Load(f, model.NewDate(2027, 1, 1)); err != nil || s.Security.AuditRetentionDays != 365 || s.Security.LockoutMinutes != 30 {
		t.Fatalf("longer retention: %v %+v", err, s)
	}
	write(180)
	if _, err := Load(f, model.NewDate(2027, 1, 1)); err != nil {
		t.Fatalf("exactly 180 days refused: %v", err)
	}
	write(179)
	if _, err := Load(f, model.NewDate(2027, 1, 1)); err == nil {
		t.Fatal("179 days of audit retention accepted")
	}
}

func itoa(n int) string { return fmt.Sprint(n) }

// TestAttachmentKinds: the embedded rules accept the office formats and refuse nothing by
// omission; a local version without kinds keeps the earlier ones; a malformed list is refused.
func TestAttachmentKinds(t *testing.T) {
	s, err := Load("", model.NewDate(2026, 11, 23))
	if err != nil {
		t.Fatal(err)
	}
	ext := map[string]string{}
	for _, k := range s.Security.AttachmentKinds {
		for _, e := range k.Extensions {
			ext[e] = k.Kind
		}
	}
	for e, kind := range map[string]string{".pdf": "pdf", ".jpg": "jpeg", ".png": "png", ".docx": "docx", ".xlsx": "xlsx",
		".doc": "doc", ".xls": "xls", ".txt": "text"} {
		if ext[e] != kind {
			t.Errorf("%s: kind %q, want %q", e, ext[e], kind)
		}
	}
	for _, e := range []string{".exe", ".html", ".htm", ".svg", ".js", ".zip", ".docm"} {
		if ext[e] != "" {
			t.Errorf("%s accepted as %s", e, ext[e])
		}
	}
	f := filepath.Join(t.TempDir(), "local.yaml")
	write := func(kinds string) {
		os.WriteFile(f, []byte(`security:
  - version: "2027-local"
    effective_from: "2027-01-01"
    source: "local"
    password_min_length: 10
    password_min_classes: 3
    lockout_attempts: 5
    lockout_minutes: 30
    session_idle_minutes: 15
    session_max_hours: 8
    audit_retention_days: 365
`+kinds), 0o600)
	}
	write("")
	embedded := len(s.Security.AttachmentKinds)
	if s, err := Load(f, model.NewDate(2027, 1, 1)); err != nil || len(s.Security.AttachmentKinds) != embedded {
		t.Fatalf("a version without kinds: %v", err)
	}
	write("    attachment_kinds:\n      - {kind: pdf, content_type: application/pdf, extensions: [.pdf]}\n")
	if s, err := Load(f, model.NewDate(2027, 1, 1)); err != nil || len(s.Security.AttachmentKinds) != 1 {
		t.Fatalf("a narrower list: %v %+v", err, s)
	}
	for _, bad := range []string{
		"    attachment_kinds:\n      - {kind: pdf, extensions: [.pdf]}\n",
		"    attachment_kinds:\n      - {kind: pdf, content_type: application/pdf, extensions: [pdf]}\n",
		"    attachment_kinds:\n      - {kind: pdf, content_type: application/pdf, extensions: [.PDF]}\n",
		"    attachment_kinds:\n      - {kind: pdf, content_type: application/pdf}\n",
	} {
		write(bad)
		if _, err := Load(f, model.NewDate(2027, 1, 1)); err == nil {
			t.Errorf("accepted:\n%s", bad)
		}
	}
}
