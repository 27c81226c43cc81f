package transfer

import (
	"context"
	"html/template"
	"io"

	"dangjian/internal/model"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// letterPage is the print-ready introduction letter of 组通字〔2006〕45号 (rules.md 2.3.4): the stub
// (存根) kept by the issuer, the letter (介绍信) carried by the member, and the receipt (回执)
// returned by the final receiving committee, with cut lines between them. An incoming
// transfer prints the receipt only, to send back. The page is Chinese: it is an official form.
var letterPage = template.Must(template.New("letter").Funcs(template.FuncMap{
	"ymd": func(d model.Date) string {
		if d.IsZero() {
			return "　　年　　月　　日"
		}
		return d.Time().Format("2006年1月2日")
	},
	"ym": func(s string) string {
		if len(s) != 7 {
			return "　　年　　月"
		}
		return s[:4] + "年" + trimZero(s[5:]) + "月"
	},
}).Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>党员组织关系介绍信 {{.T.LetterNo}}</title>
<style>
@page { size: A4; margin: 15mm 18mm; }
* { box-sizing: border-box; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif; color: #000; margin: 0; background: #f2f2f2; }
.sheet { width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 12mm 16mm; background: #fff; box-shadow: 0 0 4px rgba(0,0,0,.2); }
.part { padding: 6mm 0; page-break-inside: avoid; }
h1 { font-size: 20pt; text-align: center; letter-spacing: 2pt; margin: 0 0 4mm; font-weight: bold; }
h1 small { font-size: 14pt; font-weight: normal; }
.no { text-align: right; font-size: 12pt; margin-bottom: 4mm; }
p { font-size: 14pt; line-height: 2.1; margin: 0; text-indent: 2em; }
p.to { text-indent: 0; }
.u { display: inline-block; min-width: 5em; border-bottom: 1px solid #000; text-align: center; text-indent: 0; padding: 0 .3em; line-height: 1.5; }
.sign { text-align: right; font-size: 14pt; line-height: 2; margin-top: 4mm; }
.small { font-size: 11pt; line-height: 1.8; text-indent: 0; }
.cut { border: 0; border-top: 1px dashed #000; margin: 2mm 0; position: relative; }
.cut::after { content: "（沿此线剪开，骑缝处加盖公章）"; position: absolute; left: 50%; top: -0.75em; transform: translateX(-50%); background: #fff; font-size: 9pt; padding: 0 1em; }
.toolbar { text-align: center; margin: 6mm 0 0; font-family: sans-serif; }
.toolbar button { font-size: 14px; padding: 6px 18px; }
@media print { body { background: #fff; } .sheet { margin: 0; box-shadow: none; width: auto; min-height: 0; padding: 0; } .toolbar { display: none; } }
</style></head>
<body>
<div class="toolbar"><button onclick="window.print()">打印</button></div>
<div class="sheet">
{{if not .ReceiptOnly}}
<div class="part" data-part="stub">
  <h1>中国共产党党员组织关系介绍信 <small>（存根）</small></h1>
  <div class="no">第 {{.T.LetterNo}} 号</div>
  <p><span class="u">{{.T.MemberName}}</span>同志系中共<span class="u">{{.Category}}</span>党员，组织关系由<span class="u">{{.From}}</span>转到<span class="u">{{.To}}</span>。</p>
  <p>党费交到<span class="u">{{ym .T.DuesPaidUntil}}</span>。</p>
  <p>转接原因：<span class="u">{{.T.Reason}}</span></p>
  <div class="sign">{{ymd .T.IssuedOn}}</div>
</div>
<hr class="cut">
<div class="part" data-part="letter">
  <h1>中国共产党党员组织关系介绍信</h1>
  <div class="no">第 {{.T.LetterNo}} 号</div>
  <p class="to"><span class="u">{{.To}}</span>：</p>
  <p><span class="u">{{.T.MemberName}}</span>同志（<span class="u">{{.Sex}}</span>，<span class="u">{{.Age}}</span>岁，<span class="u">{{.T.MemberEthnic}}</span>），系中共<span class="u">{{.Category}}</span>党员，身份证号码<span class="u">{{.T.MemberIDNumber}}</span>，由<span class="u">{{.From}}</span>去<span class="u">{{.To}}</span>，请转接组织关系。</p>
  <p>该同志党费已交到<span class="u">{{ym .T.DuesPaidUntil}}</span>。</p>
  <p>（有效期<span class="u">{{.ValidDays}}</span>天，至{{ymd .T.ValidUntil}}）</p>
  <div class="sign">（盖章）<br>{{ymd .T.IssuedOn}}</div>
  <p class="small">党员联系电话或其他联系方式：<span class="u">{{.Phone}}</span></p>
  <p class="small">党员原所在基层党委通讯地址：<span class="u"></span>　联系电话：<span class="u"></span>　邮编：<span class="u"></span></p>
</div>
<hr class="cut">
{{end}}
<div class="part" data-part="receipt">
  <h1>中国共产党党员组织关系介绍信回执</h1>
  <div class="no">第 {{.T.LetterNo}} 号</div>
  <p class="to"><span class="u">{{.From}}</span>：</p>
  <p><span class="u">{{.T.MemberName}}</span>同志的党员组织关系已转达我处，特此回复。</p>
  <div class="sign">经手人：<span class="u"></span>　（盖章）<br>{{ymd .T.CompletedOn}}</div>
</div>
</div>
</body></html>
`))

func trimZero(s string) string {
	if len(s) == 2 && s[0] == '0' {
		return s[1:]
	}
	return s
}

// letterData fills the page.
type letterData struct {
	T           *model.Transfer
	From, To    string
	Category    string
	Sex         string
	Age         int
	ValidDays   int
	Phone       string
	ReceiptOnly bool
}

// WriteLetter writes the print-ready letter of a transfer the caller can read, with the
// member's full ID number and phone (the letter is the official document); the printing is
// recorded in the audit log. A transfer without a letter yet is an error.
func (s *Service) WriteLetter(ctx context.Context, p *auth.Principal, id int64, w io.Writer) error {
	t, err := s.get(ctx, p, id)
	if err != nil {
		return err
	}
	if t.LetterNo == "" {
		return errs.Field("letter_no", "transfer.no_letter", nil)
	}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		path := t.FromOrgPath
		if path == "" {
			path = t.ToOrgPath
		}
		return audit.Record(ctx, tx, p, "print_letter", "transfer", t.ID, path, nil, map[string]any{"letter_no": t.LetterNo})
	})
	if err != nil {
		return err
	}
	d := letterData{T: t, From: t.FromOrgName, To: t.ToOrgName, Category: "正式", Sex: "男",
		ValidDays: t.IssuedOn.DaysUntil(t.ValidUntil), ReceiptOnly: t.Kind == model.TransferIncoming}
	if t.Kind != model.TransferInternal {
		if t.Kind == model.TransferIncoming {
			d.From = t.ExternalOrg
		} else {
			d.To = t.ExternalOrg
		}
	}
	if t.MemberCategory == model.Probationary {
		d.Category = "预备"
	}
	if t.MemberSex == model.Female {
		d.Sex = "女"
	}
	d.Age = t.MemberBirth.AgeOn(t.IssuedOn)
	if m, err := s.Store.GetMember(ctx, p.ReadScope(), t.MemberID); err == nil {
		d.Phone = m.Phone
	}
	return letterPage.Execute(w, d)
}
