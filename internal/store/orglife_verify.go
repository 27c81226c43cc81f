package store

import "context"

// verifyOrgLife compares the organisational-life counters (meeting tallies, the compliance
// rollup, directive completion, members' study hours, and the counters kept on meetings,
// documents and study sessions) with a recount from their base tables.
func (tx *Tx) verifyOrgLife(ctx context.Context) ([]StatsDiff, error) {
	var diffs []StatsDiff
	compare := func(prefix string, want, have map[lifeKey]int64) {
		name := func(k lifeKey) string { return prefix + "." + k.a + "." + k.b }
		for k, n := range want {
			if have[k] != n {
				diffs = append(diffs, StatsDiff{OrgID: k.org, Metric: name(k), Stored: have[k], Expected: n})
			}
		}
		for k, n := range have {
			if _, ok := want[k]; !ok {
				diffs = append(diffs, StatsDiff{OrgID: k.org, Metric: name(k), Stored: n})
			}
		}
	}
	wantT, wantM, err := tx.recountCompliance(ctx, tx.store)
	if err != nil {
		return nil, err
	}
	haveT, haveM, err := tx.storedCompliance(ctx)
	if err != nil {
		return nil, err
	}
	compare("tally", wantT, haveT)
	compare("compliance", wantM, haveM)
	wantD, err := tx.recountDirectives(ctx, 0)
	if err != nil {
		return nil, err
	}
	haveD, err := tx.storedDirectiveStats(ctx)
	if err != nil {
		return nil, err
	}
	compare("directive", flattenDirective(wantD), flattenDirective(haveD))
	wantH, err := tx.recountStudyHours(ctx)
	if err != nil {
		return nil, err
	}
	haveH, err := tx.storedStudyHours(ctx)
	if err != nil {
		return nil, err
	}
	// Study hours are per member: OrgID carries the member id, the metric says so.
	compare("study_hours.member", wantH, haveH)
	counters, err := tx.verifyOrgLifeCounters(ctx)
	return append(diffs, counters...), err
}

func flattenDirective(m map[lifeKey]dirCount) map[lifeKey]int64 {
	out := map[lifeKey]int64{}
	for k, c := range m {
		for field, n := range map[string]int64{"targets": c.targets, "answered": c.answered, "late": c.late} {
			if n != 0 {
				out[lifeKey{k.org, k.a, field}] = n
			}
		}
	}
	return out
}

// rebuildOrgLife replaces the organisational-life counters with a recount; it returns how many
// counters it wrote.
func (tx *Tx) rebuildOrgLife(ctx context.Context) (int, error) {
	tallies, met, err := tx.recountCompliance(ctx, tx.store)
	if err != nil {
		return 0, err
	}
	if err := tx.writeCompliance(ctx, tallies, met); err != nil {
		return 0, err
	}
	if err := tx.rebuildDirectiveStats(ctx, 0); err != nil {
		return 0, err
	}
	hours, err := tx.recountStudyHours(ctx)
	if err != nil {
		return 0, err
	}
	if err := tx.writeStudyHours(ctx, hours); err != nil {
		return 0, err
	}
	counters, err := tx.rebuildOrgLifeCounters(ctx)
	if err != nil {
		return 0, err
	}
	d, err := tx.storedDirectiveStats(ctx)
	return len(tallies) + len(met) + len(d) + len(hours) + counters, err
}

// orgLifePathTables are the tables carrying a copy of an organisation's path.
var orgLifePathTables = []string{"meetings", "attachments", "study_plans", "study_courses", "study_sessions", "documents",
	"directives", "directive_targets", "committee_members", "elections"}

// moveOrgLife follows a subtree move (org paths already rewritten from [lo, hi) to newPath):
// the path copies of organisational-life rows, the compliance rollup and directive completion.
func (tx *Tx) moveOrgLife(ctx context.Context, rootID int64, oldAnc, newAnc []int64, newPath string, cut int, lo, hi string) error {
	for _, t := range orgLifePathTables {
		if _, err := tx.db.ExecContext(ctx, `UPDATE `+t+` SET org_path = $1 || substr(org_path, $2) WHERE org_path >= $3 AND org_path < $4`,
			newPath, cut, lo, hi); err != nil {
			return err
		}
	}
	if err := tx.moveCompliance(ctx, rootID, oldAnc, newAnc); err != nil {
		return err
	}
	return tx.moveDirectives(ctx, newPath)
}
