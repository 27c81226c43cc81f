package store

import (
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
