package demo

import (
	"context"

	"dangjian/internal/model"
)

// MemorySink keeps the whole city in memory (tests).
type MemorySink struct {
	Orgs    []*model.Org
	Members []*model.Member
}

// AddOrgs implements Sink.
func (s *MemorySink) AddOrgs(_ context.Context, orgs []*model.Org) error {
	s.Orgs = append(s.Orgs, orgs...)
	return nil
}

// AddMembers implements Sink.
func (s *MemorySink) AddMembers(_ context.Context, ms []*model.Member) error {
	s.Members = append(s.Members, ms...)
	return nil
}
