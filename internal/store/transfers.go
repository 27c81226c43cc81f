package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"dangjian/internal/model"
)

const transferColumns = `t.id, t.kind, t.status, t.member_id, t.member_name, t.member_sex, t.member_birth,
	t.member_category, t.member_ethnic, COALESCE(t.from_org_id, 0), t.from_org_path, COALESCE(fo.name, ''),
	COALESCE(t.to_org_id, 0), t.to_org_path, COALESCE(tor.name, ''), t.external_org, t.reason, t.dues_paid_until,
	t.requested_on, t.requested_by, t.approved_by, t.letter_no, t.issued_on, t.valid_until, t.completed_on,
	t.completed_by, t.receipt_note, t.returned_on, t.return_reason, t.version, t.created_at, t.updated_at`

const transferFrom = " FROM transfers t LEFT JOIN orgs fo ON fo.id = t.from_org_id LEFT JOIN orgs tor ON tor.id = t.to_org_id "

func scanTransfer(row interface{ Scan(...any) error }) (*model.Transfer, error) {
	var t model.Transfer
	err := row.Scan(&t.ID, &t.Kind, &t.Status, &t.MemberID, &t.MemberName, &t.MemberSex, &t.MemberBirth,
		&t.MemberCategory, &t.MemberEthnic, &t.FromOrgID, &t.FromOrgPath, &t.FromOrgName, &t.ToOrgID, &t.ToOrgPath,
		&t.ToOrgName, &t.ExternalOrg, &t.Reason, &t.DuesPaidUntil, &t.RequestedOn, &t.RequestedBy, &t.ApprovedBy,
		&t.LetterNo, &t.IssuedOn, &t.ValidUntil, &t.CompletedOn, &t.CompletedBy, &t.ReceiptNote, &t.ReturnedOn,
		&t.ReturnReason, &t.Version, &t.CreatedAt, &t.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return &t, err
}

func (q queries) queryTransfers(ctx context.Context, query string, a ...any) ([]*model.Transfer, error) {
	rows, err := q.query(ctx, query, a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*model.Transfer
	for rows.Next() {
		t, err := scanTransfer(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// transferScope is a transfer's visibility: both the sending and the receiving side see it.
func transferScope(sc Scope, a *args) string {
	return "(" + sc.subtreeClause("t.from_org_path", a) + " OR " + sc.subtreeClause("t.to_org_path", a) + ")"
}

// GetTransfer returns one transfer whose sending or receiving organisation is in the scope.
func (q queries) GetTransfer(ctx context.Context, sc Scope, id int64) (*model.Transfer, error) {
	a := &args{}
	return scanTransfer(q.queryRow(ctx, "SELECT "+transferColumns+transferFrom+"WHERE t.id = "+a.add(id)+" AND "+transferScope(sc, a), a.v...))
}

// OpenTransferOf returns the member's transfer still waiting for someone, or ErrNotFound.
func (q queries) OpenTransferOf(ctx context.Context, memberID int64) (*model.Transfer, error) {
	return scanTransfer(q.queryRow(ctx, "SELECT "+transferColumns+transferFrom+"WHERE t.member_id = $1 AND t.status IN ($2, $3) LIMIT 1",
		memberID, model.TransferRequested, model.TransferIssued))
}

// TransferFilter selects transfers for a list.
type TransferFilter struct {
	// OrgPath is the subtree the list is about; Direction "out" keeps transfers sent from it,
	// "in" those received into it, "" both.
	OrgPath   string
	Direction string
	Status    model.TransferStatus
	Kind      model.TransferKind
	Q         string
	// OpenOnly keeps transfers still waiting for someone.
	OpenOnly      bool
	Limit, Offset int
}

func (f *TransferFilter) where(sc Scope, a *args) string {
	w := []string{transferScope(sc, a)}
	if f.OrgPath != "" {
		// Only the clauses used may bind parameters: PostgreSQL refuses unreferenced ones.
		under := func(col string) string {
			return "(" + col + " >= " + a.add(f.OrgPath) + " AND " + col + " < " + a.add(model.PathUpperBound(f.OrgPath)) + ")"
		}
		switch f.Direction {
		case "out":
			w = append(w, under("t.from_org_path"))
		case "in":
			w = append(w, under("t.to_org_path"))
		default:
			w = append(w, "("+under("t.from_org_path")+" OR "+under("t.to_org_path")+")")
		}
	}
	if f.Status != "" {
		w = append(w, "t.status = "+a.add(string(f.Status)))
	}
	if f.Kind != "" {
		w = append(w, "t.kind = "+a.add(string(f.Kind)))
	}
	if f.OpenOnly {
		w = append(w, "t.status IN ("+a.add(model.TransferRequested)+", "+a.add(model.TransferIssued)+")")
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		w = append(w, "(t.member_name LIKE "+a.add("%"+escapeLike(q)+"%")+" ESCAPE '\\' OR t.letter_no = "+a.add(q)+")")
	}
	return strings.Join(w, " AND ")
}

// ListTransfers returns one page of transfers matching f inside the scope, newest first, and the total.
func (q queries) ListTransfers(ctx context.Context, sc Scope, f TransferFilter) ([]*model.Transfer, int64, error) {
	a := &args{}
	where := f.where(sc, a)
	var total int64
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM transfers t WHERE "+where, a.v...).Scan(&total); err != nil {
		return nil, 0, err
	}
	query := "SELECT " + transferColumns + transferFrom + "WHERE " + where + " ORDER BY t.id DESC"
	if f.Limit > 0 {
		query += " LIMIT " + strconv.Itoa(f.Limit) + " OFFSET " + strconv.Itoa(f.Offset)
	}
	items, err := q.queryTransfers(ctx, query, a.v...)
	return items, total, err
}

// IssuedTransfersValidBy returns every transfer, whole tree, whose letter is issued and not yet
// completed, valid until day or earlier (the alert generator's read).
func (q queries) IssuedTransfersValidBy(ctx context.Context, day model.Date) ([]*model.Transfer, error) {
	return q.queryTransfers(ctx, "SELECT "+transferColumns+transferFrom+
		"WHERE t.status = $1 AND t.valid_until <= $2 ORDER BY t.id", model.TransferIssued, day)
}

func transferValues(t *model.Transfer) []any {
	nullID := func(id int64) any {
		if id == 0 {
			return nil
		}
		return id
	}
	return []any{t.Kind, t.Status, t.MemberID, t.MemberName, t.MemberSex, t.MemberBirth, t.MemberCategory,
		t.MemberEthnic, nullID(t.FromOrgID), t.FromOrgPath, nullID(t.ToOrgID), t.ToOrgPath, t.ExternalOrg, t.Reason,
		t.DuesPaidUntil, t.RequestedOn, t.RequestedBy, t.ApprovedBy, t.LetterNo, t.IssuedOn, t.ValidUntil, t.CompletedOn,
		t.CompletedBy, t.ReceiptNote, t.ReturnedOn, t.ReturnReason}
}

const transferWriteColumns = `kind, status, member_id, member_name, member_sex, member_birth, member_category,
	member_ethnic, from_org_id, from_org_path, to_org_id, to_org_path, external_org, reason, dues_paid_until, requested_on,
	requested_by, approved_by, letter_no, issued_on, valid_until, completed_on, completed_by, receipt_note, returned_on,
	return_reason`

// InsertTransfer inserts t and assigns its ID; a taken letter number is ErrConflict.
func (tx *Tx) InsertTransfer(ctx context.Context, t *model.Transfer) error {
	ts := now()
	t.CreatedAt, t.UpdatedAt, t.Version = ts, ts, 1
	a := &args{}
	vals := transferValues(t)
	ph := make([]string, 0, len(vals)+3)
	for _, v := range vals {
		ph = append(ph, a.add(v))
	}
	ph = append(ph, a.add(t.Version), a.add(t.CreatedAt), a.add(t.UpdatedAt))
	err := tx.db.QueryRowContext(ctx, "INSERT INTO transfers ("+transferWriteColumns+", version, created_at, updated_at) VALUES ("+
		strings.Join(ph, ",")+") RETURNING id", a.v...).Scan(&t.ID)
	if isUniqueViolation(err) {
		return ErrConflict
	}
	return err
}

// UpdateTransfer writes t if its stored version is still old.Version.
func (tx *Tx) UpdateTransfer(ctx context.Context, old, t *model.Transfer) error {
	t.UpdatedAt = now()
	a := &args{}
	cols := strings.Split(transferWriteColumns, ",")
	sets := make([]string, len(cols))
	for i, v := range transferValues(t) {
		sets[i] = strings.TrimSpace(cols[i]) + " = " + a.add(v)
	}
	res, err := tx.db.ExecContext(ctx, "UPDATE transfers SET "+strings.Join(sets, ", ")+", version = version + 1, updated_at = "+
		a.add(t.UpdatedAt)+" WHERE id = "+a.add(old.ID)+" AND version = "+a.add(old.Version), a.v...)
	if isUniqueViolation(err) {
		return ErrConflict
	}
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	t.ID, t.Version, t.CreatedAt = old.ID, old.Version+1, old.CreatedAt
	return nil
}

// NextSequence returns the next number of a named counter (starting at 1), e.g. the serial
// numbers of one year's introduction letters.
func (tx *Tx) NextSequence(ctx context.Context, name string) (int64, error) {
	var next int64
	err := tx.db.QueryRowContext(ctx, `INSERT INTO id_sequences (name, next_id) VALUES ($1, 2)
		ON CONFLICT (name) DO UPDATE SET next_id = id_sequences.next_id + 1 RETURNING next_id`, name).Scan(&next)
	return next - 1, err
}
