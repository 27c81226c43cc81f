package development

import (
	"errors"
	"slices"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/errs"
	"dangjian/internal/service/member"
	"dangjian/internal/store"
)

// checks are the named rule checks a step lists in the rules data.
var checks = map[string]func(*stepContext) error{
	"min_age":            checkMinAge,
	"sponsors":           checkSponsors,
	"introducers":        checkIntroducers,
	"political_review":   checkPoliticalReview,
	"training":           checkTraining,
	"notice":             checkNotice,
	"approval_authority": checkApprovalAuthority,
	"branch_vote":        checkBranchVote,
	"probation_complete": checkProbationComplete,
	"conversion_outcome": checkConversionOutcome,
}

// checkAge is the age rule: at least min_age on the application date (党章 Art. 1).
func checkAge(r *rules.DevelopmentRules, d *model.Development, on model.Date) error {
	if d.BirthDate.IsZero() || on.IsZero() {
		return nil
	}
	if on.Before(d.BirthDate) || d.BirthDate.AgeOn(on) < r.MinAge {
		return errs.Field("done_on", "development.rule.min_age", ruleParams(r, r.Step(1), map[string]any{
			"Min": r.MinAge, "Birthday": d.BirthDate.AddDate(r.MinAge, 0, 0).String()}))
	}
	return nil
}

func checkMinAge(c *stepContext) error { return checkAge(c.r, c.d, c.in.DoneOn) }

// fullMembers checks that refs name distinct full members of the register visible to the
// caller, in the register on the step's date, and fills their names.
func (c *stepContext) fullMembers(field string, refs []model.PersonRef) ([]*model.Member, error) {
	seen := map[int64]bool{}
	var out []*model.Member
	for i := range refs {
		if seen[refs[i].MemberID] {
			return nil, c.ruleError(field, "development.rule.person_twice", nil)
		}
		seen[refs[i].MemberID] = true
		m, err := c.tx.GetMember(c.ctx, c.p.ReadScope(), refs[i].MemberID)
		if errors.Is(err, store.ErrNotFound) {
			return nil, errs.Field(field, "development.person_not_found", map[string]any{"ID": refs[i].MemberID})
		}
		if err != nil {
			return nil, err
		}
		if m.Category != model.Full || !m.Status.InRegister() {
			return nil, c.ruleError(field, "development.rule.not_full_member", map[string]any{"Name": m.Name})
		}
		refs[i].Name = m.Name
		out = append(out, m)
	}
	return out, nil
}

func checkSponsors(c *stepContext) error {
	n := len(c.in.Data.Sponsors)
	if n < c.r.SponsorsMin || n > c.r.SponsorsMax {
		return c.ruleError("data.sponsors", "development.rule.sponsors", map[string]any{"Min": c.r.SponsorsMin, "Max": c.r.SponsorsMax, "N": n})
	}
	_, err := c.fullMembers("data.sponsors", c.in.Data.Sponsors)
	return err
}

func checkIntroducers(c *stepContext) error {
	if n := len(c.in.Data.Introducers); n != c.r.Introducers {
		return c.ruleError("data.introducers", "development.rule.introducers", map[string]any{"N": n, "Want": c.r.Introducers})
	}
	ms, err := c.fullMembers("data.introducers", c.in.Data.Introducers)
	if err != nil {
		return err
	}
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	on, err := c.tx.UnderPartyProbation(c.ctx, ids, c.in.DoneOn)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if on[m.ID] {
			return c.ruleError("data.introducers", "development.rule.introducer_on_probation", map[string]any{"Name": m.Name})
		}
	}
	return nil
}

func checkPoliticalReview(c *stepContext) error {
	if c.in.Data.ReviewPassed == nil || c.in.Data.Conclusion == "" {
		return c.ruleError("data.conclusion", "development.rule.review_conclusion", nil)
	}
	if !*c.in.Data.ReviewPassed {
		return c.ruleError("data.review_passed", "development.rule.review_failed", nil)
	}
	return nil
}

func checkTraining(c *stepContext) error {
	d := c.in.Data
	if d.TrainingDays < 0 || d.TrainingHours < 0 {
		return errs.Field("data.training_days", "invalid_value", map[string]any{"Value": d.TrainingDays})
	}
	if d.TrainingDays < c.r.TrainingMinDays && d.TrainingHours < c.r.TrainingMinHours {
		return c.ruleError("data.training_days", "development.rule.training", map[string]any{"Days": c.r.TrainingMinDays, "Hours": c.r.TrainingMinHours})
	}
	return nil
}

