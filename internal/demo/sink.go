package demo

import (
	"context"

	"dangjian/internal/model"
)

// MemorySink is a Sink that keeps the whole city in memory, in the order it arrives (tests,
// small demonstrations). A million members take about half a gigabyte.
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
