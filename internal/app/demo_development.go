package app

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/development"
	"dangjian/internal/store"
)

// demoDevelopmentMax bounds the development records the demo city gets, whatever its size.
const demoDevelopmentMax = 240

// demoDevelopments gives some branches of the demo city people in development at every stage,
// recorded step by step through the development service (so every rule holds), dated back from
// today: applicants waiting for their talk, activists, candidates, probationary members whose
// probation ends soon, and converted members.
func (a *App) demoDevelopments(ctx context.Context, seed int64, today model.Date) error {
	rng := rand.New(rand.NewPCG(uint64(seed), 0xde5e1))
	branches, err := a.Store.SubtreeOrgs(ctx, store.AllScope, "/")
	if err != nil {
		return err
	}
	byID := map[int64]*model.Org{}
	for _, o := range branches {
		byID[o.ID] = o
	}
	r := a.Rules.DevelopmentOn(today)
	made := 0
	for i, b := range branches {
		if made >= demoDevelopmentMax || b.Type != model.Branch || b.Dissolved() || i%5 != 0 {
			continue
		}
		full, _, err := a.Store.ListMembers(ctx, store.AllScope, store.MemberFilter{OrgPath: b.Path, Category: model.Full,
			Statuses: []model.Status{model.StatusNormal}, Limit: 3, SkipCount: true})
		if err != nil {
			return err
		}
		if len(full) < 3 {
			continue
		}
		var approver *model.Org
		ids := model.PathIDs(b.Path)
		for k := len(ids) - 2; k >= 0 && approver == nil; k-- {
			o := byID[ids[k]]
			var anc []*model.Org
			for _, id := range ids[:k] {
				anc = append(anc, byID[id])
			}
			if o != nil && r.CanApprove(o, anc) {
				approver = o
			}
		}
		if approver == nil {
			continue
		}
		for n := 0; n < 1+rng.IntN(2) && made < demoDevelopmentMax; n++ {
			last := []int{1, 2, 6, 11, 16, 21, 25}[rng.IntN(7)]
			if err := a.demoRecord(ctx, rng, b, approver, full, last, today, made); err != nil {
				return err
			}
			made++
		}
	}
	return nil
}

// demoRecord opens one record in branch and records its steps up to last.
func (a *App) demoRecord(ctx context.Context, rng *rand.Rand, b, approver *model.Org, full []*model.Member, last int, today model.Date, seq int) error {
	// The plan of dates, in months after the application (as the rules allow), and how long
	// ago the application was for the record to stand at step last today.
	offsets := map[int][2]int{1: {0, 0}, 2: {0, 10}, 3: {1, 0}, 4: {1, 1}, 5: {1, 2}, 6: {7, 0}, 7: {13, 0}, 8: {13, 1},
		9: {13, 2}, 10: {13, 3}, 11: {13, 4}, 12: {14, 0}, 13: {14, 5}, 14: {14, 10}, 15: {15, 0}, 16: {15, 10},
		17: {16, 0}, 18: {16, 3}, 19: {16, 4}, 20: {16, 5}, 21: {20, 0}, 22: {27, -5}, 23: {27, 0}, 24: {28, 0}, 25: {28, 1}}
	ago := map[int]int{1: 0, 2: 3, 6: 10, 11: 15, 16: 16, 21: 24, 25: 36}[last]
	applied := today.AddMonths(-ago).AddDate(0, 0, -rng.IntN(20)-5)
	day := func(no int) model.Date { o := offsets[no]; return applied.AddMonths(o[0]).AddDate(0, 0, o[1]) }
	birth := model.NewDate(1995+rng.IntN(9), time.Month(1+rng.IntN(12)), 1+rng.IntN(28))
	base := fmt.Sprintf("210299%s%03d", birth.Time().Format("20060102"), 100+seq%900)
	given := []string{"欣怡", "子轩", "浩然", "雨桐", "梓涵", "宇航", "思远", "佳琪", "明哲", "若曦"}
	family := []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"}
	d := &model.Development{OrgID: b.ID, Name: family[rng.IntN(len(family))] + given[rng.IntN(len(given))],
		IDNumber: base + string(model.IDCheckDigit(base)), Ethnicity: "汉族", Education: model.EduUndergraduate, WorkUnit: b.UnitName}
	sys := auth.System
	return a.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := a.Development.CreateInTx(ctx, tx, sys, d, development.StepInput{DoneOn: applied, Persons: "本人"}); err != nil {
			return nil // a clash with a demo member's number: leave this one out
		}
		refs := []model.PersonRef{{MemberID: full[0].ID}, {MemberID: full[1].ID}}
		yes := true
		for no := 2; no <= last; no++ {
			in := development.StepInput{No: no, DoneOn: day(no), Persons: "支部书记"}
			switch no {
			case 5:
				in.Data.Sponsors = slices.Clone(refs)
			case 9:
				in.Data.Introducers = slices.Clone(refs)
			case 10:
				in.Data.ReviewPassed, in.Data.Conclusion = &yes, "政治审查合格"
			case 11:
				in.Data.TrainingDays = 3
			case 13, 17, 24:
				in.ActingOrgID = approver.ID
			case 15, 23:
				in.Data.Vote = &model.Vote{Entitled: len(full), Present: len(full), For: len(full)}
				if no == 23 {
					in.Data.Outcome = model.OutcomeConvert
				}
			}
			if today.Before(in.DoneOn) {
				break
			}
			if err := a.Development.RecordStepInTx(ctx, tx, sys, d, in); err != nil {
				return fmt.Errorf("demo development step %d: %w", no, err)
			}
		}
		return nil
	})
}
