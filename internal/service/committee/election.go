package committee

import (
	"context"
	"sort"
	"strings"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// ElectionInput is an election to record: the seats, the voters present, the members left off
// the roll with the reason (e.g. under 留党察看), and each candidate's "for" votes.
type ElectionInput struct {
	OrgID      int64
	HeldOn     model.Date
	Seats      int
	Present    int
	Excluded   []model.ExcludedVoter
	Candidates []model.Candidate
	TermYears  int
	Note       string
}

// Tally is the outcome of an election's count under the rules: who is elected, and the
// problems that make it invalid (errors) or incomplete (warnings, e.g. seats left for a
// further election).
type Tally struct {
	Elected  []int64
	Errors   []errs.FieldError
	Warnings []errs.FieldError
}

// Count validates an election against the rules (§1.6) and picks the winners: the voters
// present must exceed the quorum share of those entitled, the candidates must be at least
// seats × (1 + margin) rounded up, and a candidate is elected with "for" votes above the
// winner share of the voters present — the most-voted up to the number of seats; a tie for
// the last seat is an error (a further ballot decides it).
func Count(r *rules.ElectionRules, seats, entitled, present int, candidates []model.Candidate) Tally {
	var t Tally
	add := func(field, code string, params map[string]any) {
		t.Errors = append(t.Errors, errs.FieldError{Field: field, Code: code, Params: params})
	}
	if seats < 1 {
		add("seats", "election.seats", nil)
		return t
	}
	if present < 0 || present > entitled {
		add("present", "election.present_range", map[string]any{"Entitled": entitled})
		return t
	}
	if !r.QuorumMoreThan.ExceededBy(present, entitled) {
		add("present", "election.quorum", map[string]any{"Present": present, "Entitled": entitled,
			"Num": r.QuorumMoreThan[0], "Den": r.QuorumMoreThan[1]})
	}
	if need := r.MinCandidates(seats); len(candidates) < need {
		add("candidates", "election.too_few_candidates", map[string]any{"Count": len(candidates), "Need": need,
			"Seats": seats, "Margin": r.CandidateMarginPercent})
	}
	idx := make([]int, 0, len(candidates))
	for i, c := range candidates {
		if c.Votes < 0 || c.Votes > present {
			add("candidates."+itoa(i)+".votes", "election.votes_range", map[string]any{"Present": present})
			continue
		}
		if r.WinnerMoreThan.ExceededBy(c.Votes, present) {
			idx = append(idx, i)
		}
	}
	if len(t.Errors) > 0 {
		return t
	}
	sort.SliceStable(idx, func(a, b int) bool { return candidates[idx[a]].Votes > candidates[idx[b]].Votes })
	if len(idx) > seats {
		if candidates[idx[seats-1]].Votes == candidates[idx[seats]].Votes {
			add("candidates", "election.tie", map[string]any{"Votes": candidates[idx[seats]].Votes})
			return t
		}
		idx = idx[:seats]
	}
	if len(idx) == 0 {
		add("candidates", "election.no_winner", map[string]any{"Present": present})
		return t
	}
	for _, i := range idx {
		t.Elected = append(t.Elected, candidates[i].MemberID)
	}
	if len(idx) < seats {
		t.Warnings = append(t.Warnings, errs.FieldError{Field: "seats", Code: "election.shortfall",
			Params: map[string]any{"Elected": len(idx), "Seats": seats}})
	}
	return t
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

// VoterRoll returns the members entitled to vote at an organisation's election held on day:
// the full members of its subtree in the voter statuses who are not under intra-party
// probation (留党察看) that day (rules §1.6.3), less the excluded.
func (s *Service) VoterRoll(ctx context.Context, q interface {
	ExpectedMembers(context.Context, string, []model.Status) ([]*model.Member, error)
	UnderPartyProbation(context.Context, []int64, model.Date) (map[int64]bool, error)
}, o *model.Org, day model.Date, excluded []model.ExcludedVoter) ([]*model.Member, []errs.FieldError, error) {
	members, err := q.ExpectedMembers(ctx, o.Path, s.Rules.OrgLife.Election.VoterStatuses)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]int64, len(members))
	for i, m := range members {
		ids[i] = m.ID
	}
	onProbation, err := q.UnderPartyProbation(ctx, ids, day)
	if err != nil {
		return nil, nil, err
	}
	out := members[:0:0]
	byID := map[int64]*model.Member{}
	for _, m := range members {
		if m.Category == model.Full && !onProbation[m.ID] {
			byID[m.ID] = m
		}
	}
	var fe []errs.FieldError
	drop := map[int64]bool{}
	for i, x := range excluded {
		if byID[x.MemberID] == nil {
			fe = append(fe, errs.FieldError{Field: "excluded." + itoa(i) + ".member_id", Code: "election.not_voter"})
		}
		if strings.TrimSpace(x.Reason) == "" {
			fe = append(fe, errs.FieldError{Field: "excluded." + itoa(i) + ".reason", Code: "required"})
		}
		drop[x.MemberID] = true
	}
	for _, m := range members {
		if byID[m.ID] != nil && !drop[m.ID] {
			out = append(out, m)
		}
	}
	return out, fe, nil
}

