package store

import (
	"fmt"
	"time"
)

// timeTextLayouts are the forms a time is stored in as SQLite text: the driver's own
// (_time_format=sqlite, also the bulk writers'), then the older forms the driver reads.
var timeTextLayouts = []string{sqliteTimeLayout, "2006-01-02 15:04:05.999999999 -0700 MST",
	"2006-01-02T15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999"}

// timeText scans a time column read as text (SQLite; see sqliteMemberColumns) or as a time
// (PostgreSQL).
type timeText time.Time

// Scan implements sql.Scanner.
func (t *timeText) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*t = timeText(v)
		return nil
	case string:
		for _, layout := range timeTextLayouts {
			if p, err := time.Parse(layout, v); err == nil {
				*t = timeText(p)
				return nil
			}
		}
		return fmt.Errorf("store: unreadable time %q", v)
	}
	return fmt.Errorf("store: cannot scan %T as a time", src)
}
