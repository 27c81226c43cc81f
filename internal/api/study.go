package api

import (
	"context"

	"github.com/danielgtaylor/huma/v2"

	"dangjian/internal/model"
	"dangjian/internal/service/sheet"
	"dangjian/internal/service/study"
	"dangjian/internal/store"
)

// ---- plans

type orgYearIn struct {
	Org  int64 `query:"org" required:"true"`
	Year int   `query:"year" minimum:"0" maximum:"2100"`
}

func (s *server) listStudyPlans(ctx context.Context, in *orgYearIn) (*listOut[*model.StudyPlan], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	items, err := s.Study.Plans(ctx, p, in.Org, in.Year)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return newList(items, int64(len(items))), nil
}

type planBody struct {
	OrgID       int64    `json:"org_id,omitempty"`
	Year        int      `json:"year,omitempty"`
	Title       string   `json:"title,omitempty" maxLength:"400"`
	Description string   `json:"description,omitempty" maxLength:"40000"`
	Version     int64    `json:"version,omitempty"`
	_           struct{} `additionalProperties:"true"`
}

func (b *planBody) input() study.PlanInput {
	return study.PlanInput{OrgID: b.OrgID, Year: b.Year, Title: b.Title, Description: b.Description}
}

type planOut struct{ Body *model.StudyPlan }

type createPlanIn struct{ Body planBody }

func (s *server) createStudyPlan(ctx context.Context, in *createPlanIn) (*planOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	pl, err := s.Study.CreatePlan(ctx, p, in.Body.input())
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &planOut{Body: pl}, nil
}

type updatePlanIn struct {
	ID   int64 `path:"id"`
	Body planBody
}

func (s *server) updateStudyPlan(ctx context.Context, in *updatePlanIn) (*planOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	pl, err := s.Study.UpdatePlan(ctx, p, in.ID, in.Body.Version, in.Body.input())
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &planOut{Body: pl}, nil
}

func (s *server) deleteStudyPlan(ctx context.Context, in *versionedIDIn) (*struct{}, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	return nil, failOrNil(ctx, s.Study.DeletePlan(ctx, p, in.ID, in.Version))
}

func failOrNil(ctx context.Context, err error) error {
	if err != nil {
		return fail(ctx, err)
	}
	return nil
}

// ---- courses

// courseView is a course with its hours as a number.
type courseView struct {
	*model.StudyCourse
	Hours float64 `json:"hours"`
}

type orgPageIn struct {
	Org  int64 `query:"org" required:"true"`
	Page int   `query:"page" minimum:"0"`
	Size int   `query:"size" minimum:"0" maximum:"200"`
}

func (s *server) listStudyCourses(ctx context.Context, in *orgPageIn) (*listOut[courseView], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	pg, size := page(in.Page, in.Size)
	items, total, err := s.Study.Courses(ctx, p, in.Org, pg, size)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := make([]courseView, len(items))
	for i, c := range items {
		out[i] = courseView{c, c.Hours.Float()}
	}
	return newList(out, total), nil
}

type courseBody struct {
	OrgID   int64    `json:"org_id,omitempty"`
	Kind    string   `json:"kind,omitempty" maxLength:"20"`
	Title   string   `json:"title,omitempty" maxLength:"400"`
	Summary string   `json:"summary,omitempty" maxLength:"40000"`
	Hours   float64  `json:"hours,omitempty"`
	Link    string   `json:"link,omitempty" maxLength:"1000"`
	Version int64    `json:"version,omitempty"`
	_       struct{} `additionalProperties:"true"`
}

func (b *courseBody) input() study.CourseInput {
	return study.CourseInput{OrgID: b.OrgID, Kind: model.CourseKind(b.Kind), Title: b.Title, Summary: b.Summary,
		Hours: model.HoursOf(b.Hours), Link: b.Link}
}

type courseOut struct{ Body courseView }

type createCourseIn struct{ Body courseBody }

func (s *server) createStudyCourse(ctx context.Context, in *createCourseIn) (*courseOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.Study.CreateCourse(ctx, p, in.Body.input())
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &courseOut{Body: courseView{c, c.Hours.Float()}}, nil
}