// ElectionResult is a recorded election with the advice that did not block it.
type ElectionResult struct {
	Election *model.Election
	Warnings []errs.FieldError
}

// RecordElection records a re-election of an organisation in the caller's write scope. It is
// refused unless valid under the rules; a valid one restarts the committee term (which clears
// the expired mark and its rollup count), ends the old committee and seats the elected as
// committee members (委员) from the election day. The secretary is set afterwards, as the new
// committee elects them.
func (s *Service) RecordElection(ctx context.Context, p *auth.Principal, in ElectionInput) (*ElectionResult, error) {
	var out *ElectionResult
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		o, err := tx.GetOrg(ctx, p.WriteScope(), in.OrgID)
		if err != nil {
			return errs.Field("org_id", "not_found", nil)
		}
		if o.Dissolved() {
			return errs.Field("org_id", "org.dissolved", nil)
		}
		var fe []errs.FieldError
		if in.HeldOn.IsZero() {
			fe = append(fe, errs.FieldError{Field: "held_on", Code: "required"})
		} else if s.today().Before(in.HeldOn) {
			fe = append(fe, errs.FieldError{Field: "held_on", Code: "date.future"})
		}
		if in.TermYears == 0 {
			in.TermYears = o.TermYears
			if in.TermYears == 0 {
				in.TermYears = s.Rules.Org.DefaultTermYears(o.Type, o.UnitType)
			}
		}
		if in.TermYears < 1 || in.TermYears > 10 {
			fe = append(fe, errs.FieldError{Field: "term_years", Code: "org.term_years"})
		}
		roll, rollErrs, err := s.VoterRoll(ctx, tx, o, in.HeldOn, in.Excluded)
		if err != nil {
			return err
		}
		fe = append(fe, rollErrs...)
		voters := map[int64]*model.Member{}
		for _, m := range roll {
			voters[m.ID] = m
		}
		seen := map[int64]bool{}
		for i := range in.Candidates {
			c := &in.Candidates[i]
			m := voters[c.MemberID]
			switch {
			case m == nil:
				fe = append(fe, errs.FieldError{Field: "candidates." + itoa(i) + ".member_id", Code: "election.candidate_not_voter"})
			case seen[c.MemberID]:
				fe = append(fe, errs.FieldError{Field: "candidates." + itoa(i) + ".member_id", Code: "election.candidate_twice"})
			default:
				c.Name = m.Name
			}
			seen[c.MemberID] = true
		}
		if err := errs.Fields(fe); err != nil {
			return err
		}
		t := Count(&s.Rules.OrgLife.Election, in.Seats, len(roll), in.Present, in.Candidates)
		if err := errs.Fields(t.Errors); err != nil {
			return err
		}
		elected := map[int64]bool{}
		for _, id := range t.Elected {
			elected[id] = true
		}
		for i := range in.Candidates {
			in.Candidates[i].Elected, in.Candidates[i].Post = elected[in.Candidates[i].MemberID], ""
			if in.Candidates[i].Elected {
				in.Candidates[i].Post = model.PostMember
			}
		}
		e := &model.Election{OrgID: o.ID, OrgPath: o.Path, OrgName: o.Name, HeldOn: in.HeldOn, Seats: in.Seats,
			Entitled: len(roll), Present: in.Present, Excluded: in.Excluded, Candidates: in.Candidates, TermYears: in.TermYears,
			Valid: true, Status: model.ElectionRecorded, Note: strings.TrimSpace(in.Note)}
		if err := tx.InsertElection(ctx, e, p.UserID); err != nil {
			return err
		}
		before := *o
		if err := tx.RestartTerm(ctx, o, in.HeldOn, in.TermYears, s.today()); err != nil {
			return errs.FromStore(err)
		}
		if err := tx.EndCommittee(ctx, o.ID, in.HeldOn); err != nil {
			return err
		}
		for _, c := range in.Candidates {
			if !c.Elected {
				continue
			}
			cm := &model.CommitteeMember{OrgID: o.ID, OrgPath: o.Path, MemberID: c.MemberID, Name: c.Name, Post: model.PostMember,
				TermStart: in.HeldOn, ElectionID: e.ID}
			if err := tx.InsertCommitteeMember(ctx, cm); err != nil {
				return err
			}
		}
		if err := audit.Record(ctx, tx, p, "update", "org", o.ID, o.Path, &before, o); err != nil {
			return err
		}
		out = &ElectionResult{Election: e, Warnings: t.Warnings}
		return audit.Record(ctx, tx, p, "create", "election", e.ID, e.OrgPath, nil, e)
	})
	return out, err
}

