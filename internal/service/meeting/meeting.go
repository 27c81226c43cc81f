// Package meeting keeps organisational life (组织生活): the three meetings and one lesson and the
// other meetings organisations hold, their expected attendees and attendance (signed in by a
// per-meeting code on the member's phone, or marked by the secretary), the quorum rules, and the
// compliance of organisations with the required frequencies (rules.md §4).
package meeting

import (
	"context"
	"crypto/rand"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// Service is the meeting service.
type Service struct {
	Store *store.Store
	Rules *rules.Set
	// Now returns the current time (tests fix it).
	Now func() time.Time
}

// New returns the meeting service.
func New(s *store.Store, r *rules.Set) *Service {
	return &Service{Store: s, Rules: r, Now: time.Now}
}

func (s *Service) today() model.Date { return model.DateOf(s.Now().Local()) }

// Input is the editable part of a meeting.
type Input struct {
	OrgID     int64
	Type      model.MeetingType
	Topic     string
	Status    model.MeetingStatus
	StartsAt  time.Time
	EndsAt    time.Time
	Place     string
	Host      string
	Recorder  string
	Minutes   string
	Decisions string
}

func (in *Input) apply(m *model.Meeting) {
	m.Type, m.Topic, m.Status = in.Type, strings.TrimSpace(in.Topic), in.Status
	m.StartsAt, m.EndsAt = in.StartsAt.UTC().Truncate(time.Minute), in.EndsAt.UTC().Truncate(time.Minute)
	m.HeldOn = model.DateOf(m.StartsAt.Local())
	m.Place, m.Host, m.Recorder = strings.TrimSpace(in.Place), strings.TrimSpace(in.Host), strings.TrimSpace(in.Recorder)
	m.Minutes, m.Decisions = strings.TrimSpace(in.Minutes), strings.TrimSpace(in.Decisions)
	if m.Status == "" {
		m.Status = model.MeetingPlanned
	}
}

func tooLong(field string, s string, max int) []errs.FieldError {
	if utf8.RuneCountInString(s) > max {
		return []errs.FieldError{{Field: field, Code: "too_long", Params: map[string]any{"Max": max}}}
	}
	return nil
}

func (s *Service) check(m *model.Meeting) []errs.FieldError {
	var fe []errs.FieldError
	if !m.Type.Valid() {
		fe = append(fe, errs.FieldError{Field: "type", Code: "invalid_value", Params: map[string]any{"Value": m.Type}})
	}
	if !m.Status.Valid() {
		fe = append(fe, errs.FieldError{Field: "status", Code: "invalid_value", Params: map[string]any{"Value": m.Status}})
	}
	if m.Topic == "" {
		fe = append(fe, errs.FieldError{Field: "topic", Code: "required"})
	}
	fe = append(fe, tooLong("topic", m.Topic, 200)...)
	fe = append(fe, tooLong("place", m.Place, 200)...)
	fe = append(fe, tooLong("host", m.Host, 50)...)
	fe = append(fe, tooLong("recorder", m.Recorder, 50)...)
	fe = append(fe, tooLong("minutes", m.Minutes, 20000)...)
	fe = append(fe, tooLong("decisions", m.Decisions, 5000)...)
	switch {
	case m.StartsAt.IsZero():
		fe = append(fe, errs.FieldError{Field: "starts_at", Code: "required"})
	case m.EndsAt.IsZero() || !m.EndsAt.After(m.StartsAt):
		fe = append(fe, errs.FieldError{Field: "ends_at", Code: "meeting.ends_before_start"})
	case m.EndsAt.Sub(m.StartsAt) > 24*time.Hour:
		fe = append(fe, errs.FieldError{Field: "ends_at", Code: "meeting.too_long"})
	}
	if m.Status == model.MeetingHeld && m.StartsAt.After(s.Now()) {
		fe = append(fe, errs.FieldError{Field: "status", Code: "meeting.held_in_future"})
	}
	return fe
}

// signAlphabet avoids characters easily confused when typed (0/O, 1/I/L).
const signAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// SignCodeLength is the length of a sign-in code: 31^10 ≈ 8×10^14 codes, not guessable online.
const SignCodeLength = 10

// newSignCode draws a random sign-in code.
func newSignCode() string {
	b := make([]byte, SignCodeLength)
	rand.Read(b)
	for i := range b {
		// 256 % 31 leaves a bias below 4% per character, immaterial at this length.
		b[i] = signAlphabet[int(b[i])%len(signAlphabet)]
	}
	return string(b)
}

// freshCode draws codes until one is unused (a clash is astronomically rare; checking first keeps
// the transaction valid on PostgreSQL, where a failed INSERT would abort it).
func freshCode(ctx context.Context, tx *store.Tx) (string, error) {
	for {
		code := newSignCode()
		taken, err := tx.SignCodeTaken(ctx, code)
		if err != nil || !taken {
			return code, err
		}
	}
}

// NormalizeCode upper-cases a typed code and drops spaces and dashes.
func NormalizeCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		if r >= 'a' && r <= 'z' {
			return r - 32
		}
		return r
	}, strings.TrimSpace(code))
}

