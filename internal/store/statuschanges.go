package store

import (
	"context"
	"slices"
	"strings"

	"dangjian/internal/model"
)

const statusChangeColumns = `c.id, c.member_id, c.org_path, c.kind, c.from_status, c.to_status, c.effective_on, c.reason,
	c.exit_type, c.approval_org, c.approved_on, c.approval_ref, c.destination, c.card_no, c.contact_org, c.country,
	c.purpose, c.until, c.created_by, c.created_at`

func (q queries) queryStatusChanges(ctx context.Context, query string, a ...any) ([]*model.StatusChange, error) {
	rows, err := q.query(ctx, query, a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*model.StatusChange
	for rows.Next() {
		var c model.StatusChange
		if err := rows.Scan(&c.ID, &c.MemberID, &c.OrgPath, &c.Kind, &c.FromStatus, &c.ToStatus, &c.EffectiveOn, &c.Reason,
			&c.ExitType, &c.ApprovalOrg, &c.ApprovedOn, &c.ApprovalRef, &c.Destination, &c.CardNo, &c.ContactOrg, &c.Country,
			&c.Purpose, &c.Until, &c.CreatedBy, &c.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, &c)
	}
	return out, rows.Err()
}

// StatusChangesOf returns a member's recorded status changes, newest first (the caller has
// checked the member is in scope).
func (q queries) StatusChangesOf(ctx context.Context, memberID int64) ([]*model.StatusChange, error) {
	return q.queryStatusChanges(ctx, "SELECT "+statusChangeColumns+" FROM status_changes c WHERE c.member_id = $1 ORDER BY c.effective_on DESC, c.id DESC", memberID)
}

// InsertStatusChange records a status change.
func (tx *Tx) InsertStatusChange(ctx context.Context, c *model.StatusChange) error {
	c.CreatedAt = now()
	return tx.db.QueryRowContext(ctx, `INSERT INTO status_changes (member_id, org_path, kind, from_status, to_status,
		effective_on, reason, exit_type, approval_org, approved_on, approval_ref, destination, card_no, contact_org, country,
		purpose, until, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19)
		RETURNING id`, c.MemberID, c.OrgPath, c.Kind, c.FromStatus, c.ToStatus, c.EffectiveOn, c.Reason, c.ExitType,
		c.ApprovalOrg, c.ApprovedOn, c.ApprovalRef, c.Destination, c.CardNo, c.ContactOrg, c.Country, c.Purpose, c.Until,
		c.CreatedBy, c.CreatedAt).Scan(&c.ID)
}

// UnderPartyProbation returns which of these members are under intra-party probation (留党察看)
// on day: a recorded probation that began on or before day and ends after it (or has no end).
func (q queries) UnderPartyProbation(ctx context.Context, memberIDs []int64, day model.Date) (map[int64]bool, error) {
	out := map[int64]bool{}
	// In chunks, so that a large subtree stays under the engines' bind-parameter limits.
	for chunk := range slices.Chunk(memberIDs, 1000) {
		a := &args{}
		ph := make([]string, len(chunk))
		for i, id := range chunk {
			ph[i] = a.add(id)
		}
		rows, err := q.query(ctx, `SELECT DISTINCT member_id FROM status_changes WHERE kind = `+a.add(model.ChangePartyProbation)+
			` AND member_id IN (`+strings.Join(ph, ",")+`) AND effective_on <= `+a.add(day)+` AND (until IS NULL OR until > `+a.add(day)+`)`, a.v...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CountUnderPartyProbation counts the full members in the register at or below path who are
// under intra-party probation on day (they have no vote).
func (q queries) CountUnderPartyProbation(ctx context.Context, path string, day model.Date) (int64, error) {
	var n int64
	err := q.queryRow(ctx, `SELECT COUNT(DISTINCT m.id) FROM members m JOIN status_changes c ON c.member_id = m.id
		WHERE m.org_path >= $1 AND m.org_path < $2 AND m.category = $3 AND m.status IN (`+inRegisterList+`)
		AND c.kind = $4 AND c.effective_on <= $5 AND (c.until IS NULL OR c.until > $5)`,
		path, model.PathUpperBound(path), model.Full, model.ChangePartyProbation, day).Scan(&n)
	return n, err
}

// StatusSince is a member in one status with the date the status began.
type StatusSince struct {
	Member *model.Member
	Since  model.Date
	// Purpose is the recorded purpose of a stay abroad.
	Purpose model.AbroadPurpose
}

// MembersInStatusSince returns, for the whole tree, the members whose status is status with the
// effective date of the latest recorded change of kind (members without such a record are left
// out: their timer has no start). The alert generators read it.
func (q queries) MembersInStatusSince(ctx context.Context, status model.Status, kind model.StatusChangeKind) ([]StatusSince, error) {
	rows, err := q.query(ctx, "SELECT "+q.memberColumns()+", c.effective_on, c.purpose"+memberFrom+`JOIN status_changes c ON c.member_id = m.id
		WHERE m.status = $1 AND c.kind = $2 AND c.id = (SELECT MAX(c2.id) FROM status_changes c2 WHERE c2.member_id = m.id
		AND c2.kind = $2) ORDER BY m.id`, status, kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StatusSince
	for rows.Next() {
		var ss StatusSince
		m, err := q.scanMemberWith(rows, &ss.Since, &ss.Purpose)
		if err != nil {
			return nil, err
		}
		ss.Member = m
		out = append(out, ss)
	}
	return out, rows.Err()
}

// MoveMemberRecords rewrites the organisation path kept on a member's status changes after the
// member moved.
func (tx *Tx) MoveMemberRecords(ctx context.Context, memberID int64, path string) error {
	_, err := tx.db.ExecContext(ctx, `UPDATE status_changes SET org_path = $1 WHERE member_id = $2`, path, memberID)
	return err
}

// ProbationersWithoutRecord returns the probationary members of the register, whole tree,
// admitted on or before day and not followed by a running development record.
func (q queries) ProbationersWithoutRecord(ctx context.Context, day model.Date) ([]*model.Member, error) {
	rows, err := q.query(ctx, "SELECT "+q.memberColumns()+memberFrom+`WHERE m.category = $1 AND m.status IN (`+inRegisterList+`)
		AND m.admitted_on IS NOT NULL AND m.admitted_on <= $2
		AND NOT EXISTS (SELECT 1 FROM developments d WHERE d.member_id = m.id AND d.status = $3) ORDER BY m.id`,
		model.Probationary, day, model.DevActive)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*model.Member
	for rows.Next() {
		m, err := q.scanMember(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