type updateCourseIn struct {
	ID   int64 `path:"id"`
	Body courseBody
}

func (s *server) updateStudyCourse(ctx context.Context, in *updateCourseIn) (*courseOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.Study.UpdateCourse(ctx, p, in.ID, in.Body.Version, in.Body.input())
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &courseOut{Body: courseView{c, c.Hours.Float()}}, nil
}

func (s *server) deleteStudyCourse(ctx context.Context, in *versionedIDIn) (*struct{}, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	return nil, failOrNil(ctx, s.Study.DeleteCourse(ctx, p, in.ID, in.Version))
}

// ---- sessions

// sessionView is a study session with its hours as a number.
type sessionView struct {
	*model.StudySession
	Hours float64 `json:"hours"`
}

// recordView is a study record with its hours as a number.
type recordView struct {
	model.StudyRecord
	Hours float64 `json:"hours"`
}

type listSessionsIn struct {
	Org      int64  `query:"org" required:"true"`
	Year     int    `query:"year" minimum:"0" maximum:"2100"`
	Remedial string `query:"remedial" enum:"true,false,"`
	Page     int    `query:"page" minimum:"0"`
	Size     int    `query:"size" minimum:"0" maximum:"200"`
}

func (s *server) listStudySessions(ctx context.Context, in *listSessionsIn) (*listOut[sessionView], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	var remedial *bool
	if in.Remedial != "" {
		v := in.Remedial == "true"
		remedial = &v
	}
	pg, size := page(in.Page, in.Size)
	items, total, err := s.Study.Sessions(ctx, p, in.Org, in.Year, remedial, pg, size)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := make([]sessionView, len(items))
	for i, ss := range items {
		out[i] = sessionView{ss, ss.Hours.Float()}
	}
	return newList(out, total), nil
}

type sessionBody struct {
	OrgID     int64      `json:"org_id,omitempty"`
	PlanID    int64      `json:"plan_id,omitempty"`
	CourseID  int64      `json:"course_id,omitempty"`
	Title     string     `json:"title,omitempty" maxLength:"400"`
	HeldOn    model.Date `json:"held_on,omitempty"`
	Hours     float64    `json:"hours,omitempty"`
	Remedial  bool       `json:"remedial,omitempty"`
	Place     string     `json:"place,omitempty" maxLength:"400"`
	MemberIDs []int64    `json:"member_ids,omitempty" maxItems:"5000" doc:"a new session's members (remedial study); empty: the organisation's members"`
	Version   int64      `json:"version,omitempty"`
	_         struct{}   `additionalProperties:"true"`
}

func (b *sessionBody) input() study.SessionInput {
	return study.SessionInput{OrgID: b.OrgID, PlanID: b.PlanID, CourseID: b.CourseID, Title: b.Title, HeldOn: b.HeldOn,
		Hours: model.HoursOf(b.Hours), Remedial: b.Remedial, Place: b.Place, MemberIDs: b.MemberIDs}
}

type sessionDetail struct {
	Session sessionView  `json:"session"`
	Records []recordView `json:"records"`
}

type sessionOut struct{ Body sessionDetail }

func (s *server) sessionOut(ctx context.Context, id int64) (*sessionOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	ss, records, err := s.Study.Session(ctx, p, id)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &sessionOut{Body: sessionDetail{Session: sessionView{ss, ss.Hours.Float()}, Records: make([]recordView, len(records))}}
	for i, r := range records {
		out.Body.Records[i] = recordView{r, r.Hours.Float()}
	}
	return out, nil
}

func (s *server) getStudySession(ctx context.Context, in *idIn) (*sessionOut, error) {
	return s.sessionOut(ctx, in.ID)
}

type createSessionIn struct{ Body sessionBody }

func (s *server) createStudySession(ctx context.Context, in *createSessionIn) (*sessionOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	ss, err := s.Study.CreateSession(ctx, p, in.Body.input())
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.sessionOut(ctx, ss.ID)
}

type updateSessionIn struct {
	ID   int64 `path:"id"`
	Body sessionBody
}

