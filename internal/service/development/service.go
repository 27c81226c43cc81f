// Package development runs membership development (发展党员): a record per person from the
// written application through the 25 steps of the five stages to full membership, enforcing
// the time limits and rules of the development rules in force on each step's date (rules.md
// §2.1–2.2). Admission creates the probationary member in the register; conversion makes them
// full; the rollup counts records by stage.
package development

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/service/member"
	"dangjian/internal/store"
)

// Service is the membership development service.
type Service struct {
	Store *store.Store
	Rules *rules.Set
	// Today returns the current date (tests fix it).
	Today func() model.Date
}

// New returns the development service. The documents of its steps are attachments (service
// attachment, owner type development_step).
func New(s *store.Store, r *rules.Set) *Service {
	return &Service{Store: s, Rules: r, Today: func() model.Date { return model.DateOf(time.Now()) }}
}

// Person is the personal data of a development record, as the register keeps it for members.
type Person struct {
	Name        string
	Sex         model.Sex
	Ethnicity   string
	BirthDate   model.Date
	IDNumber    string
	NativePlace string
	Education   model.Education
	Occupation  string
	WorkUnit    string
	WorkPost    string
	Phone       string
	Address     string
}

func (in *Person) apply(d *model.Development) {
	d.Name, d.Sex, d.Ethnicity, d.BirthDate, d.IDNumber = in.Name, in.Sex, in.Ethnicity, in.BirthDate, in.IDNumber
	d.NativePlace, d.Education, d.Occupation, d.WorkUnit = strings.TrimSpace(in.NativePlace), in.Education, strings.TrimSpace(in.Occupation), strings.TrimSpace(in.WorkUnit)
	d.WorkPost, d.Phone, d.Address = strings.TrimSpace(in.WorkPost), in.Phone, strings.TrimSpace(in.Address)
}

// asMember is the record's person as a register entry: the register's normalisation and
// validation (ID number per GB 11643, agreement of birth date and sex, ethnicity, phone,
// lengths) apply unchanged.
func asMember(d *model.Development) *model.Member {
	return &model.Member{OrgID: d.OrgID, OrgPath: d.OrgPath, Name: d.Name, Sex: d.Sex, Ethnicity: d.Ethnicity,
		BirthDate: d.BirthDate, IDNumber: d.IDNumber, NativePlace: d.NativePlace, Education: d.Education,
		Occupation: d.Occupation, WorkUnit: d.WorkUnit, WorkPost: d.WorkPost, Phone: d.Phone, Address: d.Address,
		Category: model.Probationary, Status: model.StatusNormal}
}

// normalizePerson normalises the person as the register does and returns the field errors. A
// masked ID number or phone (as the record's page shows them) is refused.
func (s *Service) normalizePerson(d *model.Development) []errs.FieldError {
	var fe []errs.FieldError
	if model.IsMasked(d.IDNumber) {
		fe = append(fe, errs.FieldError{Field: "id_number", Code: "member.masked"})
	}
	if model.IsMasked(d.Phone) {
		fe = append(fe, errs.FieldError{Field: "phone", Code: "member.masked"})
	}
	if len(fe) > 0 {
		return fe
	}
	m := asMember(d)
	member.Normalize(m)
	d.Name, d.IDNumber, d.Phone, d.Ethnicity, d.BirthDate, d.Sex = m.Name, m.IDNumber, m.Phone, m.Ethnicity, m.BirthDate, m.Sex
	return member.Validate(m, s.Rules, s.Today())
}

// keepMasked puts the stored ID number and phone back where the edit sent them exactly as the
// record's page shows them masked (untouched); another masked value stays, and is refused.
func keepMasked(old, d *model.Development) {
	if model.IsMasked(d.IDNumber) && d.IDNumber == model.MaskIDNumber(old.IDNumber) {
		d.IDNumber = old.IDNumber
	}
	if model.IsMasked(d.Phone) && d.Phone == model.MaskPhone(old.Phone) {
		d.Phone = old.Phone
	}
}

