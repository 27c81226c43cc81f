package meeting

import (
	"context"
	"strconv"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/sheet"
	"dangjian/internal/store"
)

// CheckExport answers the errors an export of the list's filter would meet (an organisation
// outside the caller's scope, a bad type) before any byte of the file is sent.
func (s *Service) CheckExport(ctx context.Context, p *auth.Principal, q Query) error {
	_, _, err := s.filter(ctx, p, q)
	return err
}

// Export writes the meetings of the list's filter — all of them, newest first, in the caller's
// scope — with their attendance figures and quorum to w (labels in the caller's language). The
// export is audited under the subtree it covers before its first row is written.
func (s *Service) Export(ctx context.Context, p *auth.Principal, q Query, label func(string) string, w sheet.Writer) error {
	sc, f, err := s.filter(ctx, p, q)
	if err != nil {
		return err
	}
	path := f.OrgPath
	if path == "" && len(sc.Paths) == 1 {
		path = sc.Paths[0]
	}
	if err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		return audit.Record(ctx, tx, p, "export", "meeting", 0, path, nil, map[string]any{"query": map[string]any{
			"org": q.OrgID, "type": q.Type, "status": q.Status, "from": q.From, "to": q.To}})
	}); err != nil {
		return err
	}
	header := []string{"org", "meeting_type", "topic", "meeting_status", "held_on", "starts", "ends", "place", "host", "recorder",
		"expected", "present", "absent", "quorum"}
	for i, h := range header {
		header[i] = label("export." + h)
	}
	if err := w.WriteHeader(header); err != nil {
		return err
	}
	clock := func(t time.Time) string { return t.Local().Format("15:04") }
	err = s.Store.EachMeeting(ctx, sc, f, func(m *model.Meeting) error {
		quorum := "na"
		if qu := s.QuorumOf(m); qu.Applies && m.Status == model.MeetingHeld {
			quorum = map[bool]string{true: "met", false: "not_met"}[qu.Met]
		}
		return w.WriteRow([]string{m.OrgName, label("meeting_type." + string(m.Type)), m.Topic, label("meeting_status." + string(m.Status)),
			m.HeldOn.String(), clock(m.StartsAt), clock(m.EndsAt), m.Place, m.Host, m.Recorder,
			strconv.Itoa(m.Expected), strconv.Itoa(m.Present), strconv.Itoa(m.Absent), label("quorum." + quorum)})
	})
	if err != nil {
		return err
	}
	return w.Close()
}
