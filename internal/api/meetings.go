package api

import (
	"context"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"dangjian/internal/model"
	"dangjian/internal/service/errs"
	"dangjian/internal/service/meeting"
	"dangjian/internal/service/sheet"
)

// MeetingListParams are the query parameters of the meeting list and export.
type MeetingListParams struct {
	Org    int64      `query:"org" doc:"subtree root; default the caller's whole scope"`
	Type   string     `query:"type" doc:"a meeting type"`
	Status string     `query:"status" enum:"planned,held,cancelled,"`
	From   model.Date `query:"from" doc:"held on or after (YYYY-MM-DD)"`
	To     model.Date `query:"to" doc:"held on or before (YYYY-MM-DD)"`
	Page   int        `query:"page" minimum:"0"`
	Size   int        `query:"size" minimum:"0" maximum:"200"`
}

func (in *MeetingListParams) query() meeting.Query {
	return meeting.Query{OrgID: in.Org, Type: model.MeetingType(in.Type), Status: model.MeetingStatus(in.Status), From: in.From, To: in.To}
}

type exportMeetingsIn struct {
	MeetingListParams
	Format string `query:"format" enum:"xlsx,csv," doc:"xlsx (default) or csv"`
}

// exportMeetings streams the filtered meeting list (every page) as a workbook; audited.
func (s *server) exportMeetings(ctx context.Context, in *exportMeetingsIn) (*huma.StreamResponse, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	q := in.query()
	check := func() error { return s.Meetings.CheckExport(ctx, p, q) }
	return stream(ctx, check, in.Format, "三会一课", func(w sheet.Writer) error {
		return s.Meetings.Export(ctx, p, q, orgLifeLabel(ctx), w)
	})
}

func (s *server) listMeetings(ctx context.Context, in *MeetingListParams) (*listOut[*model.Meeting], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	pg, size := page(in.Page, in.Size)
	q := in.query()
	q.Page, q.Size = pg, size
	items, total, err := s.Meetings.List(ctx, p, q)
	if err != nil {
		return nil, fail(ctx, err)
	}
	for _, m := range items {
		if !s.Meetings.CanWrite(p, m) {
			m.SignCode = ""
		}
	}
	return newList(items, total), nil
}

// meetingBody is a meeting as the API takes it.
type meetingBody struct {
	OrgID     int64     `json:"org_id,omitempty"`
	Type      string    `json:"type,omitempty" maxLength:"40"`
	Topic     string    `json:"topic,omitempty" maxLength:"400"`
	Status    string    `json:"status,omitempty" maxLength:"20"`
	StartsAt  time.Time `json:"starts_at,omitzero"`
	EndsAt    time.Time `json:"ends_at,omitzero"`
	Place     string    `json:"place,omitempty" maxLength:"400"`
	Host      string    `json:"host,omitempty" maxLength:"100"`
	Recorder  string    `json:"recorder,omitempty" maxLength:"100"`
	Minutes   string    `json:"minutes,omitempty" maxLength:"40000"`
	Decisions string    `json:"decisions,omitempty" maxLength:"10000"`
	Version   int64     `json:"version,omitempty"`
	_         struct{}  `additionalProperties:"true"`
}

func (b *meetingBody) input() meeting.Input {
	return meeting.Input{OrgID: b.OrgID, Type: model.MeetingType(b.Type), Topic: b.Topic, Status: model.MeetingStatus(b.Status),
		StartsAt: b.StartsAt, EndsAt: b.EndsAt, Place: b.Place, Host: b.Host, Recorder: b.Recorder, Minutes: b.Minutes,
		Decisions: b.Decisions}
}

// meetingDetail is one meeting with its attendance, quorum and attachments.
type meetingDetail struct {
	Meeting     *model.Meeting      `json:"meeting"`
	Attendance  []model.Attendance  `json:"attendance"`
	Quorum      meeting.Quorum      `json:"quorum"`
	Attachments []*model.Attachment `json:"attachments"`
	CanWrite    bool                `json:"can_write"`
}