// checkNotice checks a public notice period when one is recorded (or when the rules require
// a minimum): start ≤ end ≤ the step's date, at least the minimum of working days.
func checkNotice(c *stepContext) error {
	d := c.in.Data
	if d.NoticeStart.IsZero() && d.NoticeEnd.IsZero() {
		if c.r.NoticeMinWorkingDays > 0 {
			return c.ruleError("data.notice_start", "development.rule.notice_required", map[string]any{"Days": c.r.NoticeMinWorkingDays})
		}
		return nil
	}
	if d.NoticeStart.IsZero() || d.NoticeEnd.IsZero() || d.NoticeEnd.Before(d.NoticeStart) {
		return errs.Field("data.notice_end", "development.notice_period", nil)
	}
	if c.in.DoneOn.Before(d.NoticeEnd) {
		return errs.Field("data.notice_end", "development.notice_after_step", nil)
	}
	if n := workingDays(d.NoticeStart, d.NoticeEnd); n < c.r.NoticeMinWorkingDays {
		return c.ruleError("data.notice_end", "development.rule.notice_days", map[string]any{"Days": c.r.NoticeMinWorkingDays, "N": n})
	}
	return nil
}

// workingDays counts Monday to Friday from start to end inclusive.
func workingDays(start, end model.Date) int {
	n := 0
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		if wd := d.Time().Weekday(); wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return n
}

// checkApprovalAuthority requires the acting organisation to be a committee above the record
// with approval authority (细则 Art. 26), and the caller to act for it (its write scope covers it).
func checkApprovalAuthority(c *stepContext) error {
	if c.acting == nil {
		return c.ruleError("acting_org_id", "development.rule.approver_required", nil)
	}
	ids := model.PathIDs(c.acting.Path)
	ancestors, err := c.tx.OrgsByIDs(c.ctx, ids[:len(ids)-1])
	if err != nil {
		return err
	}
	slices.SortFunc(ancestors, func(a, b *model.Org) int { return a.Depth - b.Depth })
	if !c.r.CanApprove(c.acting, ancestors) {
		return c.ruleError("acting_org_id", "development.rule.no_approval_authority", map[string]any{"Org": c.acting.Name})
	}
	if !c.p.WriteScope().CoversPath(c.acting.Path) {
		return errs.Field("acting_org_id", "development.approver_scope", map[string]any{"Org": c.acting.Name})
	}
	return nil
}

// checkBranchVote checks the branch meeting's vote: more than half of the voting members
// present, and "for" (with written opinions in favour) more than half of the full members
// entitled to vote. When the entitled number is not given it is counted from the register:
// full members of the branch in the register and not under intra-party probation.
func checkBranchVote(c *stepContext) error {
	v := c.in.Data.Vote
	if v == nil {
		return c.ruleError("data.vote", "development.rule.vote_required", nil)
	}
	if v.Entitled < 0 || v.Present < 0 || v.For < 0 || v.Against < 0 || v.Abstain < 0 || v.WrittenFor < 0 {
		return errs.Field("data.vote", "development.vote_negative", nil)
	}
	if v.Entitled == 0 {
		n, err := c.entitledVoters()
		if err != nil {
			return err
		}
		v.Entitled = n
	} else {
		// A number given by hand may be lower than the register's (members whose rights are
		// suspended, 选举条例 Art. 5), never higher than the branch's full members.
		counts, err := c.tx.OrgCounts(c.ctx, c.d.OrgID)
		if err != nil {
			return err
		}
		if full := int(counts["member.category.full"]); v.Entitled > full {
			return errs.Field("data.vote.entitled", "development.vote_entitled_max", map[string]any{"Full": full})
		}
	}
	switch {
	case v.Present > v.Entitled:
		return errs.Field("data.vote.present", "development.vote_present", map[string]any{"Entitled": v.Entitled})
	case v.For+v.Against+v.Abstain > v.Present:
		return errs.Field("data.vote.for", "development.vote_sum", map[string]any{"Present": v.Present})
	case v.WrittenFor > v.Entitled-v.Present:
		return errs.Field("data.vote.written_for", "development.vote_written", map[string]any{"Absent": v.Entitled - v.Present})
	case 2*v.Present <= v.Entitled:
		return c.ruleError("data.vote.present", "development.rule.vote_quorum", map[string]any{"Present": v.Present, "Entitled": v.Entitled})
	case 2*(v.For+v.WrittenFor) <= v.Entitled:
		return c.ruleError("data.vote.for", "development.rule.vote_majority", map[string]any{"For": v.For + v.WrittenFor, "Entitled": v.Entitled, "Need": v.Entitled/2 + 1})
	}
	return nil
}

