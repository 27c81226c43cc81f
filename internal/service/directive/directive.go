// Package directive conveys the spirit of a meeting or document down the tree (传达学习精神): an
// organisation issues a directive to its descendants (all, by type or by depth), every target
// organisation answers how it acted (a linked meeting record or a report), and the issuer reads
// the completion per child organisation from a rollup kept with every answer — instant for a
// whole city — with the overdue ones listed, reminded and exported.
package directive

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/service/sheet"
	"dangjian/internal/store"
)

// Service is the directive service.
type Service struct {
	Store *store.Store
	Rules *rules.Set
	// Now returns the current time (tests fix it).
	Now func() time.Time
}

// New returns the directive service.
func New(s *store.Store, r *rules.Set) *Service { return &Service{Store: s, Rules: r, Now: time.Now} }

func (s *Service) today() model.Date { return model.DateOf(s.Now().Local()) }

// Input is a directive to issue.
type Input struct {
	OrgID       int64
	Title       string
	Content     string
	IssuedOn    model.Date
	Deadline    model.Date
	Targeting   model.DirectiveTargeting
	TargetTypes []model.OrgType
	TargetDepth int
}

// Issue creates a directive of an organisation in the caller's write scope and one target per
// live organisation it reaches. The issue date may lie in the past (a directive issued on
// paper being recorded), never in the future; the deadline is on or after it.
func (s *Service) Issue(ctx context.Context, p *auth.Principal, in Input) (*model.Directive, error) {
	d := &model.Directive{OrgID: in.OrgID, Title: strings.TrimSpace(in.Title), Content: strings.TrimSpace(in.Content),
		IssuedOn: in.IssuedOn, Deadline: in.Deadline, Targeting: in.Targeting, TargetTypes: in.TargetTypes,
		TargetDepth: in.TargetDepth, CreatedBy: p.UserID}
	if d.IssuedOn.IsZero() {
		d.IssuedOn = s.today()
	}
	if d.Targeting == "" {
		d.Targeting = model.TargetDescendants
	}
	var fe []errs.FieldError
	if d.Title == "" {
		fe = append(fe, errs.FieldError{Field: "title", Code: "required"})
	} else if utf8.RuneCountInString(d.Title) > 200 {
		fe = append(fe, errs.FieldError{Field: "title", Code: "too_long", Params: map[string]any{"Max": 200}})
	}
	if utf8.RuneCountInString(d.Content) > 50000 {
		fe = append(fe, errs.FieldError{Field: "content", Code: "too_long", Params: map[string]any{"Max": 50000}})
	}
	if s.today().Before(d.IssuedOn) {
		fe = append(fe, errs.FieldError{Field: "issued_on", Code: "date.future"})
	}
	if d.Deadline.IsZero() {
		fe = append(fe, errs.FieldError{Field: "deadline", Code: "required"})
	} else if d.Deadline.Before(d.IssuedOn) {
		fe = append(fe, errs.FieldError{Field: "deadline", Code: "directive.deadline_before_issue"})
	}
	switch d.Targeting {
	case model.TargetByType:
		if len(d.TargetTypes) == 0 {
			fe = append(fe, errs.FieldError{Field: "target_types", Code: "required"})
		}
		for _, t := range d.TargetTypes {
			if !t.Valid() {
				fe = append(fe, errs.FieldError{Field: "target_types", Code: "invalid_value", Params: map[string]any{"Value": t}})
			}
		}
	case model.TargetByDepth:
		if d.TargetDepth < 1 || d.TargetDepth > 10 {
			fe = append(fe, errs.FieldError{Field: "target_depth", Code: "directive.depth"})
		}
	case model.TargetDescendants:
	default:
		fe = append(fe, errs.FieldError{Field: "targeting", Code: "invalid_value", Params: map[string]any{"Value": d.Targeting}})
	}
	if d.Targeting != model.TargetByType {
		d.TargetTypes = nil
	}
	if d.Targeting != model.TargetByDepth {
		d.TargetDepth = 0
	}
	if err := errs.Fields(fe); err != nil {
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
		d.OrgPath, d.OrgName = o.Path, o.Name
		targets, err := tx.TargetOrgs(ctx, o, d)
		if err != nil {
			return err
		}
		if len(targets) == 0 {
			return errs.Field("targeting", "directive.no_targets", nil)
		}
		if err := tx.InsertDirective(ctx, d, targets); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "create", "directive", d.ID, d.OrgPath, nil, d)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// readScope is the caller's read scope over directives; a member-only caller has none.
func readScope(p *auth.Principal) store.Scope {
	sc := p.ReadScope()
	if !sc.All && len(sc.Paths) == 0 {
		return store.Scope{}
	}
	return sc
}

// Get returns a directive the caller may read: issued in their scope or reaching it.
func (s *Service) Get(ctx context.Context, p *auth.Principal, id int64) (*model.Directive, error) {
	d, err := s.Store.GetDirective(ctx, readScope(p), id)
	if err != nil {
		return nil, errs.FromStore(err)
	}
	return d, nil
}

// Query selects directives for a list.
type Query struct {
	OrgID      int64
	Received   bool
	Q          string
	Page, Size int
}

// List returns directives issued in the subtree at q.OrgID or (Received) reaching it from above.
func (s *Service) List(ctx context.Context, p *auth.Principal, q Query) ([]*model.Directive, int64, error) {
	sc := readScope(p)
	o, err := s.Store.GetOrg(ctx, sc, q.OrgID)
	if err != nil {
		return nil, 0, errs.ErrNotFound
	}
	return s.Store.ListDirectives(ctx, sc, store.DirectiveFilter{Path: o.Path, Received: q.Received, Q: q.Q,
		Limit: q.Size, Offset: (q.Page - 1) * q.Size})
}

// Completion is a directive's completion at one organisation and for each of its children.
type Completion struct {
	Directive *model.Directive        `json:"directive"`
	Deadline  model.Date              `json:"deadline"`
	Overdue   bool                    `json:"overdue"`
	Total     model.DirectiveCounts   `json:"total"`
	Children  []model.DirectiveCounts `json:"children"`
}

// overdue fills the overdue count: targets not answered once the deadline has passed.
func (s *Service) overdue(d *model.Directive, c *model.DirectiveCounts) {
	if d.Deadline.Before(s.today()) {
		c.Overdue = c.Targets - c.Answered
	}
}

// Completion reads a directive's completion at orgID (default: the issuer, or the top of the
// caller's scope) and for each child that has targets, from the rollup: a few indexed reads,
// whatever the number of targets.
func (s *Service) Completion(ctx context.Context, p *auth.Principal, id, orgID int64) (*Completion, error) {
	sc := readScope(p)
	d, err := s.Store.GetDirective(ctx, sc, id)
	if err != nil {
		return nil, errs.FromStore(err)
	}
	at, err := s.viewpoint(ctx, sc, d, orgID)
	if err != nil {
		return nil, err
	}
	children, err := s.Store.ChildOrgs(ctx, sc, at.ID, true)
	if err != nil {
		return nil, err
	}
	ids := []int64{at.ID}
	for _, c := range children {
		ids = append(ids, c.ID)
	}
	counts, err := s.Store.DirectiveCounts(ctx, d.ID, ids)
	if err != nil {
		return nil, err
	}
	out := &Completion{Directive: d, Deadline: d.Deadline, Overdue: d.Deadline.Before(s.today())}
	out.Total = counts[at.ID]
	out.Total.OrgID, out.Total.OrgName = at.ID, at.Name
	s.overdue(d, &out.Total)
	for _, c := range children {
		n, ok := counts[c.ID]
		if !ok || n.Targets == 0 {
			continue
		}
		n.OrgID, n.OrgName = c.ID, c.Name
		s.overdue(d, &n)
		out.Children = append(out.Children, n)
	}
	return out, nil
}

// viewpoint is the organisation a completion or target list is read at: orgID when given (it
// must lie in scope), else the issuer when in scope, else the caller's top organisation.
func (s *Service) viewpoint(ctx context.Context, sc store.Scope, d *model.Directive, orgID int64) (*model.Org, error) {
	if orgID != 0 {
		o, err := s.Store.GetOrg(ctx, sc, orgID)
		if err != nil {
			return nil, errs.ErrNotFound
		}
		return o, nil
	}
	if sc.CoversPath(d.OrgPath) {
		return s.Store.GetOrg(ctx, store.AllScope, d.OrgID)
	}
	roots, err := s.Store.RootOrgs(ctx, sc)
	if err != nil || len(roots) == 0 {
		return nil, errs.ErrNotFound
	}
	return roots[0], nil
}

// TargetQuery selects a directive's targets.
type TargetQuery struct {
	OrgID      int64
	State      store.TargetState
	Page, Size int
}

// Targets lists a directive's targets under the viewpoint organisation (answered, pending,
// overdue or late), by path.
func (s *Service) Targets(ctx context.Context, p *auth.Principal, id int64, q TargetQuery) ([]*model.DirectiveTarget, int64, error) {
	sc := readScope(p)
	d, err := s.Store.GetDirective(ctx, sc, id)
	if err != nil {
		return nil, 0, errs.FromStore(err)
	}
	switch q.State {
	case store.TargetsAll, store.TargetsAnswered, store.TargetsPending, store.TargetsOverdue, store.TargetsLate:
	default:
		return nil, 0, errs.Field("state", "invalid_value", map[string]any{"Value": q.State})
	}
	at, err := s.viewpoint(ctx, sc, d, q.OrgID)
	if err != nil {
		return nil, 0, err
	}
	return s.Store.ListTargets(ctx, sc, store.TargetFilter{DirectiveID: id, Path: at.Path, State: q.State, Deadline: d.Deadline,
		Today: s.today(), Limit: q.Size, Offset: (q.Page - 1) * q.Size})
}

// Answer is how a target organisation acted on a directive.
type Answer struct {
	OrgID     int64
	Kind      model.AnswerKind
	MeetingID int64
	Report    string
}

// Answer records (or corrects) the answer of a target organisation in the caller's write
// scope: a held meeting of that organisation, or a written report. An answer after the
// deadline is marked late. The completion rollup moves in the same transaction.
func (s *Service) Answer(ctx context.Context, p *auth.Principal, id int64, in Answer) (*model.DirectiveTarget, error) {
	in.Report = strings.TrimSpace(in.Report)
	var out *model.DirectiveTarget
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		d, err := tx.GetDirective(ctx, readScope(p), id)
		if err != nil {
			return errs.FromStore(err)
		}
		o, err := tx.GetOrg(ctx, p.WriteScope(), in.OrgID)
		if err != nil {
			return errs.Field("org_id", "not_found", nil)
		}
		old, err := tx.GetTarget(ctx, d.ID, o.ID)
		if err != nil {
			return errs.Field("org_id", "directive.not_target", nil)
		}
		t := *old
		t.Kind, t.MeetingID, t.Report = in.Kind, 0, in.Report
		switch in.Kind {
		case model.AnswerMeeting:
			m, err := tx.GetMeeting(ctx, store.SubtreeScope(o.Path), in.MeetingID)
			if err != nil || m.OrgID != o.ID {
				return errs.Field("meeting_id", "directive.meeting_not_of_org", nil)
			}
			if m.Status != model.MeetingHeld {
				return errs.Field("meeting_id", "directive.meeting_not_held", nil)
			}
			t.MeetingID = m.ID
		case model.AnswerReport:
			if t.Report == "" {
				return errs.Field("report", "required", nil)
			}
		default:
			return errs.Field("kind", "invalid_value", map[string]any{"Value": in.Kind})
		}
		if utf8.RuneCountInString(t.Report) > 20000 {
			return errs.Field("report", "too_long", map[string]any{"Max": 20000})
		}
		now := s.Now()
		if !old.Answered() {
			t.AnsweredAt, t.AnsweredOn = now, model.DateOf(now.Local())
			t.Late = d.Deadline.Before(t.AnsweredOn)
		}
		t.AnsweredBy = p.Username
		if err := tx.AnswerTarget(ctx, d, old, &t); err != nil {
			return errs.FromStore(err)
		}
		out = &t
		return audit.Record(ctx, tx, p, "answer", "directive", d.ID, o.Path, old, &t)
	})
	return out, err
}