// CreateInput opens a development record: the person, their organisation, and step 1.
type CreateInput struct {
	OrgID  int64
	Person Person
	// Step1 is the written application (its date is the application date).
	Step1 StepInput
}

// Detail is a development record with its recorded steps and its plan.
type Detail struct {
	Development *model.Development       `json:"development"`
	Steps       []*model.DevelopmentStep `json:"steps"`
	Plan        []PlannedStep            `json:"plan"`
	// RulesVersion is the version of the development rules in force today.
	RulesVersion string `json:"rules_version"`
}

// placeIn checks the organisation may develop members and is in the write scope, and places d.
func (s *Service) placeIn(ctx context.Context, tx *store.Tx, p *auth.Principal, d *model.Development, on model.Date) error {
	o, err := tx.GetOrg(ctx, p.WriteScope(), d.OrgID)
	if err != nil {
		return errs.Field("org_id", "not_found", nil)
	}
	if o.Dissolved() {
		return errs.Field("org_id", "org.dissolved", nil)
	}
	if !o.Type.IsBranchLevel() {
		return errs.Field("org_id", "development.org_not_branch", nil)
	}
	r := s.Rules.DevelopmentOn(on)
	for _, t := range r.NoDevelopmentOrgTypes {
		if o.Type == t {
			return errs.Field("org_id", "development.rule.temporary_branch", ruleParams(r, r.Step(1), nil))
		}
	}
	d.OrgPath, d.OrgName = o.Path, o.Name
	return nil
}

// Create opens a development record with its written application (step 1). The person may
// not already be in the register nor have a running record anywhere in the deployment.
func (s *Service) Create(ctx context.Context, p *auth.Principal, in CreateInput) (*Detail, error) {
	d := &model.Development{OrgID: in.OrgID, Stage: model.StageApplicant, Status: model.DevActive, Round: 1}
	in.Person.apply(d)
	fe := s.normalizePerson(d)
	if in.Step1.DoneOn.IsZero() {
		fe = append(fe, errs.FieldError{Field: "done_on", Code: "required"})
	}
	if err := errs.Fields(fe); err != nil {
		return nil, err
	}
	err := s.Store.InTx(ctx, func(tx *store.Tx) error { return s.insert(ctx, tx, p, d, in.Step1) })
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, d.ID)
}

// insert places a normalized record, checks the person is not already in the register or
// another running record, inserts it and records step 1.
func (s *Service) insert(ctx context.Context, tx *store.Tx, p *auth.Principal, d *model.Development, step1 StepInput) error {
	if err := s.placeIn(ctx, tx, p, d, step1.DoneOn); err != nil {
		return err
	}
	if err := s.checkUnique(ctx, tx, d); err != nil {
		return err
	}
	if err := tx.InsertDevelopment(ctx, d); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return errs.Field("id_number", "development.already_running", map[string]any{"Org": ""})
		}
		return err
	}
	step1.No = 1
	if _, err := s.recordStep(ctx, tx, p, d, step1); err != nil {
		return err
	}
	return audit.Record(ctx, tx, p, "create", "development", d.ID, d.OrgPath, nil, d)
}

// CreateInTx opens a record inside the caller's transaction (imports): d carries the person
// and OrgID; later steps follow with RecordStepInTx.
func (s *Service) CreateInTx(ctx context.Context, tx *store.Tx, p *auth.Principal, d *model.Development, step1 StepInput) error {
	d.Stage, d.Status, d.Round = model.StageApplicant, model.DevActive, 1
	fe := s.normalizePerson(d)
	if step1.DoneOn.IsZero() {
		fe = append(fe, errs.FieldError{Field: "done_on", Code: "required"})
	}
	if err := errs.Fields(fe); err != nil {
		return err
	}
	return s.insert(ctx, tx, p, d, step1)
}

// RecordStepInTx records a step on d inside the caller's transaction (imports).
func (s *Service) RecordStepInTx(ctx context.Context, tx *store.Tx, p *auth.Principal, d *model.Development, in StepInput) error {
	_, err := s.recordStep(ctx, tx, p, d, in)
	return err
}

