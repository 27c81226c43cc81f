package store

import (
	"strconv"
	"strings"

	"dangjian/internal/model"
)

// Scope limits what a read or write may touch: subtrees (by organisation path), or a single
// member for the self-only member role. The zero Scope matches nothing.
type Scope struct {
	// All covers the whole tree (an administrator without an organisation).
	All bool
	// Paths are the roots of the subtrees covered.
	Paths []string
	// SelfMemberID, for the member role, is the only member visible.
	SelfMemberID int64
	// SelfOrgPath, for the member role, is the only organisation visible.
	SelfOrgPath string
}

// AllScope covers everything; for system tasks (CLI, jobs already authorised).
var AllScope = Scope{All: true}

// SubtreeScope covers the subtree rooted at path.
func SubtreeScope(path string) Scope { return Scope{Paths: []string{path}} }

// CoversPath reports whether an organisation path lies in the scope's subtrees.
func (s Scope) CoversPath(p string) bool {
	if s.All {
		return true
	}
	for _, root := range s.Paths {
		if model.PathUnder(p, root) {
			return true
		}
	}
	return false
}

// args collects bind parameters and numbers them $1, $2 ... for both engines.
type args struct{ v []any }

func (a *args) add(x any) string {
	a.v = append(a.v, x)
	return "$" + strconv.Itoa(len(a.v))
}

// addIDs adds ids and returns their parameters as a list for IN (…).
func (a *args) addIDs(ids []int64) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(a.add(id))
	}
	return b.String()
}

// pathClause renders the scope as a SQL condition on a path column.
func (s Scope) pathClause(col string, a *args) string {
	if s.All {
		return "1=1"
	}
	if len(s.Paths) == 0 {
		if s.SelfOrgPath != "" {
			return col + " = " + a.add(s.SelfOrgPath)
		}
		return "1=0"
	}
	parts := make([]string, 0, len(s.Paths))
	for _, p := range s.Paths {
		parts = append(parts, "("+col+" >= "+a.add(p)+" AND "+col+" < "+a.add(model.PathUpperBound(p))+")")
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// memberClause renders the scope as a SQL condition on the members table (alias m).
func (s Scope) memberClause(a *args) string {
	if !s.All && len(s.Paths) == 0 && s.SelfMemberID != 0 {
		return "m.id = " + a.add(s.SelfMemberID)
	}
	return s.pathClause("m.org_path", a)
}

// subtreeClause renders the scope's subtrees as a SQL condition on a path column, without the
// member role's own-organisation path: records about other people (development records,
// transfers, their attachments) are never visible to a member-only scope.
func (s Scope) subtreeClause(col string, a *args) string {
	if !s.All && len(s.Paths) == 0 {
		return "1=0"
	}
	return s.pathClause(col, a)
}

// underClause renders "col lies in the subtree at path, inside the scope" as a SQL condition.
// When one of the scope's subtrees holds the whole of path, the path's range alone says it: two
// ranges on one column leave SQLite to bound its index scan by either, and it may take the
// scope's (a district's page once read every row of the city). An empty path is the scope.
func (s Scope) underClause(col, path string, a *args) string {
	if path == "" {
		return s.pathClause(col, a)
	}
	r := "(" + col + " >= " + a.add(path) + " AND " + col + " < " + a.add(model.PathUpperBound(path)) + ")"
	if s.HasSubtrees() && s.CoversPath(path) {
		return r
	}
	return r + " AND " + s.pathClause(col, a)
}

// HasSubtrees reports whether the scope covers at least one subtree (not only one member).
func (s Scope) HasSubtrees() bool { return s.All || len(s.Paths) > 0 }
