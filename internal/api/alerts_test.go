package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestAlertsScoped runs the generators and checks that each caller sees the alerts of its own
// subtree only: B1 has two full members, below the minimum of three; A1 has three.
func TestAlertsScoped(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		if _, err := w.app.Alerts.Run(context.Background(), w.app.Alerts.Today()); err != nil {
			t.Fatal(err)
		}
		G, P := http.MethodGet, http.MethodPost
		run(t, w, []scenario{
			{"", G, "/api/v1/alerts", nil, 401, nil, []string{"组织B1"}},
			{"", G, "/api/v1/alerts/summary", nil, 401, nil, nil},
			{"", P, "/api/v1/alerts/run", nil, 401, nil, nil},

			{"staffB", G, "/api/v1/alerts", nil, 200, []string{"组织B1仅有2名正式党员", `"total":1`, `"subject_id":{org:B1}`}, nil},
			{"staffB", G, "/api/v1/alerts?kind=org.", nil, 200, []string{`"total":1`}, nil},
			{"staffB", G, "/api/v1/alerts?kind=development.", nil, 200, []string{`"total":0`}, nil},
			{"staffB", G, "/api/v1/alerts?severity=overdue", nil, 200, []string{`"total":0`}, nil},
			{"staffB", G, "/api/v1/alerts?severity=bad", nil, 422, nil, nil},
			{"staffB", G, "/api/v1/alerts/summary?org={org:B}", nil, 200, []string{`"kind":"org.branch_below_min"`, `"count":1`, "正式党员不足的党支部"}, nil},
			{"staffA", G, "/api/v1/alerts", nil, 200, []string{`"total":0`}, []string{"组织B1"}},
			{"staffA", G, "/api/v1/alerts?org={org:B}", nil, 404, nil, []string{"组织B1"}},
			{"staffA", G, "/api/v1/alerts/summary?org={org:B}", nil, 404, nil, []string{"branch_below_min"}},
			{"staffA", G, "/api/v1/alerts/summary", nil, 200, []string{`"items":[]`}, nil},
			{"secA1", G, "/api/v1/alerts", nil, 200, []string{`"total":0`}, []string{"组织B1"}},
			{"memberA1", G, "/api/v1/alerts", nil, 200, []string{`"total":0`}, []string{"组织B1"}},
			{"auditorA", G, "/api/v1/alerts", nil, 200, []string{`"total":0`}, nil},
			{"city", G, "/api/v1/alerts?org={org:city}", nil, 200, []string{"组织B1", `"total":1`}, nil},

			{"secA1", P, "/api/v1/alerts/run", nil, 403, nil, nil},
			{"memberA1", P, "/api/v1/alerts/run", nil, 403, nil, nil},
			{"staffA", P, "/api/v1/alerts/run", nil, 200, []string{`"open":1`}, nil},
		})
		res, body := w.do("staffB", G, w.path("/api/v1/alerts"), nil, "Accept-Language", "en")
		if res.StatusCode != 200 || !strings.Contains(body, "has 2 full members, fewer than 3") {
			t.Errorf("English alert message: %d %s", res.StatusCode, body)
		}
	})
}
