package importer

import "dangjian/internal/model"

// TransferExportHeaders are the headers of a transfer export (组织关系转接台账).
var TransferExportHeaders = []string{"姓名", "性别", "党员类别", "转接类型", "转出党组织", "接收党组织", "转接原因", "党费交至",
	"申请日期", "介绍信编号", "开具日期", "有效期至", "办理状态", "办结日期", "退回原因", "回执说明"}

var transferKindWords = map[model.TransferKind]string{model.TransferInternal: "系统内转接", model.TransferOutgoing: "转出本系统",
	model.TransferIncoming: "外来转入"}

var transferStatusWords = map[model.TransferStatus]string{model.TransferRequested: "待审批", model.TransferIssued: "已开介绍信",
	model.TransferCompleted: "已办结", model.TransferReturned: "已退回", model.TransferCancelled: "已撤销"}

// TransferExportRow formats a transfer in the order of TransferExportHeaders.
func TransferExportRow(t *model.Transfer) []string {
	from, to := t.FromOrgName, t.ToOrgName
	switch t.Kind {
	case model.TransferOutgoing:
		to = t.ExternalOrg
	case model.TransferIncoming:
		from = t.ExternalOrg
	}
	return []string{t.MemberName, sexes.format(t.MemberSex), categories.format(t.MemberCategory), transferKindWords[t.Kind], from, to,
		t.Reason, t.DuesPaidUntil, t.RequestedOn.String(), t.LetterNo, t.IssuedOn.String(), t.ValidUntil.String(),
		transferStatusWords[t.Status], t.CompletedOn.String(), t.ReturnReason, t.ReceiptNote}
}