// Remind counts a reminder (催办) on every unanswered target under orgID that the caller
// may write; the reminder shows in the targets' lists and alerts. It returns how many.
func (s *Service) Remind(ctx context.Context, p *auth.Principal, id, orgID int64) (int64, error) {
	var n int64
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		sc := p.WriteScope()
		d, err := tx.GetDirective(ctx, readScope(p), id)
		if err != nil {
			return errs.FromStore(err)
		}
		if !sc.CoversPath(d.OrgPath) {
			return errs.ErrForbidden
		}
		at, err := s.viewpoint(ctx, sc, d, orgID)
		if err != nil {
			return err
		}
		if n, err = tx.RemindTargets(ctx, sc, d.ID, at.Path, s.Now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "remind", "directive", d.ID, d.OrgPath, nil, map[string]any{"org_id": at.ID, "reminded": n})
	})
	return n, err
}

// Export writes a directive's targets under the viewpoint organisation with their answers.
func (s *Service) Export(ctx context.Context, p *auth.Principal, id, orgID int64, label func(string) string, w sheet.Writer) error {
	targets, _, err := s.Targets(ctx, p, id, TargetQuery{OrgID: orgID, Page: 1, Size: 0})
	if err != nil {
		return err
	}
	d, err := s.Get(ctx, p, id)
	if err != nil {
		return err
	}
	if err := w.WriteHeader([]string{label("export.org"), label("export.state"), label("export.answered_on"),
		label("export.kind"), label("export.report"), label("export.reminders")}); err != nil {
		return err
	}
	today := s.today()
	for _, t := range targets {
		state := "pending"
		switch {
		case t.Answered() && t.Late:
			state = "late"
		case t.Answered():
			state = "answered"
		case d.Deadline.Before(today):
			state = "overdue"
		}
		kind := ""
		if t.Kind != "" {
			kind = label("answer." + string(t.Kind))
		}
		if err := w.WriteRow([]string{t.OrgName, label("state." + state), t.AnsweredOn.String(), kind, t.Report,
			strconv.Itoa(t.Reminders)}); err != nil {
			return err
		}
	}
	return w.Close()
}