// checkUnique refuses a person already in the register or with another running record.
func (s *Service) checkUnique(ctx context.Context, tx *store.Tx, d *model.Development) error {
	running, err := tx.ActiveDevelopmentsByIDNumber(ctx, d.IDNumber)
	if err != nil {
		return err
	}
	for _, r := range running {
		if r.ID != d.ID {
			return errs.Field("id_number", "development.already_running", map[string]any{"Org": r.OrgName})
		}
	}
	if d.MemberID == 0 {
		ms, err := tx.MembersByIDNumber(ctx, []string{d.IDNumber})
		if err != nil {
			return err
		}
		if m := ms[d.IDNumber]; m != nil && m.Status != model.StatusExited {
			return errs.Field("id_number", "development.already_member", nil)
		}
	}
	return nil
}

// UpdatePerson edits the personal data of a record at version. After admission the person is
// in the register, whose record is edited instead.
func (s *Service) UpdatePerson(ctx context.Context, p *auth.Principal, id, version int64, in Person) (*Detail, error) {
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		old, err := tx.GetDevelopment(ctx, p.WriteScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		if old.Version != version {
			return errs.ErrConflict
		}
		if old.MemberID != 0 {
			return errs.Field("name", "development.person_in_register", nil)
		}
		d := *old
		in.apply(&d)
		keepMasked(old, &d)
		if err := errs.Fields(s.normalizePerson(&d)); err != nil {
			return err
		}
		if err := checkAge(s.Rules.DevelopmentOn(d.AppliedOn), &d, d.AppliedOn); err != nil {
			return err
		}
		if err := s.checkUnique(ctx, tx, &d); err != nil {
			return err
		}
		if err := tx.UpdateDevelopment(ctx, old, &d); err != nil {
			return errs.FromStore(err)
		}
		return audit.Record(ctx, tx, p, "update", "development", d.ID, d.OrgPath, old, &d)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, id)
}

// StopInput ends a record before full membership. A probationary member's record ends only by
// cancelling the probation (or death), which needs the approval and takes them out of the register.
type StopInput struct {
	Reason      model.StopReason
	On          model.Date
	Note        string
	ApprovalOrg string
	ApprovedOn  model.Date
	ApprovalRef string
	Version     int64
}

// Stop ends a running record.
func (s *Service) Stop(ctx context.Context, p *auth.Principal, id int64, in StopInput) (*Detail, error) {
	var fe []errs.FieldError
	if !validStop(in.Reason) {
		fe = append(fe, errs.FieldError{Field: "reason", Code: "invalid_value", Params: map[string]any{"Value": string(in.Reason)}})
	}
	if in.On.IsZero() {
		fe = append(fe, errs.FieldError{Field: "on", Code: "required"})
	} else if s.Today().Before(in.On) {
		fe = append(fe, errs.FieldError{Field: "on", Code: "date.future"})
	}
	if utf8.RuneCountInString(in.Note) > 500 {
		fe = append(fe, errs.FieldError{Field: "note", Code: "too_long", Params: map[string]any{"Max": 500}})
	}
	if err := errs.Fields(fe); err != nil {
		return nil, err
	}
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		old, err := tx.GetDevelopment(ctx, p.WriteScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		if old.Version != in.Version {
			return errs.ErrConflict
		}
		if old.Status != model.DevActive {
			return errs.Field("reason", "development.not_running", nil)
		}
		if old.StageSince.After(in.On) {
			return errs.Field("on", "development.stop_before_stage", map[string]any{"Since": old.StageSince.String()})
		}
		d := *old
		d.Status, d.StopReason, d.StoppedOn, d.StopNote = model.DevStopped, in.Reason, in.On, strings.TrimSpace(in.Note)
		d.NextStep, d.NextDue, d.NextNotBefore = 0, model.Date{}, model.Date{}
		if old.MemberID != 0 {
			if err := s.endProbation(ctx, tx, p, old, in); err != nil {
				return err
			}
		}
		if err := tx.UpdateDevelopment(ctx, old, &d); err != nil {
			return errs.FromStore(err)
		}
		return audit.Record(ctx, tx, p, "stop", "development", d.ID, d.OrgPath, old, &d)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, id)
}

