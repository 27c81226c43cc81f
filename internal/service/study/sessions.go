package study

import (
	"context"
	"strings"

	"dangjian/internal/model"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/service/sheet"
	"dangjian/internal/store"
)

// SessionInput is the editable part of a study session. MemberIDs, for a new session, names
// its members (a remedial session for those who missed study); empty draws every member of the
// organisation's subtree in the expected statuses.
type SessionInput struct {
	OrgID     int64
	PlanID    int64
	CourseID  int64
	Title     string
	HeldOn    model.Date
	Hours     model.Hours
	Remedial  bool
	Place     string
	MemberIDs []int64
}

func (s *Service) checkSession(ctx context.Context, tx *store.Tx, p *auth.Principal, in *SessionInput) error {
	in.Title, in.Place = strings.TrimSpace(in.Title), strings.TrimSpace(in.Place)
	fe := text("title", in.Title, true, 200)
	fe = append(fe, text("place", in.Place, false, 200)...)
	if in.HeldOn.IsZero() {
		fe = append(fe, errs.FieldError{Field: "held_on", Code: "required"})
	}
	if in.Hours <= 0 || in.Hours > 240 {
		fe = append(fe, errs.FieldError{Field: "hours", Code: "study.hours"})
	}
	if in.PlanID != 0 {
		if _, err := tx.GetStudyPlan(ctx, p.ReadScope(), in.PlanID); err != nil {
			fe = append(fe, errs.FieldError{Field: "plan_id", Code: "not_found"})
		}
	}
	if in.CourseID != 0 {
		if _, err := tx.GetStudyCourse(ctx, p.ReadScope(), in.CourseID); err != nil {
			fe = append(fe, errs.FieldError{Field: "course_id", Code: "not_found"})
		}
	}
	return errs.Fields(fe)
}

// CreateSession records a study session of an organisation in the caller's write scope with
// its expected members (not yet marked).
func (s *Service) CreateSession(ctx context.Context, p *auth.Principal, in SessionInput) (*model.StudySession, error) {
	var out *model.StudySession
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := s.checkSession(ctx, tx, p, &in); err != nil {
			return err
		}
		o, err := s.writableOrg(ctx, tx, p, in.OrgID)
		if err != nil {
			return err
		}
		var records []model.StudyRecord
		if len(in.MemberIDs) > 0 {
			inOrg, err := tx.MemberIDsIn(ctx, store.SubtreeScope(o.Path), in.MemberIDs)
			if err != nil {
				return err
			}
			seen := map[int64]bool{}
			for _, id := range in.MemberIDs {
				if seen[id] {
					continue
				}
				seen[id] = true
				if !inOrg[id] {
					return errs.Field("member_ids", "study.member_not_in_org", map[string]any{"Value": id})
				}
				records = append(records, model.StudyRecord{MemberID: id, Status: model.AttendanceExpected})
			}
		} else {
			members, err := tx.ExpectedMembers(ctx, o.Path, s.Rules.OrgLife.ExpectedStatuses)
			if err != nil {
				return err
			}
			for _, m := range members {
				records = append(records, model.StudyRecord{MemberID: m.ID, Status: model.AttendanceExpected})
			}
		}
		ss := &model.StudySession{OrgID: o.ID, OrgPath: o.Path, OrgName: o.Name, PlanID: in.PlanID, CourseID: in.CourseID,
			Title: in.Title, HeldOn: in.HeldOn, Hours: in.Hours, Remedial: in.Remedial, Place: in.Place}
		if err := tx.InsertStudySession(ctx, ss, records, p.UserID); err != nil {
			return err
		}
		out = ss
		return audit.Record(ctx, tx, p, "create", "study_session", ss.ID, ss.OrgPath, nil, ss)
	})
	return out, err
}