func (s *server) updateStudySession(ctx context.Context, in *updateSessionIn) (*sessionOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	ss, err := s.Study.UpdateSession(ctx, p, in.ID, in.Body.Version, in.Body.input())
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.sessionOut(ctx, ss.ID)
}

func (s *server) deleteStudySession(ctx context.Context, in *versionedIDIn) (*struct{}, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	return nil, failOrNil(ctx, s.Study.DeleteSession(ctx, p, in.ID, in.Version))
}

// StudyMark is one member's attendance in a study-records update.
type StudyMark struct {
	MemberID int64    `json:"member_id"`
	Status   string   `json:"status" maxLength:"20"`
	Reason   string   `json:"reason,omitempty" maxLength:"20"`
	Hours    *float64 `json:"hours,omitempty" doc:"hours credited when present (default: the session's)"`
}

type studyRecordsIn struct {
	ID   int64 `path:"id"`
	Body struct {
		Version int64       `json:"version"`
		Marks   []StudyMark `json:"marks" maxItems:"5000"`
	}
}

func (s *server) markStudyRecords(ctx context.Context, in *studyRecordsIn) (*sessionOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	marks := make([]study.RecordMark, len(in.Body.Marks))
	for i, m := range in.Body.Marks {
		marks[i] = study.RecordMark{MemberID: m.MemberID, Status: model.AttendanceStatus(m.Status), Reason: model.AbsenceReason(m.Reason)}
		if m.Hours != nil {
			h := model.HoursOf(*m.Hours)
			marks[i].Hours = &h
		}
	}
	ss, err := s.Study.MarkRecords(ctx, p, in.ID, in.Body.Version, marks)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.sessionOut(ctx, ss.ID)
}

// ---- report

// standingView is a member's standing with hours as numbers.
type standingView struct {
	*model.StudyStanding
	Hours    float64 `json:"hours"`
	Target   float64 `json:"target"`
	Remedial float64 `json:"remedial"`
	Gap      float64 `json:"gap"`
}

type studyReportIn struct {
	Org   int64 `query:"org" required:"true"`
	Year  int   `query:"year" minimum:"0" maximum:"2100"`
	Below bool  `query:"below" doc:"only members short of their target (the 'no one omitted' report)"`
	Page  int   `query:"page" minimum:"0"`
	Size  int   `query:"size" minimum:"0" maximum:"200"`
}

type studyReportOut struct {
	Body struct {
		Year    int                `json:"year"`
		Summary store.StudySummary `json:"summary"`
		Items   []standingView     `json:"items"`
		Total   int64              `json:"total"`
	}
}

func (s *server) studyReport(ctx context.Context, in *studyReportIn) (*studyReportOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	pg, size := page(in.Page, in.Size)
	r, err := s.Study.Report(ctx, p, in.Org, in.Year, in.Below, pg, size)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &studyReportOut{}
	out.Body.Year, out.Body.Summary, out.Body.Total = r.Year, r.Summary, r.Total
	out.Body.Items = make([]standingView, len(r.Items))
	for i, st := range r.Items {
		gap := max(st.Target-st.Hours, 0)
		out.Body.Items[i] = standingView{st, st.Hours.Float(), st.Target.Float(), st.Remedial.Float(), gap.Float()}
	}
	return out, nil
}

type exportStudyIn struct {
	Org    int64  `query:"org" required:"true"`
	Year   int    `query:"year" minimum:"0" maximum:"2100"`
	Below  bool   `query:"below"`
	Format string `query:"format" enum:"xlsx,csv," doc:"xlsx (default) or csv"`
}

func (s *server) exportStudyReport(ctx context.Context, in *exportStudyIn) (*huma.StreamResponse, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	check := func() error {
		if _, err := s.Study.Report(ctx, p, in.Org, in.Year, in.Below, 1, 1); err != nil {
			return err
		}
		return s.auditExport(ctx, p, "study_report", in.Org, map[string]any{"org": in.Org, "year": in.Year, "below": in.Below})
	}
	return stream(ctx, check, in.Format, "study-hours", func(w sheet.Writer) error {
		return s.Study.ExportReport(ctx, p, in.Org, in.Year, in.Below, orgLifeLabel(ctx), w)
	})
}

