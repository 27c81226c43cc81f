package meeting

import (
	"context"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// Mark is one attendee's state as the secretary records it.
type Mark struct {
	MemberID int64
	Status   model.AttendanceStatus
	Reason   model.AbsenceReason
	Note     string
	// Voting applies to attendees added here (not on the drawn list).
	Voting bool
}

// MarkAttendance records attendance at a meeting at version. Members not yet expected are
// added when they lie in the caller's write scope (a member from elsewhere attending).
func (s *Service) MarkAttendance(ctx context.Context, p *auth.Principal, id, version int64, marks []Mark, remove []int64) (*model.Meeting, error) {
	var out *model.Meeting
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		m, err := s.writable(ctx, tx, p, id, version)
		if err != nil {
			return err
		}
		if m.Status == model.MeetingCancelled {
			return errs.Field("status", "meeting.cancelled", nil)
		}
		current, err := tx.Attendance(ctx, id)
		if err != nil {
			return err
		}
		byMember := map[int64]model.Attendance{}
		for _, at := range current {
			byMember[at.MemberID] = at
		}
		var added []int64
		for _, mk := range marks {
			if _, ok := byMember[mk.MemberID]; !ok {
				added = append(added, mk.MemberID)
			}
		}
		inScope, err := tx.MemberIDsIn(ctx, p.WriteScope(), added)
		if err != nil {
			return err
		}
		var fe []errs.FieldError
		changes := make([]model.Attendance, 0, len(marks))
		for i, mk := range marks {
			field := "marks." + itoa(i)
			if !mk.Status.Valid() {
				fe = append(fe, errs.FieldError{Field: field + ".status", Code: "invalid_value", Params: map[string]any{"Value": mk.Status}})
				continue
			}
			if mk.Reason != "" && !s.Rules.OrgLife.ValidReason(mk.Reason) {
				fe = append(fe, errs.FieldError{Field: field + ".reason", Code: "invalid_value", Params: map[string]any{"Value": mk.Reason}})
				continue
			}
			at, ok := byMember[mk.MemberID]
			if !ok {
				if !inScope[mk.MemberID] {
					fe = append(fe, errs.FieldError{Field: field + ".member_id", Code: "not_found"})
					continue
				}
				at = model.Attendance{MemberID: mk.MemberID, Voting: mk.Voting}
			}
			at.Status, at.Note = mk.Status, mk.Note
			at.Reason = ""
			if mk.Status == model.AttendanceAbsent {
				at.Reason = mk.Reason
			}
			if mk.Status == model.AttendancePresent {
				if at.Method == "" || at.Method == model.SignBySecretary {
					at.Method, at.SignedAt = model.SignBySecretary, s.Now()
				}
			} else {
				at.Method, at.SignedAt = "", time.Time{}
			}
			changes = append(changes, at)
		}
		if err := errs.Fields(fe); err != nil {
			return err
		}
		before := *m
		if len(remove) > 0 {
			if err := tx.RemoveAttendees(ctx, m, remove); err != nil {
				return errs.FromStore(err)
			}
		}
		if err := tx.SetAttendance(ctx, m, changes); err != nil {
			return errs.FromStore(err)
		}
		out = m
		return audit.Record(ctx, tx, p, "attendance", "meeting", m.ID, m.OrgPath, &before, map[string]any{"marks": changes, "removed": remove})
	})
	return out, err
}

// SignInState is what the phone shows before and after signing in.
type SignInState struct {
	Meeting *model.Meeting         `json:"meeting"`
	Status  model.AttendanceStatus `json:"status"`
	// Open reports whether the code accepts sign-ins now; Opens and Closes bound the window.
	Open   bool      `json:"open"`
	Opens  time.Time `json:"opens"`
	Closes time.Time `json:"closes"`
}

