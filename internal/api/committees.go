package api

import (
	"context"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"dangjian/internal/model"
	"dangjian/internal/service/committee"
	"dangjian/internal/service/sheet"
)

type committeeIn struct {
	ID  int64 `path:"id"`
	All bool  `query:"all" doc:"include posts no longer held"`
}

type committeeOut struct {
	Body struct {
		Org     orgView                  `json:"org"`
		Members []*model.CommitteeMember `json:"members"`
	}
}

func (s *server) getCommittee(ctx context.Context, in *committeeIn) (*committeeOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	o, members, err := s.Committees.Committee(ctx, p, in.ID, in.All)
	if err != nil {
		return nil, fail(ctx, err)
	}
	views, err := s.views(ctx, []*model.Org{o})
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &committeeOut{}
	if members == nil {
		members = []*model.CommitteeMember{}
	}
	out.Body.Org, out.Body.Members = views[0], members
	return out, nil
}

type postBody struct {
	OrgID     int64      `json:"org_id,omitempty"`
	MemberID  int64      `json:"member_id,omitempty"`
	Post      string     `json:"post,omitempty" maxLength:"30"`
	TermStart model.Date `json:"term_start,omitempty"`
	LeftOn    model.Date `json:"left_on,omitempty"`
	Version   int64      `json:"version,omitempty"`
	_         struct{}   `additionalProperties:"true"`
}

func (b *postBody) input() committee.PostInput {
	return committee.PostInput{OrgID: b.OrgID, MemberID: b.MemberID, Post: model.CommitteePost(b.Post), TermStart: b.TermStart, LeftOn: b.LeftOn}
}

type postOut struct{ Body *model.CommitteeMember }

type createPostIn struct{ Body postBody }

func (s *server) createCommitteeMember(ctx context.Context, in *createPostIn) (*postOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.Committees.AddPost(ctx, p, in.Body.input())
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &postOut{Body: c}, nil
}

type updatePostIn struct {
	ID   int64 `path:"id"`
	Body postBody
}

func (s *server) updateCommitteeMember(ctx context.Context, in *updatePostIn) (*postOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.Committees.UpdatePost(ctx, p, in.ID, in.Body.Version, in.Body.input())
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &postOut{Body: c}, nil
}

func (s *server) deleteCommitteeMember(ctx context.Context, in *versionedIDIn) (*struct{}, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	return nil, failOrNil(ctx, s.Committees.DeletePost(ctx, p, in.ID, in.Version))
}

type termsIn struct {
	Org   int64  `query:"org" required:"true"`
	State string `query:"state" enum:"expiring,expired" required:"true"`
	Page  int    `query:"page" minimum:"0"`
	Size  int    `query:"size" minimum:"0" maximum:"200"`
}

func (s *server) listTerms(ctx context.Context, in *termsIn) (*listOut[orgView], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	pg, size := page(in.Page, in.Size)
	orgs, total, err := s.Committees.Terms(ctx, p, in.Org, committee.TermState(in.State), pg, size)
	if err != nil {
		return nil, fail(ctx, err)
	}
	views, err := s.views(ctx, orgs)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return newList(views, total), nil
}

type exportTermsIn struct {
	Org    int64  `query:"org" required:"true"`
	State  string `query:"state" enum:"expiring,expired" required:"true"`
	Format string `query:"format" enum:"xlsx,csv," doc:"xlsx (default) or csv"`
}

func (s *server) exportTerms(ctx context.Context, in *exportTermsIn) (*huma.StreamResponse, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	check := func() error {
		if _, _, err := s.Committees.Terms(ctx, p, in.Org, committee.TermState(in.State), 1, 1); err != nil {
			return err
		}
		return s.auditExport(ctx, p, "term", in.Org, map[string]any{"org": in.Org, "state": in.State})
	}
	return stream(ctx, check, in.Format, "terms-"+in.State, func(w sheet.Writer) error {
		orgs, _, err := s.Committees.Terms(ctx, p, in.Org, committee.TermState(in.State), 1, 0)
		if err != nil {
			return err
		}
		l := orgLifeLabel(ctx)
		if err := w.WriteHeader([]string{l("export.org"), l("export.org_type"), l("export.term_start"), l("export.term_years"), l("export.term_end")}); err != nil {
			return err
		}
		for _, o := range orgs {
			if err := w.WriteRow([]string{o.Name, l("org_type." + string(o.Type)), o.TermStart.String(), strconv.Itoa(o.TermYears), o.TermEnd().String()}); err != nil {
				return err
			}
		}
		return w.Close()
	})
}