type myStudyOut struct {
	Body struct {
		Year     int          `json:"year"`
		Role     string       `json:"role"`
		Hours    float64      `json:"hours"`
		Target   float64      `json:"target"`
		Remedial float64      `json:"remedial"`
		Records  []recordView `json:"records"`
	}
}

type myStudyIn struct {
	Year int `query:"year" minimum:"0" maximum:"2100"`
}

func (s *server) myStudy(ctx context.Context, in *myStudyIn) (*myStudyOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	m, err := s.Study.Mine(ctx, p, in.Year)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &myStudyOut{}
	b := &out.Body
	b.Year, b.Role, b.Hours, b.Target, b.Remedial = m.Year, m.Role, m.Hours.Float(), m.Target.Float(), m.Remedial.Float()
	b.Records = make([]recordView, len(m.Records))
	for i, r := range m.Records {
		b.Records[i] = recordView{r, r.Hours.Float()}
	}
	return out, nil
}

// ---- documents

func (s *server) listDocuments(ctx context.Context, in *orgPageIn) (*listOut[*model.Document], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	pg, size := page(in.Page, in.Size)
	items, total, err := s.Study.Documents(ctx, p, in.Org, pg, size)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return newList(items, total), nil
}

type documentBody struct {
	OrgID    int64      `json:"org_id"`
	Title    string     `json:"title" maxLength:"400"`
	Content  string     `json:"content,omitempty" maxLength:"100000"`
	IssuedOn model.Date `json:"issued_on,omitempty"`
	DueOn    model.Date `json:"due_on,omitempty"`
	_        struct{}   `additionalProperties:"true"`
}

type createDocumentIn struct{ Body documentBody }

type documentDetail struct {
	Document    *model.Document     `json:"document"`
	Attachments []*model.Attachment `json:"attachments"`
}

type documentOut struct{ Body documentDetail }

func (s *server) documentOut(ctx context.Context, d *model.Document) (*documentOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	files, err := s.Attachments.List(ctx, p, "document", d.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	if files == nil {
		files = []*model.Attachment{}
	}
	return &documentOut{Body: documentDetail{Document: d, Attachments: files}}, nil
}

func (s *server) createDocument(ctx context.Context, in *createDocumentIn) (*documentOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	d, err := s.Study.IssueDocument(ctx, p, study.DocumentInput{OrgID: in.Body.OrgID, Title: in.Body.Title,
		Content: in.Body.Content, IssuedOn: in.Body.IssuedOn, DueOn: in.Body.DueOn})
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.documentOut(ctx, d)
}

func (s *server) getDocument(ctx context.Context, in *idIn) (*documentOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	d, err := s.Study.Document(ctx, p, in.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.documentOut(ctx, d)
}

func (s *server) deleteDocument(ctx context.Context, in *versionedIDIn) (*struct{}, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	return nil, failOrNil(ctx, s.Study.DeleteDocument(ctx, p, in.ID, in.Version))
}

type acksIn struct {
	ID    int64  `path:"id"`
	Acked string `query:"acked" enum:"true,false," doc:"true: who has acknowledged; false: who has not"`
	Page  int    `query:"page" minimum:"0"`
	Size  int    `query:"size" minimum:"0" maximum:"200"`
}

func (s *server) documentAcks(ctx context.Context, in *acksIn) (*listOut[model.Acknowledgement], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	var acked *bool
	if in.Acked != "" {
		v := in.Acked == "true"
		acked = &v
	}
	pg, size := page(in.Page, in.Size)
	items, total, err := s.Study.Acks(ctx, p, in.ID, acked, pg, size)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return newList(items, total), nil
}

func (s *server) acknowledgeDocument(ctx context.Context, in *idIn) (*documentOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	d, err := s.Study.Acknowledge(ctx, p, in.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.documentOut(ctx, d)
}

type myDocumentsIn struct {
	All bool `query:"all" doc:"include the documents already acknowledged"`
}

func (s *server) myDocuments(ctx context.Context, in *myDocumentsIn) (*listOut[study.MyDocument], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	items, err := s.Study.MyDocuments(ctx, p, !in.All)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return newList(items, int64(len(items))), nil
}