// entitledVoters counts the full members of the record's organisation entitled to vote on the
// step's date (the rollup's full members, less those under intra-party probation).
func (c *stepContext) entitledVoters() (int, error) {
	counts, err := c.tx.OrgCounts(c.ctx, c.d.OrgID)
	if err != nil {
		return 0, err
	}
	probation, err := c.tx.CountUnderPartyProbation(c.ctx, c.d.OrgPath, c.in.DoneOn)
	if err != nil {
		return 0, err
	}
	return int(counts["member.category.full"] - probation), nil
}

func checkProbationComplete(c *stepContext) error {
	if c.in.DoneOn.Before(c.d.ProbationEnd) {
		return c.ruleError("done_on", "development.rule.probation_not_over", map[string]any{"End": c.d.ProbationEnd.String(), "Months": c.r.ProbationMonths})
	}
	return nil
}

func checkConversionOutcome(c *stepContext) error {
	switch c.in.Data.Outcome {
	case model.OutcomeConvert, model.OutcomeCancel:
		c.in.Data.ExtensionMonths = 0
		return nil
	case model.OutcomeExtend:
		if c.d.Extensions >= c.r.ExtensionsMax {
			return c.ruleError("data.outcome", "development.rule.extended_once", map[string]any{"Max": c.r.ExtensionsMax})
		}
		if m := c.in.Data.ExtensionMonths; m < c.r.ExtensionMinMonths || m > c.r.ExtensionMaxMonths {
			return c.ruleError("data.extension_months", "development.rule.extension_length", map[string]any{"Min": c.r.ExtensionMinMonths, "Max": c.r.ExtensionMaxMonths})
		}
		return nil
	}
	return errs.Field("data.outcome", "required", nil)
}

// admit creates the probationary member in the register on approval (step 17): membership
// dates from the branch meeting (step 15), probation ends probation_months later.
func (c *stepContext) admit(d *model.Development, step *model.DevelopmentStep) error {
	meeting := doneStep(c.steps, 15, 0)
	m := asMember(d)
	member.Normalize(m)
	m.AppliedOn, m.AdmittedOn = d.AppliedOn, meeting.DoneOn
	if fe := member.Validate(m, nil, step.DoneOn); len(fe) > 0 {
		return errs.Fields(fe)
	}
	if err := c.tx.InsertMember(c.ctx, m); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return errs.Field("id_number", "development.already_member", nil)
		}
		return err
	}
	if err := audit.Record(c.ctx, c.tx, c.p, "admit", "member", m.ID, m.OrgPath, nil, m); err != nil {
		return err
	}
	d.MemberID = m.ID
	d.Stage, d.StageSince = model.StageProbationary, meeting.DoneOn
	d.ProbationEnd = meeting.DoneOn.AddMonths(c.r.ProbationMonths)
	return nil
}

// decideProbation applies the approved decision of the conversion meeting (step 24): full
// membership from the end of probation (party age counts from it), an extension opening the
// next round, or the cancellation of the probationary membership.
func (c *stepContext) decideProbation(d *model.Development, step *model.DevelopmentStep) error {
	meeting := doneStep(c.steps, 23, c.round)
	if d.MemberID == 0 {
		return errs.Field("no", "development.member_missing", nil)
	}
	m, err := c.tx.GetMember(c.ctx, store.AllScope, d.MemberID)
	if err != nil {
		return err
	}
	switch meeting.Data.Outcome {
	case model.OutcomeConvert:
		if m.Category != model.Probationary {
			return errs.Field("no", "member.not_probationary", nil)
		}
		full := *m
		full.Category, full.FullOn = model.Full, d.ProbationEnd
		if err := c.tx.UpdateMember(c.ctx, m, &full); err != nil {
			return errs.FromStore(err)
		}
		if err := audit.Record(c.ctx, c.tx, c.p, "convert", "member", m.ID, m.OrgPath, m, &full); err != nil {
			return err
		}
		d.Stage, d.Status, d.StageSince = model.StageFull, model.DevCompleted, d.ProbationEnd
	case model.OutcomeExtend:
		d.Extensions++
		d.ProbationEnd = d.ProbationEnd.AddMonths(meeting.Data.ExtensionMonths)
		d.Round++
	case model.OutcomeCancel:
		ch := &model.StatusChange{Kind: model.ChangeExit, ExitType: model.ExitProbationCancelled, EffectiveOn: step.DoneOn,
			Reason: meeting.Notes, ApprovalOrg: c.acting.Name, ApprovedOn: step.DoneOn}
		if ch.Reason == "" {
			ch.Reason = c.st.Zh
		}
		if _, err := member.ApplyStatusChange(c.ctx, c.tx, c.p, m, ch); err != nil {
			return err
		}
		d.Status, d.StopReason, d.StoppedOn = model.DevStopped, model.StopProbationCancelled, step.DoneOn
	}
	return nil
}