func (s *Service) signWindow(m *model.Meeting) {
	m.SignExpiresAt = m.EndsAt.Add(time.Duration(s.Rules.OrgLife.SignInGraceMinutes) * time.Minute)
}

// expected draws a meeting's expected attendees from its organisation: the committee for a
// committee meeting or at an organisation above branch level, else the members of the
// organisation's subtree in the expected statuses (full members in good standing vote, except
// those under intra-party probation (留党察看) on the meeting's day).
func (s *Service) expected(ctx context.Context, tx *store.Tx, o *model.Org, mt model.MeetingType, day model.Date) ([]model.Attendance, error) {
	r := &s.Rules.OrgLife
	if mt == model.CommitteeMeeting || !o.Type.IsBranchLevel() {
		committee, err := tx.Committee(ctx, o.ID, s.today(), false)
		if err != nil {
			return nil, err
		}
		if len(committee) == 0 && mt == model.CommitteeMeeting {
			return nil, errs.Field("type", "meeting.no_committee", nil)
		}
		seen := map[int64]bool{}
		var out []model.Attendance
		for _, c := range committee {
			if !seen[c.MemberID] {
				seen[c.MemberID] = true
				out = append(out, model.Attendance{MemberID: c.MemberID, Status: model.AttendanceExpected, Voting: mt == model.CommitteeMeeting})
			}
		}
		return out, nil
	}
	members, err := tx.ExpectedMembers(ctx, o.Path, r.ExpectedStatuses)
	if err != nil {
		return nil, err
	}
	var onProbation map[int64]bool
	if mt == model.BranchAssembly {
		ids := make([]int64, len(members))
		for i, m := range members {
			ids[i] = m.ID
		}
		if onProbation, err = tx.UnderPartyProbation(ctx, ids, day); err != nil {
			return nil, err
		}
	}
	out := make([]model.Attendance, 0, len(members))
	for _, m := range members {
		out = append(out, model.Attendance{MemberID: m.ID, Status: model.AttendanceExpected,
			Voting: mt == model.BranchAssembly && r.Voting(m.Category, m.Status) && !onProbation[m.ID]})
	}
	return out, nil
}

// attendeeBasis groups the meeting types whose expected attendees and votes are drawn alike:
// the committee for a committee meeting, the members with full members voting for an
// assembly, the members without votes for the others. A meeting keeps its group.
func attendeeBasis(t model.MeetingType) int {
	switch t {
	case model.CommitteeMeeting:
		return 1
	case model.BranchAssembly:
		return 2
	}
	return 0
}

// Create plans or records a meeting of an organisation in the caller's write scope, with its
// expected attendees drawn from the organisation and a fresh sign-in code.
func (s *Service) Create(ctx context.Context, p *auth.Principal, in Input) (*model.Meeting, error) {
	m := &model.Meeting{OrgID: in.OrgID, CreatedBy: p.UserID}
	in.apply(m)
	if err := errs.Fields(s.check(m)); err != nil {
		return nil, err
	}
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		o, err := tx.GetOrg(ctx, p.WriteScope(), in.OrgID)
		if err != nil {
			return errs.Field("org_id", "not_found", nil)
		}
		if o.Dissolved() {
			return errs.Field("org_id", "org.dissolved", nil)
		}
		m.OrgPath, m.OrgName = o.Path, o.Name
		attendees, err := s.expected(ctx, tx, o, m.Type, m.HeldOn)
		if err != nil {
			return err
		}
		s.signWindow(m)
		if m.SignCode, err = freshCode(ctx, tx); err != nil {
			return err
		}
		if err := tx.InsertMeeting(ctx, m, attendees); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "create", "meeting", m.ID, m.OrgPath, nil, m)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// businessScope is the caller's read scope over organisations' records; a member-only caller
// has none (members see their own meetings through MyMeetings, not others' attendance).
func businessScope(p *auth.Principal) store.Scope {
	sc := p.ReadScope()
	if !sc.All && len(sc.Paths) == 0 {
		return store.Scope{}
	}
	return sc
}

// Get returns a meeting in the caller's read scope.
func (s *Service) Get(ctx context.Context, p *auth.Principal, id int64) (*model.Meeting, error) {
	m, err := s.Store.GetMeeting(ctx, businessScope(p), id)
	if err != nil {
		return nil, errs.FromStore(err)
	}
	return m, nil
}

// CanWrite reports whether the caller may change the meeting (and see its sign-in code).
func (s *Service) CanWrite(p *auth.Principal, m *model.Meeting) bool {
	return p.WriteScope().CoversPath(m.OrgPath)
}

// Attendance returns a meeting's expected attendees and what happened.
func (s *Service) Attendance(ctx context.Context, p *auth.Principal, id int64) ([]model.Attendance, error) {
	if _, err := s.Get(ctx, p, id); err != nil {
		return nil, err
	}
	return s.Store.Attendance(ctx, id)
}

// Query selects meetings for a list.
type Query struct {
	OrgID      int64
	Type       model.MeetingType
	Status     model.MeetingStatus
	From, To   model.Date
	Page, Size int
}