// UpdateSession edits a session at version; present members' hours follow a change of hours.
func (s *Service) UpdateSession(ctx context.Context, p *auth.Principal, id, version int64, in SessionInput) (*model.StudySession, error) {
	var out *model.StudySession
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		old, err := tx.GetStudySession(ctx, p.WriteScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		if old.Version != version {
			return errs.ErrConflict
		}
		if err := s.checkSession(ctx, tx, p, &in); err != nil {
			return err
		}
		ss := *old
		ss.PlanID, ss.CourseID, ss.Title, ss.HeldOn, ss.Hours, ss.Remedial, ss.Place =
			in.PlanID, in.CourseID, in.Title, in.HeldOn, in.Hours, in.Remedial, in.Place
		if err := tx.UpdateStudySession(ctx, old, &ss); err != nil {
			return errs.FromStore(err)
		}
		if ss.Hours != old.Hours {
			records, err := tx.StudyRecords(ctx, ss.ID)
			if err != nil {
				return err
			}
			var changes []model.StudyRecord
			for _, r := range records {
				if r.Status == model.AttendancePresent && r.Hours == old.Hours {
					r.Hours = ss.Hours
					changes = append(changes, r)
				}
			}
			if err := tx.SetStudyRecords(ctx, &ss, changes); err != nil {
				return errs.FromStore(err)
			}
		}
		out = &ss
		return audit.Record(ctx, tx, p, "update", "study_session", ss.ID, ss.OrgPath, old, &ss)
	})
	return out, err
}

// DeleteSession removes a session at version and takes back its hours.
func (s *Service) DeleteSession(ctx context.Context, p *auth.Principal, id, version int64) error {
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		old, err := tx.GetStudySession(ctx, p.WriteScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		if old.Version != version {
			return errs.ErrConflict
		}
		if err := tx.DeleteStudySession(ctx, old); err != nil {
			return errs.FromStore(err)
		}
		return audit.Record(ctx, tx, p, "delete", "study_session", id, old.OrgPath, old, nil)
	})
}

// Session returns a session in the caller's read scope with its records.
func (s *Service) Session(ctx context.Context, p *auth.Principal, id int64) (*model.StudySession, []model.StudyRecord, error) {
	// The records name every member's attendance and hours: the organisation's readers only (a
	// member reads their own through Mine), as for meetings.
	sc := p.ReadScope()
	if !sc.All && len(sc.Paths) == 0 {
		return nil, nil, errs.ErrNotFound
	}
	ss, err := s.Store.GetStudySession(ctx, sc, id)
	if err != nil {
		return nil, nil, errs.FromStore(err)
	}
	records, err := s.Store.StudyRecords(ctx, id)
	return ss, records, err
}

// Sessions lists the sessions of a subtree for a year (0: all).
func (s *Service) Sessions(ctx context.Context, p *auth.Principal, orgID int64, year int, remedial *bool, page, size int) ([]*model.StudySession, int64, error) {
	sc, o, err := s.subtree(ctx, p, orgID)
	if err != nil {
		return nil, 0, err
	}
	return s.Store.ListStudySessions(ctx, sc, store.SessionFilter{Path: o.Path, Year: year, Remedial: remedial, Limit: size, Offset: (page - 1) * size})
}

// RecordMark is one member's attendance at a session: present (with hours, default the
// session's), absent with a reason, or expected again.
type RecordMark struct {
	MemberID int64
	Status   model.AttendanceStatus
	Reason   model.AbsenceReason
	Hours    *model.Hours
}

// MarkRecords records attendance and hours at a session at version; members of the session's
// organisation not yet on it are added.
func (s *Service) MarkRecords(ctx context.Context, p *auth.Principal, id, version int64, marks []RecordMark) (*model.StudySession, error) {
	var out *model.StudySession
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		ss, err := tx.GetStudySession(ctx, p.WriteScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		if ss.Version != version {
			return errs.ErrConflict
		}
		ids := make([]int64, len(marks))
		for i, mk := range marks {
			ids[i] = mk.MemberID
		}
		inOrg, err := tx.MemberIDsIn(ctx, store.SubtreeScope(ss.OrgPath), ids)
		if err != nil {
			return err
		}
		var fe []errs.FieldError
		changes := make([]model.StudyRecord, 0, len(marks))
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
			if !inOrg[mk.MemberID] {
				fe = append(fe, errs.FieldError{Field: field + ".member_id", Code: "study.member_not_in_org", Params: map[string]any{"Value": mk.MemberID}})
				continue
			}
			r := model.StudyRecord{MemberID: mk.MemberID, Status: mk.Status}
			switch mk.Status {
			case model.AttendancePresent:
				r.Hours = ss.Hours
				if mk.Hours != nil {
					if *mk.Hours < 0 || *mk.Hours > ss.Hours {
						fe = append(fe, errs.FieldError{Field: field + ".hours", Code: "study.record_hours", Params: map[string]any{"Max": ss.Hours.Float()}})
						continue
					}
					r.Hours = *mk.Hours
				}
			case model.AttendanceAbsent:
				r.Reason = mk.Reason
			}
			changes = append(changes, r)
		}
		if err := errs.Fields(fe); err != nil {
			return err
		}
		before := *ss
		if err := tx.SetStudyRecords(ctx, ss, changes); err != nil {
			return errs.FromStore(err)
		}
		out = ss
		return audit.Record(ctx, tx, p, "records", "study_session", ss.ID, ss.OrgPath, &before, map[string]any{"marks": changes})
	})
	return out, err
}

