package rules

import (
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