// List returns the meetings of a subtree in the caller's scope, newest first.
func (s *Service) List(ctx context.Context, p *auth.Principal, q Query) ([]*model.Meeting, int64, error) {
	sc, f, err := s.filter(ctx, p, q)
	if err != nil {
		return nil, 0, err
	}
	f.Limit, f.Offset = q.Size, (q.Page-1)*q.Size
	return s.Store.ListMeetings(ctx, sc, f)
}

// filter turns a query into the caller's scope and the store's filter; an organisation outside
// the scope is not found.
func (s *Service) filter(ctx context.Context, p *auth.Principal, q Query) (store.Scope, store.MeetingFilter, error) {
	sc := businessScope(p)
	f := store.MeetingFilter{Type: q.Type, Status: q.Status, From: q.From, To: q.To}
	if q.OrgID != 0 {
		o, err := s.Store.GetOrg(ctx, sc, q.OrgID)
		if err != nil {
			return sc, f, errs.ErrNotFound
		}
		f.OrgPath = o.Path
	}
	if q.Type != "" && !q.Type.Valid() {
		return sc, f, errs.Field("type", "invalid_value", map[string]any{"Value": q.Type})
	}
	return sc, f, nil
}

func (s *Service) writable(ctx context.Context, tx *store.Tx, p *auth.Principal, id, version int64) (*model.Meeting, error) {
	m, err := tx.GetMeeting(ctx, p.WriteScope(), id)
	if err != nil {
		return nil, errs.ErrNotFound
	}
	if m.Version != version {
		return nil, errs.ErrConflict
	}
	return m, nil
}

// Update edits a meeting at version (its organisation does not change).
func (s *Service) Update(ctx context.Context, p *auth.Principal, id, version int64, in Input) (*model.Meeting, error) {
	var out *model.Meeting
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		old, err := s.writable(ctx, tx, p, id, version)
		if err != nil {
			return err
		}
		m := *old
		in.apply(&m)
		if err := errs.Fields(s.check(&m)); err != nil {
			return err
		}
		if attendeeBasis(m.Type) != attendeeBasis(old.Type) {
			return errs.Field("type", "meeting.type_changes_attendees", nil)
		}
		s.signWindow(&m)
		if err := tx.UpdateMeeting(ctx, old, &m); err != nil {
			return errs.FromStore(err)
		}
		out = &m
		return audit.Record(ctx, tx, p, "update", "meeting", m.ID, m.OrgPath, old, &m)
	})
	return out, err
}

// Delete removes a meeting entered by mistake; one that answers a directive stays.
func (s *Service) Delete(ctx context.Context, p *auth.Principal, id, version int64) error {
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		old, err := s.writable(ctx, tx, p, id, version)
		if err != nil {
			return err
		}
		linked, err := tx.MeetingAnswersDirective(ctx, id)
		if err != nil {
			return err
		}
		if linked {
			return errs.Field("id", "meeting.answers_directive", nil)
		}
		if err := tx.DeleteAttachmentsOf(ctx, "meeting", id); err != nil {
			return err
		}
		if err := tx.DeleteMeeting(ctx, old); err != nil {
			return errs.FromStore(err)
		}
		return audit.Record(ctx, tx, p, "delete", "meeting", id, old.OrgPath, old, nil)
	})
}

// NewSignCode replaces a meeting's sign-in code (the old link stops working).
func (s *Service) NewSignCode(ctx context.Context, p *auth.Principal, id, version int64) (*model.Meeting, error) {
	var out *model.Meeting
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		old, err := s.writable(ctx, tx, p, id, version)
		if err != nil {
			return err
		}
		m := *old
		if m.SignCode, err = freshCode(ctx, tx); err != nil {
			return err
		}
		if err := tx.UpdateMeeting(ctx, old, &m); err != nil {
			return errs.FromStore(err)
		}
		out = &m
		return audit.Record(ctx, tx, p, "new_sign_code", "meeting", m.ID, m.OrgPath, nil, nil)
	})
	return out, err
}

// Quorum is a meeting's quorum check (rules §4.1, §4.2): more than Ratio of Base present.
type Quorum struct {
	Applies bool             `json:"applies"`
	Base    rules.QuorumBase `json:"base,omitempty"`
	Voting  int              `json:"voting"`
	Present int              `json:"present"`
	// Needed is the least number present for the quorum.
	Needed int  `json:"needed"`
	Met    bool `json:"met"`
}

// QuorumOf checks a meeting's quorum from its counters.
func (s *Service) QuorumOf(m *model.Meeting) Quorum {
	r := &s.Rules.OrgLife
	base, ok := r.Quorum[m.Type]
	if !ok {
		return Quorum{}
	}
	q := Quorum{Applies: true, Base: base, Voting: m.VotingExpected, Present: m.VotingPresent}
	ratio := r.QuorumMoreThan
	q.Needed = m.VotingExpected*ratio[0]/ratio[1] + 1
	q.Met = m.VotingExpected > 0 && ratio.ExceededBy(m.VotingPresent, m.VotingExpected)
	return q
}
