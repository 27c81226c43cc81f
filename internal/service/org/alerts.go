package org

import (
	"context"
	"strconv"

	"dangjian/internal/model"
)

// KindBranchBelowMin is the alert on a branch with fewer full members than the minimum
// (rules §1.2.1): it must become a joint or temporary branch, or gain members.
const KindBranchBelowMin = "org.branch_below_min"

// BelowMinimumAlerts generates the below-minimum alerts from the rollup's per-branch flag.
type BelowMinimumAlerts struct{ Orgs *Service }

// Kinds implements alert.Generator.
func (BelowMinimumAlerts) Kinds() []string { return []string{KindBranchBelowMin} }

// Generate implements alert.Generator.
func (g BelowMinimumAlerts) Generate(ctx context.Context, _ model.Date) ([]model.Alert, error) {
	rows, err := g.Orgs.Store.BranchesBelowMinimum(ctx)
	if err != nil {
		return nil, err
	}
	min := strconv.Itoa(g.Orgs.Rules.Org.BranchMinFullMembers)
	out := make([]model.Alert, 0, len(rows))
	for _, b := range rows {
		out = append(out, model.Alert{Kind: KindBranchBelowMin, Severity: model.AlertWarning, OrgID: b.OrgID,
			OrgPath: b.Path, SubjectType: "org", SubjectID: b.OrgID,
			Params: map[string]string{"Org": b.Name, "Full": strconv.FormatInt(b.Full, 10), "Min": min}})
	}
	return out, nil
}