// signIn resolves a code for the calling member: the meeting, the member's attendance, or a
// not-found error when the code is unknown or the member is not expected at it.
func (s *Service) signIn(ctx context.Context, q interface {
	GetMeetingByCode(context.Context, string) (*model.Meeting, error)
	Attendance(context.Context, int64) ([]model.Attendance, error)
}, p *auth.Principal, code string) (*model.Meeting, *model.Attendance, error) {
	if p.MemberID == 0 {
		return nil, nil, errs.New(errs.Forbidden, "meeting.signin_member_only")
	}
	m, err := q.GetMeetingByCode(ctx, NormalizeCode(code))
	if err != nil {
		return nil, nil, errs.New(errs.NotFound, "meeting.code_unknown")
	}
	all, err := q.Attendance(ctx, m.ID)
	if err != nil {
		return nil, nil, err
	}
	for i := range all {
		if all[i].MemberID == p.MemberID {
			return m, &all[i], nil
		}
	}
	// Not expected: answered as an unknown code, so that a code reveals nothing to outsiders.
	return nil, nil, errs.New(errs.NotFound, "meeting.code_unknown")
}

func (s *Service) window(m *model.Meeting) (opens, closes time.Time) {
	opens = m.StartsAt.Add(-time.Duration(s.Rules.OrgLife.SignInOpensMinutesBefore) * time.Minute)
	return opens, m.SignExpiresAt
}

// SignInPreview tells a member which meeting a code belongs to and whether they can sign in.
func (s *Service) SignInPreview(ctx context.Context, p *auth.Principal, code string) (*SignInState, error) {
	m, at, err := s.signIn(ctx, s.Store, p, code)
	if err != nil {
		return nil, err
	}
	opens, closes := s.window(m)
	now := s.Now()
	m.SignCode = ""
	return &SignInState{Meeting: m, Status: at.Status, Opens: opens, Closes: closes,
		Open: m.Status != model.MeetingCancelled && !now.Before(opens) && !now.After(closes)}, nil
}

// SignIn marks the calling member present at the meeting of code. Only members expected at the
// meeting (drawn from their own organisation) can, and only while the code is open: from the
// opening minutes before the start until the meeting ends (plus the grace minutes).
func (s *Service) SignIn(ctx context.Context, p *auth.Principal, code string) (*SignInState, error) {
	var out *SignInState
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		m, at, err := s.signIn(ctx, tx, p, code)
		if err != nil {
			return err
		}
		opens, closes := s.window(m)
		now := s.Now()
		switch {
		case m.Status == model.MeetingCancelled:
			return errs.New(errs.Invalid, "meeting.cancelled")
		case now.Before(opens):
			return errs.New(errs.Invalid, "meeting.signin_not_open")
		case now.After(closes):
			return errs.New(errs.Invalid, "meeting.signin_closed")
		}
		if at.Status != model.AttendancePresent {
			at.Status, at.Reason, at.Method, at.SignedAt = model.AttendancePresent, "", model.SignByCode, now
			if err := tx.SetAttendance(ctx, m, []model.Attendance{*at}); err != nil {
				return errs.FromStore(err)
			}
			if err := audit.Record(ctx, tx, p, "sign_in", "meeting", m.ID, m.OrgPath, nil, map[string]any{"member_id": p.MemberID}); err != nil {
				return err
			}
		}
		m.SignCode = ""
		out = &SignInState{Meeting: m, Status: model.AttendancePresent, Open: true, Opens: opens, Closes: closes}
		return nil
	})
	return out, err
}

// MyMeeting is a meeting a member is expected at, with their own attendance.
type MyMeeting struct {
	Meeting    *model.Meeting         `json:"meeting"`
	Status     model.AttendanceStatus `json:"status"`
	Reason     model.AbsenceReason    `json:"reason,omitempty"`
	SignedAt   time.Time              `json:"signed_at,omitzero"`
	SignInOpen bool                   `json:"signin_open"`
}

// MyMeetings returns the meetings the calling member is expected at from since on, soonest
// first (the phone's list).
func (s *Service) MyMeetings(ctx context.Context, p *auth.Principal, since model.Date, limit int) ([]MyMeeting, error) {
	if p.MemberID == 0 {
		return nil, nil
	}
	ms, as, err := s.Store.MemberMeetings(ctx, p.MemberID, since, limit)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	out := make([]MyMeeting, len(ms))
	for i, m := range ms {
		opens, closes := s.window(m)
		m.SignCode = ""
		out[i] = MyMeeting{Meeting: m, Status: as[i].Status, Reason: as[i].Reason, SignedAt: as[i].SignedAt,
			SignInOpen: !now.Before(opens) && !now.After(closes)}
	}
	return out, nil
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