// Election returns an election record in the caller's read scope.
func (s *Service) Election(ctx context.Context, p *auth.Principal, id int64) (*model.Election, error) {
	e, err := s.Store.GetElection(ctx, p.ReadScope(), id)
	if err != nil {
		return nil, errs.FromStore(err)
	}
	return e, nil
}

// Elections lists election records of a subtree; with reported, those of the organisations
// below it awaiting or given approval (the reports received).
func (s *Service) Elections(ctx context.Context, p *auth.Principal, orgID int64, status model.ElectionStatus, below bool, page, size int) ([]*model.Election, int64, error) {
	sc := p.ReadScope()
	if !sc.All && len(sc.Paths) == 0 {
		return nil, 0, errs.ErrNotFound
	}
	o, err := s.Store.GetOrg(ctx, sc, orgID)
	if err != nil {
		return nil, 0, errs.ErrNotFound
	}
	return s.Store.ListElections(ctx, sc, store.ElectionFilter{Path: o.Path, Status: status, Below: below, Limit: size, Offset: (page - 1) * size})
}

// SecretaryInput is the new committee's choice of secretary and the other posts.
type SecretaryInput struct {
	SecretaryID int64
	ElectedOn   model.Date
	// Posts assigns posts to other elected members (deputy secretary, organisation ...).
	Posts map[int64]model.CommitteePost
}