type meetingOut struct{ Body meetingDetail }

func (s *server) meetingDetail(ctx context.Context, m *model.Meeting) (*meetingOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	at, err := s.Meetings.Attendance(ctx, p, m.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	files, err := s.Attachments.List(ctx, p, "meeting", m.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &meetingOut{Body: meetingDetail{Meeting: m, Attendance: at, Quorum: s.Meetings.QuorumOf(m), Attachments: files,
		CanWrite: s.Meetings.CanWrite(p, m)}}
	if out.Body.Attendance == nil {
		out.Body.Attendance = []model.Attendance{}
	}
	if out.Body.Attachments == nil {
		out.Body.Attachments = []*model.Attachment{}
	}
	if !out.Body.CanWrite {
		m.SignCode = ""
	}
	return out, nil
}

func (s *server) getMeeting(ctx context.Context, in *idIn) (*meetingOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	m, err := s.Meetings.Get(ctx, p, in.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.meetingDetail(ctx, m)
}

type createMeetingIn struct{ Body meetingBody }

func (s *server) createMeeting(ctx context.Context, in *createMeetingIn) (*meetingOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	m, err := s.Meetings.Create(ctx, p, in.Body.input())
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.meetingDetail(ctx, m)
}

type updateMeetingIn struct {
	ID   int64 `path:"id"`
	Body meetingBody
}

func (s *server) updateMeeting(ctx context.Context, in *updateMeetingIn) (*meetingOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	m, err := s.Meetings.Update(ctx, p, in.ID, in.Body.Version, in.Body.input())
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.meetingDetail(ctx, m)
}

type versionedIDIn struct {
	ID      int64 `path:"id"`
	Version int64 `query:"version" required:"true"`
}

func (s *server) deleteMeeting(ctx context.Context, in *versionedIDIn) (*struct{}, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Meetings.Delete(ctx, p, in.ID, in.Version); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}

// AttendanceMark is one attendee's state in an attendance update.
type AttendanceMark struct {
	MemberID int64  `json:"member_id"`
	Status   string `json:"status" maxLength:"20"`
	Reason   string `json:"reason,omitempty" maxLength:"20"`
	Note     string `json:"note,omitempty" maxLength:"200"`
	Voting   bool   `json:"voting,omitempty" doc:"for attendees added here: counts for the quorum"`
}

type attendanceIn struct {
	ID   int64 `path:"id"`
	Body struct {
		Version int64            `json:"version"`
		Marks   []AttendanceMark `json:"marks" maxItems:"5000"`
		Remove  []int64          `json:"remove,omitempty" maxItems:"5000" doc:"members to take off the expected list"`
	}
}

func (s *server) markAttendance(ctx context.Context, in *attendanceIn) (*meetingOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	marks := make([]meeting.Mark, len(in.Body.Marks))
	for i, m := range in.Body.Marks {
		marks[i] = meeting.Mark{MemberID: m.MemberID, Status: model.AttendanceStatus(m.Status), Reason: model.AbsenceReason(m.Reason),
			Note: m.Note, Voting: m.Voting}
	}
	m, err := s.Meetings.MarkAttendance(ctx, p, in.ID, in.Body.Version, marks, in.Body.Remove)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.meetingDetail(ctx, m)
}

type versionBodyIn struct {
	ID   int64 `path:"id"`
	Body struct {
		Version int64 `json:"version"`
	}
}

func (s *server) newSignCode(ctx context.Context, in *versionBodyIn) (*meetingOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	m, err := s.Meetings.NewSignCode(ctx, p, in.ID, in.Body.Version)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.meetingDetail(ctx, m)
}

type signInIn struct {
	Code string `path:"code" maxLength:"40"`
}

type signInOut struct{ Body *meeting.SignInState }

func (s *server) signInPreview(ctx context.Context, in *signInIn) (*signInOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	st, err := s.Meetings.SignInPreview(ctx, p, in.Code)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &signInOut{Body: st}, nil
}

func (s *server) signIn(ctx context.Context, in *signInIn) (*signInOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	st, err := s.Meetings.SignIn(ctx, p, in.Code)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &signInOut{Body: st}, nil
}

type myMeetingsIn struct {
	Since model.Date `query:"since" doc:"from this day on (default: 30 days ago)"`
}

func (s *server) myMeetings(ctx context.Context, in *myMeetingsIn) (*listOut[meeting.MyMeeting], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	since := in.Since
	if since.IsZero() {
		since = model.DateOf(time.Now()).AddDate(0, 0, -30)
	}
	items, err := s.Meetings.MyMeetings(ctx, p, since, 100)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return newList(items, int64(len(items))), nil
}

type complianceIn struct {
	Org   int64  `query:"org" required:"true"`
	Month string `query:"month" doc:"YYYY-MM (default: this month); each requirement uses its period containing it"`
}

func (s *server) month(ctx context.Context, v string) (model.Period, error) {
	if v == "" {
		return model.PeriodOf(model.PeriodMonth, model.DateOf(time.Now())), nil
	}
	p, err := model.ParsePeriod(v)
	if err != nil || p.Kind != model.PeriodMonth {
		return p, fail(ctx, errs.Field("month", "invalid_value", map[string]any{"Value": v}))
	}
	return p, nil
}

type complianceOut struct{ Body *meeting.Compliance }

func (s *server) compliance(ctx context.Context, in *complianceIn) (*complianceOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	month, err := s.month(ctx, in.Month)
	if err != nil {
		return nil, err
	}
	c, err := s.Meetings.Compliance(ctx, p, in.Org, month)
	if err != nil {
		return nil, fail(ctx, err)
	}
	if c.Children == nil {
		c.Children = []meeting.ComplianceRow{}
	}
	return &complianceOut{Body: c}, nil
}

type missedIn struct {
	Org         int64  `query:"org" required:"true"`
	MeetingType string `query:"meeting_type" required:"true"`
	Month       string `query:"month"`
	Page        int    `query:"page" minimum:"0"`
	Size        int    `query:"size" minimum:"0" maximum:"200"`
}

type missedOut struct {
	Body struct {
		Period string           `json:"period"`
		Items  []meeting.Missed `json:"items"`
		Total  int64            `json:"total"`
	}
}

func (s *server) complianceMissed(ctx context.Context, in *missedIn) (*missedOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	month, err := s.month(ctx, in.Month)
	if err != nil {
		return nil, err
	}
	pg, size := page(in.Page, in.Size)
	items, total, period, err := s.Meetings.MissedOrgs(ctx, p, in.Org, model.MeetingType(in.MeetingType), month, pg, size)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &missedOut{}
	if items == nil {
		items = []meeting.Missed{}
	}
	out.Body.Period, out.Body.Items, out.Body.Total = period, items, total
	return out, nil
}

type exportComplianceIn struct {
	Org    int64  `query:"org" required:"true"`
	Month  string `query:"month"`
	Format string `query:"format" enum:"xlsx,csv," doc:"xlsx (default) or csv"`
}

// orgLifeLabel returns the labels of the organisational-life exports in the request's language.
func orgLifeLabel(ctx context.Context) func(string) string {
	l := localizer(ctx)
	return func(k string) string { return l.T("orglife.label."+k, nil) }
}

func (s *server) exportCompliance(ctx context.Context, in *exportComplianceIn) (*huma.StreamResponse, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	month, err := s.month(ctx, in.Month)
	if err != nil {
		return nil, err
	}
	check := func() error {
		if _, err := s.Meetings.Compliance(ctx, p, in.Org, month); err != nil {
			return err
		}
		return s.auditExport(ctx, p, "compliance", in.Org, map[string]any{"org": in.Org, "month": month.String()})
	}
	return stream(ctx, check, in.Format, "compliance-"+month.String(), func(w sheet.Writer) error {
		return s.Meetings.ExportCompliance(ctx, p, in.Org, month, orgLifeLabel(ctx), w)
	})
}