type listElectionsIn struct {
	Org    int64  `query:"org" required:"true"`
	Status string `query:"status" enum:"recorded,reported,approved,"`
	Below  bool   `query:"below" doc:"only the organisations below (reports received)"`
	Page   int    `query:"page" minimum:"0"`
	Size   int    `query:"size" minimum:"0" maximum:"200"`
}

func (s *server) listElections(ctx context.Context, in *listElectionsIn) (*listOut[*model.Election], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	pg, size := page(in.Page, in.Size)
	items, total, err := s.Committees.Elections(ctx, p, in.Org, model.ElectionStatus(in.Status), in.Below, pg, size)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return newList(items, total), nil
}

// ExcludedBody is a full member left off an election's voter roll.
type ExcludedBody struct {
	MemberID int64  `json:"member_id"`
	Reason   string `json:"reason" maxLength:"100"`
}

// CandidateBody is a candidate with the "for" votes received.
type CandidateBody struct {
	MemberID int64 `json:"member_id"`
	Votes    int   `json:"votes"`
}

// PostAssignment gives a post to an elected committee member.
type PostAssignment struct {
	MemberID int64  `json:"member_id"`
	Post     string `json:"post" maxLength:"30"`
}

type electionBody struct {
	OrgID      int64           `json:"org_id"`
	HeldOn     model.Date      `json:"held_on"`
	Seats      int             `json:"seats"`
	Present    int             `json:"present" doc:"voters present"`
	Excluded   []ExcludedBody  `json:"excluded,omitempty" maxItems:"500" doc:"full members left off the voter roll (e.g. under 留党察看), with the reason"`
	Candidates []CandidateBody `json:"candidates" maxItems:"200"`
	TermYears  int             `json:"term_years,omitempty"`
	Note       string          `json:"note,omitempty" maxLength:"2000"`
	_          struct{}        `additionalProperties:"true"`
}

type createElectionIn struct{ Body electionBody }

type electionOut struct {
	Body struct {
		Election *model.Election `json:"election"`
		Warnings []FieldError    `json:"warnings"`
	}
}

func (s *server) createElection(ctx context.Context, in *createElectionIn) (*electionOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	e := committee.ElectionInput{OrgID: b.OrgID, HeldOn: b.HeldOn, Seats: b.Seats, Present: b.Present, TermYears: b.TermYears, Note: b.Note}
	for _, x := range b.Excluded {
		e.Excluded = append(e.Excluded, model.ExcludedVoter{MemberID: x.MemberID, Reason: x.Reason})
	}
	for _, c := range b.Candidates {
		e.Candidates = append(e.Candidates, model.Candidate{MemberID: c.MemberID, Votes: c.Votes})
	}
	r, err := s.Committees.RecordElection(ctx, p, e)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &electionOut{}
	out.Body.Election, out.Body.Warnings = r.Election, localizeFields(ctx, r.Warnings)
	return out, nil
}

func (s *server) electionOut(ctx context.Context, e *model.Election) *electionOut {
	out := &electionOut{}
	out.Body.Election, out.Body.Warnings = e, []FieldError{}
	return out
}

func (s *server) getElection(ctx context.Context, in *idIn) (*electionOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	e, err := s.Committees.Election(ctx, p, in.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.electionOut(ctx, e), nil
}

type secretaryIn struct {
	ID   int64 `path:"id"`
	Body struct {
		Version     int64            `json:"version"`
		SecretaryID int64            `json:"secretary_id"`
		ElectedOn   model.Date       `json:"elected_on,omitempty"`
		Posts       []PostAssignment `json:"posts,omitempty" maxItems:"50"`
	}
}

func (s *server) electSecretary(ctx context.Context, in *secretaryIn) (*electionOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	posts := map[int64]model.CommitteePost{}
	for _, x := range in.Body.Posts {
		posts[x.MemberID] = model.CommitteePost(x.Post)
	}
	e, err := s.Committees.ElectSecretary(ctx, p, in.ID, in.Body.Version, committee.SecretaryInput{SecretaryID: in.Body.SecretaryID,
		ElectedOn: in.Body.ElectedOn, Posts: posts})
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.electionOut(ctx, e), nil
}

func (s *server) reportElection(ctx context.Context, in *versionBodyIn) (*electionOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	e, err := s.Committees.Report(ctx, p, in.ID, in.Body.Version)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.electionOut(ctx, e), nil
}

func (s *server) approveElection(ctx context.Context, in *versionBodyIn) (*electionOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	e, err := s.Committees.Approve(ctx, p, in.ID, in.Body.Version)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.electionOut(ctx, e), nil
}