// ElectSecretary records the secretary the committee elected from among its members (and the
// other posts) at version.
func (s *Service) ElectSecretary(ctx context.Context, p *auth.Principal, id, version int64, in SecretaryInput) (*model.Election, error) {
	var out *model.Election
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		e, err := tx.GetElection(ctx, p.WriteScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		if e.Version != version {
			return errs.ErrConflict
		}
		if e.Status != model.ElectionRecorded {
			return errs.Field("status", "election.already_reported", nil)
		}
		if in.ElectedOn.IsZero() {
			in.ElectedOn = e.HeldOn
		}
		if in.ElectedOn.Before(e.HeldOn) || s.today().Before(in.ElectedOn) {
			return errs.Field("elected_on", "election.secretary_date", nil)
		}
		committee, err := tx.Committee(ctx, e.OrgID, in.ElectedOn, false)
		if err != nil {
			return err
		}
		seated := map[int64]*model.CommitteeMember{}
		for _, c := range committee {
			if c.ElectionID == e.ID {
				seated[c.MemberID] = c
			}
		}
		sec := seated[in.SecretaryID]
		if sec == nil {
			return errs.Field("secretary_id", "election.secretary_not_elected", nil)
		}
		posts := map[int64]model.CommitteePost{in.SecretaryID: model.PostSecretary}
		for id, post := range in.Posts {
			if id == in.SecretaryID {
				continue
			}
			if seated[id] == nil {
				return errs.Field("posts", "election.secretary_not_elected", nil)
			}
			if post == model.PostSecretary || !s.Rules.OrgLife.ValidPost(post) {
				return errs.Field("posts", "invalid_value", map[string]any{"Value": post})
			}
			posts[id] = post
		}
		for id, c := range seated {
			want := model.PostMember
			if post, ok := posts[id]; ok {
				want = post
			}
			if c.Post != want {
				c.Post = want
				if err := tx.UpdateCommitteeMember(ctx, c); err != nil {
					return errs.FromStore(err)
				}
			}
		}
		before := *e
		e.SecretaryID, e.SecretaryName, e.SecretaryOn = sec.MemberID, sec.Name, in.ElectedOn
		for i := range e.Candidates {
			if post, ok := posts[e.Candidates[i].MemberID]; ok {
				e.Candidates[i].Post = post
			} else if e.Candidates[i].Elected {
				e.Candidates[i].Post = model.PostMember
			}
		}
		if err := tx.UpdateElectionCandidates(ctx, e); err != nil {
			return errs.FromStore(err)
		}
		out = e
		return audit.Record(ctx, tx, p, "secretary", "election", e.ID, e.OrgPath, &before, e)
	})
	return out, err
}

// Report sends an election record (with its secretary) to the upper organisation at version.
func (s *Service) Report(ctx context.Context, p *auth.Principal, id, version int64) (*model.Election, error) {
	return s.transition(ctx, p, id, version, "report", func(tx *store.Tx, e *model.Election) error {
		if e.Status != model.ElectionRecorded {
			return errs.Field("status", "election.already_reported", nil)
		}
		if e.SecretaryID == 0 {
			return errs.Field("secretary_id", "election.no_secretary", nil)
		}
		e.Status, e.ReportedOn = model.ElectionReported, s.today()
		return nil
	}, false)
}

// Approve records the upper organisation's approval of a reported election at version; only a
// caller who may write the parent organisation can.
func (s *Service) Approve(ctx context.Context, p *auth.Principal, id, version int64) (*model.Election, error) {
	return s.transition(ctx, p, id, version, "approve", func(tx *store.Tx, e *model.Election) error {
		if e.Status != model.ElectionReported {
			return errs.Field("status", "election.not_reported", nil)
		}
		e.Status, e.ApprovedOn = model.ElectionApproved, s.today()
		return nil
	}, true)
}

func (s *Service) transition(ctx context.Context, p *auth.Principal, id, version int64, action string,
	change func(*store.Tx, *model.Election) error, upper bool) (*model.Election, error) {
	var out *model.Election
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		e, err := tx.GetElection(ctx, p.ReadScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		o, err := tx.GetOrg(ctx, store.AllScope, e.OrgID)
		if err != nil {
			return err
		}
		allowed := p.WriteScope().CoversPath(o.Path)
		if upper {
			allowed = o.ParentID != 0 && p.WriteScope().CoversPath(model.ParentPath(o.Path))
		}
		if !allowed {
			return errs.ErrForbidden
		}
		if e.Version != version {
			return errs.ErrConflict
		}
		before := *e
		if err := change(tx, e); err != nil {
			return err
		}
		if err := tx.UpdateElection(ctx, e); err != nil {
			return errs.FromStore(err)
		}
		out = e
		return audit.Record(ctx, tx, p, action, "election", e.ID, e.OrgPath, &before, e)
	})
	return out, err
}
