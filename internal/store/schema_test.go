package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// schemaInfo is the engine-neutral shape of a schema: per table, its columns with
// nullability and primary-key membership, and its secondary indexes with their columns.
type schemaInfo map[string]tableInfo

type tableInfo struct {
	Columns map[string]string // name → "null"/"not null" (+ " pk")
	Indexes map[string]string // name → "unique(a,b)" / "(a,b)"
}

func (s *Store) sqliteSchema(ctx context.Context, t *testing.T) schemaInfo {
	out := schemaInfo{}
	rows, err := s.read.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	for _, tb := range tables {
		ti := tableInfo{Columns: map[string]string{}, Indexes: map[string]string{}}
		cols, _ := s.read.QueryContext(ctx, `SELECT name, "notnull", pk FROM pragma_table_info(?)`, tb)
		for cols.Next() {
			var name string
			var notnull, pk int
			cols.Scan(&name, &notnull, &pk)
			ti.Columns[name] = nullability(notnull == 1 || pk > 0, pk > 0)
		}
		cols.Close()
		idx, _ := s.read.QueryContext(ctx, `SELECT name, "unique" FROM pragma_index_list(?) WHERE origin = 'c'`, tb)
		type ix struct {
			name   string
			unique bool
		}
		var list []ix
		for idx.Next() {
			var i ix
			idx.Scan(&i.name, &i.unique)
			list = append(list, i)
		}
		idx.Close()
		for _, i := range list {
			c, _ := s.read.QueryContext(ctx, `SELECT name FROM pragma_index_info(?) ORDER BY seqno`, i.name)
			var names []string
			for c.Next() {
				var n string
				c.Scan(&n)
				names = append(names, n)
			}
			c.Close()
			ti.Indexes[i.name] = indexShape(i.unique, names)
		}
		out[tb] = ti
	}
	return out
}

func (s *Store) postgresSchema(ctx context.Context, t *testing.T) schemaInfo {
	out := schemaInfo{}
	rows, err := s.read.QueryContext(ctx, `SELECT c.table_name, c.column_name, c.is_nullable,
		EXISTS (SELECT 1 FROM information_schema.table_constraints tc
			JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name AND k.table_name = tc.table_name
			WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_name = c.table_name AND k.column_name = c.column_name)
		FROM information_schema.columns c WHERE c.table_schema = 'public' AND c.table_name <> 'goose_db_version'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var tb, col, nullable string
		var pk bool
		rows.Scan(&tb, &col, &nullable, &pk)
		ti, ok := out[tb]
		if !ok {
			ti = tableInfo{Columns: map[string]string{}, Indexes: map[string]string{}}
			out[tb] = ti
		}
		ti.Columns[col] = nullability(nullable == "NO", pk)
	}
	rows.Close()
	idx, err := s.read.QueryContext(ctx, `SELECT t.relname, i.relname, ix.indisunique,
		array_to_string(ARRAY(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(n, ord)
			JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n ORDER BY k.ord), ',')
		FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
		JOIN pg_namespace ns ON ns.oid = t.relnamespace
		WHERE ns.nspname = 'public' AND NOT ix.indisprimary AND t.relname <> 'goose_db_version'`)
	if err != nil {
		t.Fatal(err)
	}
	for idx.Next() {
		var tb, name, cols string
		var unique bool
		idx.Scan(&tb, &name, &unique, &cols)
		out[tb].Indexes[name] = indexShape(unique, strings.Split(cols, ","))
	}
	idx.Close()
	return out
}

func nullability(notNull, pk bool) string {
	s := "null"
	if notNull {
		s = "not null"
	}
	if pk {
		s += " pk"
	}
	return s
}

func indexShape(unique bool, cols []string) string {
	s := "(" + strings.Join(cols, ",") + ")"
	if unique {
		return "unique" + s
	}
	return s
}

// TestSchemasAgree migrates both engines and compares tables, columns, nullability, primary
// keys and indexes.
func TestSchemasAgree(t *testing.T) {
	pg := os.Getenv("DANGJIAN_TEST_PG")
	if pg == "" {
		t.Skip("DANGJIAN_TEST_PG not set: the PostgreSQL side is needed to compare")
	}
	ctx := context.Background()
	lite, err := Open(ctx, filepath.Join(t.TempDir(), "s.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	if err := lite.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	pgs := openPGForTest(t, pg)
	a, b := lite.sqliteSchema(ctx, t), pgs.postgresSchema(ctx, t)
	if len(a) < 8 {
		t.Fatalf("sqlite schema looks empty: %v", a)
	}
	if d := cmp.Diff(a, b); d != "" {
		t.Fatalf("schemas differ (-sqlite +postgres):\n%s", d)
	}
}