func validStop(r model.StopReason) bool {
	for _, k := range model.StopReasons {
		if k == r {
			return true
		}
	}
	return false
}

// endProbation takes a probationary member out of the register when their record stops:
// probation cancelled (an exit of type probation_cancelled) or death.
func (s *Service) endProbation(ctx context.Context, tx *store.Tx, p *auth.Principal, d *model.Development, in StopInput) error {
	m, err := tx.GetMember(ctx, store.AllScope, d.MemberID)
	if err != nil {
		return err
	}
	c := &model.StatusChange{EffectiveOn: in.On, Reason: strings.TrimSpace(in.Note), ApprovalOrg: strings.TrimSpace(in.ApprovalOrg),
		ApprovedOn: in.ApprovedOn, ApprovalRef: strings.TrimSpace(in.ApprovalRef)}
	switch in.Reason {
	case model.StopProbationCancelled:
		c.Kind, c.ExitType = model.ChangeExit, model.ExitProbationCancelled
		if c.ApprovalOrg == "" || c.ApprovedOn.IsZero() {
			return errs.Field("approval_org", "development.cancel_needs_approval", nil)
		}
		if c.Reason == "" {
			return errs.Field("note", "required", nil)
		}
	case model.StopDeceased:
		c.Kind = model.ChangeDeath
	default:
		return errs.Field("reason", "development.stop_probationary", nil)
	}
	_, err = member.ApplyStatusChange(ctx, tx, p, m, c)
	return err
}

// Delete removes a record entered by mistake: only before admission (afterwards the register
// holds the person and the record is their history).
func (s *Service) Delete(ctx context.Context, p *auth.Principal, id, version int64) error {
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		old, err := tx.GetDevelopment(ctx, p.WriteScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		if old.Version != version {
			return errs.ErrConflict
		}
		if old.MemberID != 0 {
			return errs.New(errs.Conflict, "development.delete_admitted")
		}
		if err := tx.DeleteDevelopmentAttachments(ctx, id); err != nil {
			return err
		}
		if err := tx.DeleteDevelopment(ctx, old); err != nil {
			return errs.FromStore(err)
		}
		return audit.Record(ctx, tx, p, "delete", "development", id, old.OrgPath, old, nil)
	})
}

// Get returns a record the caller can read, with its steps (and their attachments) and its plan; the
// applicant's ID number and phone are masked (Reveal shows them; in full for the System
// principal: the command line and background work).
func (s *Service) Get(ctx context.Context, p *auth.Principal, id int64) (*Detail, error) {
	d, err := s.get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	steps, err := s.Store.DevelopmentSteps(ctx, id)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(steps))
	for i, st := range steps {
		ids[i] = st.ID
	}
	byStep, err := s.Store.AttachmentsOf(ctx, model.AttachedToDevelopmentStep, ids)
	if err != nil {
		return nil, err
	}
	for _, st := range steps {
		st.Attachments = byStep[st.ID]
		if st.Attachments == nil {
			st.Attachments = []*model.Attachment{}
		}
	}
	plan := s.plan(d, steps)
	if !p.IsSystem() {
		d = d.Redacted()
	}
	return &Detail{Development: d, Steps: steps, Plan: plan, RulesVersion: s.Rules.Development.Version}, nil
}

