package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/development"
	"dangjian/internal/service/transfer"
)

// lifecycleValues fills the member-lifecycle placeholders that text uses, and the marker.
func (m *matrixRun) lifecycleValues(t *testing.T, sd side, n int64, text string, vals map[string]string, r *request, e entry) {
	has := func(p string) bool { return strings.Contains(text, p) }
	mark := func(s string) {
		if e.marker {
			r.marker = s
		}
	}
	vals["{org-name}"] = m.w.orgs[sd.org].Name
	path := strings.SplitN(e.path, "?", 2)[0]
	if has("{development}") || path == "/developments" || path == "/developments/export" {
		if m.dev[sd.name] == nil {
			m.dev[sd.name] = m.freshDevelopment(t, sd, m.n.Add(1))
		}
		d := m.dev[sd.name]
		vals["{development}"] = itoa(d.Development.ID)
		mark(d.Development.Name)
	}
	if has("{new-development}") {
		d := m.freshDevelopment(t, sd, n)
		if has("{step2}") {
			var err error
			if d, err = m.w.app.Development.RecordStep(context.Background(), auth.System, d.Development.ID, d.Development.Version,
				development.StepInput{No: 2, DoneOn: model.DateOf(time.Now()), Persons: "支部书记"}); err != nil {
				t.Fatalf("step 2: %v", err)
			}
			vals["{step2}"], vals["{step2-version}"] = itoa(d.Steps[1].ID), itoa(d.Steps[1].Version)
		}
		vals["{new-development}"], vals["{version}"] = itoa(d.Development.ID), itoa(d.Development.Version)
		vals["{step}"], vals["{step-version}"] = itoa(d.Steps[0].ID), itoa(d.Steps[0].Version)
		vals["{dev-id-number}"], vals["{dev-sex}"] = d.Development.IDNumber, string(d.Development.Sex)
	}
	if path == "/transfers" || has("{transfer}") {
		if m.transfer[sd.name] == nil {
			m.transfer[sd.name] = m.freshTransfer(t, sd, m.n.Add(1), "")
		}
		tr := m.transfer[sd.name]
		vals["{transfer}"] = itoa(tr.ID)
		mark(tr.MemberName)
	}
	if path == "/transfers/export" {
		mark(m.transfer[sd.name].MemberName)
	}
	if path == "/transfers/destinations" {
		mark(m.w.orgs[sd.org].Name)
	}
	for _, stage := range []string{"{new-transfer}", "{issued-transfer}", "{returned-transfer}", "{outgoing-transfer}"} {
		if has(stage) {
			tr := m.freshTransfer(t, sd, n, stage)
			vals[stage], vals["{version}"] = itoa(tr.ID), itoa(tr.Version)
			mark(tr.MemberName)
		}
	}
}

// freshDevelopment opens an applicant's record in the side's branch.
func (m *matrixRun) freshDevelopment(t *testing.T, sd side, n int64) *development.Detail {
	applied := model.DateOf(time.Now()).AddDate(0, 0, -3)
	d, err := m.w.app.Development.Create(context.Background(), auth.System, development.CreateInput{OrgID: m.w.orgs[sd.org].ID,
		Person: development.Person{Name: fmt.Sprintf("申请人%s%d", sd.name, n), IDNumber: m.freshID(n + 300000), Ethnicity: "汉族"},
		Step1:  development.StepInput{No: 1, DoneOn: applied}})
	if err != nil {
		t.Fatalf("development: %v", err)
	}
	return d
}

// freshTransfer requests the transfer of a fresh member of the side's branch to a fresh branch
// of its district, issued or returned when the stage asks.
func (m *matrixRun) freshTransfer(t *testing.T, sd side, n int64, stage string) *model.Transfer {
	ctx := context.Background()
	memberID := m.freshMember(t, sd, n+900000)
	to := m.freshOrg(t, sd.district, model.Branch, n+900000)
	in := transfer.RequestInput{MemberID: memberID, Kind: model.TransferInternal, ToOrgID: to, Reason: "工作调动", DuesPaidUntil: "2026-11"}
	if stage == "{outgoing-transfer}" {
		in.Kind, in.ToOrgID, in.ExternalOrg = model.TransferOutgoing, 0, "外省某党委"
	}
	tr, err := m.w.app.Transfers.Request(ctx, auth.System, in)
	if err != nil {
		t.Fatalf("transfer: %v", err)
	}
	if stage == "{issued-transfer}" || stage == "{returned-transfer}" || stage == "{outgoing-transfer}" {
		if tr, err = m.w.app.Transfers.Approve(ctx, auth.System, tr.ID, transfer.IssueInput{Version: tr.Version}); err != nil {
			t.Fatalf("approve: %v", err)
		}
	}
	if stage == "{returned-transfer}" {
		if tr, err = m.w.app.Transfers.Return(ctx, auth.System, tr.ID, transfer.DoneInput{Version: tr.Version, Note: "信息不全"}); err != nil {
			t.Fatalf("return: %v", err)
		}
	}
	return tr
}