// Report is the study-hours report of a subtree for a year.
type Report struct {
	Year    int                    `json:"year"`
	Summary store.StudySummary     `json:"summary"`
	Items   []*model.StudyStanding `json:"items"`
	Total   int64                  `json:"total"`
}

func (s *Service) reportFilter(o *model.Org, year int, below bool) store.StudyReportFilter {
	r := &s.Rules.OrgLife
	return store.StudyReportFilter{Path: o.Path, Year: year, Today: s.today(), MemberTarget: r.StudyTarget(false),
		CommitteeTarget: r.StudyTarget(true), Below: below}
}

// Report lists members of a subtree with their hours against their targets; with below, only
// those short of it ("no one omitted"), each with the absences recorded by reason.
func (s *Service) Report(ctx context.Context, p *auth.Principal, orgID int64, year int, below bool, page, size int) (*Report, error) {
	sc, o, err := s.subtree(ctx, p, orgID)
	if err != nil {
		return nil, err
	}
	if year == 0 {
		year = s.today().Year()
	}
	f := s.reportFilter(o, year, below)
	f.Limit, f.Offset = size, (page-1)*size
	items, sum, total, err := s.Store.StudyReport(ctx, sc, f)
	if err != nil {
		return nil, err
	}
	return &Report{Year: year, Summary: sum, Items: items, Total: total}, nil
}

// ExportReport writes the report (every member, or those short of the target).
func (s *Service) ExportReport(ctx context.Context, p *auth.Principal, orgID int64, year int, below bool, label func(string) string, w sheet.Writer) error {
	r, err := s.Report(ctx, p, orgID, year, below, 1, 0)
	if err != nil {
		return err
	}
	if err := w.WriteHeader([]string{label("export.member"), label("export.org"), label("export.role"), label("export.hours"),
		label("export.target"), label("export.gap"), label("export.remedial"), label("export.reasons")}); err != nil {
		return err
	}
	for _, st := range r.Items {
		gap := st.Target - st.Hours
		if gap < 0 {
			gap = 0
		}
		var reasons []string
		for k, n := range st.Reasons {
			reasons = append(reasons, label("reason."+k)+"×"+itoa(n))
		}
		if st.Status == model.StatusMobile {
			reasons = append(reasons, label("reason.mobile_member"))
		}
		if err := w.WriteRow([]string{st.MemberName, st.OrgName, label("role." + st.Role), hours(st.Hours), hours(st.Target),
			hours(gap), hours(st.Remedial), strings.Join(reasons, "；")}); err != nil {
			return err
		}
	}
	return w.Close()
}

func hours(h model.Hours) string {
	s := itoa(int(h / 10))
	if h%10 != 0 {
		s += "." + itoa(int(h%10))
	}
	return s
}

func itoa(i int) string {
	if i < 0 {
		return "-" + itoa(-i)
	}
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

// MyStudy is a member's own study of a year.
type MyStudy struct {
	Year     int                 `json:"year"`
	Hours    model.Hours         `json:"-"`
	Target   model.Hours         `json:"-"`
	Remedial model.Hours         `json:"-"`
	Role     string              `json:"role"`
	Records  []model.StudyRecord `json:"records"`
}

// Mine returns the calling member's study hours of a year, target and records.
func (s *Service) Mine(ctx context.Context, p *auth.Principal, year int) (*MyStudy, error) {
	if p.MemberID == 0 {
		return nil, errs.ErrNotFound
	}
	if year == 0 {
		year = s.today().Year()
	}
	h, rem, records, err := s.Store.MemberStudy(ctx, p.MemberID, year)
	if err != nil {
		return nil, err
	}
	committee, err := s.Store.IsCommitteeMember(ctx, p.MemberID, s.today())
	if err != nil {
		return nil, err
	}
	out := &MyStudy{Year: year, Hours: h, Remedial: rem, Records: records, Role: "member", Target: s.Rules.OrgLife.StudyTarget(committee)}
	if committee {
		out.Role = "committee"
	}
	return out, nil
}