func (s *Service) get(ctx context.Context, p *auth.Principal, id int64) (*model.Development, error) {
	d, err := s.Store.GetDevelopment(ctx, p.ReadScope(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errs.ErrNotFound
	}
	return d, err
}

// Reveal returns an applicant's full ID number and phone to a caller whose role may see them
// (the rules' unmask_roles), and records the view in the audit log.
func (s *Service) Reveal(ctx context.Context, p *auth.Principal, id int64) (*member.Personal, error) {
	d, err := s.get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if !p.MayUnmask(s.Rules.Security.UnmaskRoles, d.MemberID) {
		return nil, errs.ErrForbidden
	}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		return audit.Record(ctx, tx, p, "reveal", "development", d.ID, d.OrgPath, nil, map[string]any{"fields": []string{"id_number", "phone"}})
	})
	if err != nil {
		return nil, err
	}
	return &member.Personal{IDNumber: d.IDNumber, Phone: d.Phone}, nil
}

// CheckExport checks an export request before anything is written: the query, and the full
// personal data only for roles that may see it.
func (s *Service) CheckExport(ctx context.Context, p *auth.Principal, q Query) error {
	if _, _, err := s.Filter(ctx, p, q); err != nil {
		return err
	}
	if q.Unmasked && !p.MayUnmask(s.Rules.Security.UnmaskRoles, 0) {
		return errs.ErrForbidden
	}
	return nil
}

// Query is a development list request.
type Query struct {
	OrgID  int64
	Stage  string
	Status string
	Q      string
	// DueWithinDays keeps records whose next step is due within this many days (0: no filter).
	DueWithinDays int
	Sort          string
	Page, Size    int
	// Unmasked asks an export for full ID numbers and phones (roles that may see them; audited).
	Unmasked bool
}

// Filter turns a query into a store filter, checking the values and the organisation.
func (s *Service) Filter(ctx context.Context, p *auth.Principal, q Query) (store.Scope, store.DevelopmentFilter, error) {
	sc := p.ReadScope()
	f := store.DevelopmentFilter{Q: strings.TrimSpace(q.Q), Sort: q.Sort, Stage: model.Stage(q.Stage), Status: model.DevelopmentStatus(q.Status)}
	if !sc.HasSubtrees() {
		return sc, f, errs.ErrNotFound
	}
	var fe []errs.FieldError
	if q.OrgID != 0 {
		o, err := s.Store.GetOrg(ctx, sc, q.OrgID)
		if err != nil {
			return sc, f, errs.ErrNotFound
		}
		f.OrgPath = o.Path
	}
	if f.Stage != "" && !f.Stage.Valid() {
		fe = append(fe, errs.FieldError{Field: "stage", Code: "invalid_value", Params: map[string]any{"Value": q.Stage}})
	}
	switch f.Status {
	case "", model.DevActive, model.DevCompleted, model.DevStopped:
	default:
		fe = append(fe, errs.FieldError{Field: "status", Code: "invalid_value", Params: map[string]any{"Value": q.Status}})
	}
	// The stage's count on the dashboard is the running records, plus completed ones for
	// "full": the list behind a count shows the same rows.
	if f.Stage != "" && f.Status == "" {
		f.Status = model.DevActive
		if f.Stage == model.StageFull {
			f.Status = model.DevCompleted
		}
	}
	if q.DueWithinDays > 0 {
		f.DueBy = s.Today().AddDate(0, 0, q.DueWithinDays)
	}
	if q.Sort != "" && !store.ValidDevelopmentSort(q.Sort) {
		fe = append(fe, errs.FieldError{Field: "sort", Code: "invalid_value", Params: map[string]any{"Value": q.Sort}})
	}
	return sc, f, errs.Fields(fe)
}

// List returns one page of records in the caller's scope, ID numbers and phones masked.
func (s *Service) List(ctx context.Context, p *auth.Principal, q Query) ([]*model.Development, int64, error) {
	sc, f, err := s.Filter(ctx, p, q)
	if err != nil {
		return nil, 0, err
	}
	f.Limit, f.Offset = q.Size, (q.Page-1)*q.Size
	items, total, err := s.Store.ListDevelopments(ctx, sc, f)
	if items == nil {
		items = []*model.Development{}
	}
	for i, d := range items {
		if !p.IsSystem() {
			items[i] = d.Redacted()
		}
	}
	return items, total, err
}
