package store

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/pressly/goose/v3"
)

// Dialect names the SQL engine. The query text is shared; only these differ.
type Dialect int

// Supported engines.
const (
	SQLite Dialect = iota + 1
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

func (d Dialect) dir() string { return d.String() }

func (d Dialect) goose() goose.Dialect {
	if d == Postgres {
		return goose.DialectPostgres
	}
	return goose.DialectSQLite3
}

// maxParams is how many bind parameters one statement may carry.
func (d Dialect) maxParams() int {
	if d == Postgres {
		return 65535
	}
	return 32766
}

// isUniqueViolation reports a unique-constraint failure on either engine.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	var coded interface{ SQLState() string }
	if errors.As(err, &coded) {
		return coded.SQLState() == "23505"
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "constraint failed: UNIQUE")
}

// bulkParam returns the placeholder of the n-th (1-based) parameter of a many-parameter
// statement. SQLite resolves named parameters ($N) through a list searched by name, which is
// quadratic in the number of parameters; positional "?" avoids it. PostgreSQL needs $N.
func (d Dialect) bulkParam(n int) string {
	if d == SQLite {
		return "?"
	}
	return "$" + strconv.Itoa(n)
}

// valuesList renders rows tuples of width bulk parameters: "(?,?),(?,?)" or "($1,$2),($3,$4)".
func (d Dialect) valuesList(rows, width int) string {
	var b strings.Builder
	n := 0
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for j := 0; j < width; j++ {
			if j > 0 {
				b.WriteByte(',')
			}
			n++
			b.WriteString(d.bulkParam(n))
		}
		b.WriteByte(')')
	}
	return b.String()
}

// execRows runs head + a VALUES list + tail for rows, at most 500 rows per statement (under
// either engine's parameter limit for width ≤ 60); row appends one row's width values.
func execRows[T any](ctx context.Context, tx *Tx, head, tail string, width int, rows []T, row func(vals []any, r T) []any) error {
	for start := 0; start < len(rows); start += 500 {
		chunk := rows[start:min(start+500, len(rows))]
		vals := make([]any, 0, len(chunk)*width)
		for _, r := range chunk {
			vals = row(vals, r)
		}
		if _, err := tx.db.ExecContext(ctx, head+tx.d.valuesList(len(chunk), width)+tail, vals...); err != nil {
			return err
		}
	}
	return nil
}

// lastEach keeps, in their order, the items whose key no later item repeats: the last word
// for each key.
func lastEach[T any](items []T, key func(T) int64) []T {
	last := make(map[int64]int, len(items))
	for i, it := range items {
		last[key(it)] = i
	}
	out := make([]T, 0, len(last))
	for i, it := range items {
		if last[key(it)] == i {
			out = append(out, it)
		}
	}
	return out
}
