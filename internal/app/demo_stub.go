//go:build !demo_ready

package app

import (
	"context"
	"errors"
)

// DemoSummary is a placeholder until internal/demo lands.
type DemoSummary struct {
	Orgs, Members int
	Problems      []string
}

// GenerateDemo is unavailable in this build.
func (a *App) GenerateDemo(ctx context.Context, members int, seed int64) (DemoSummary, error) {
	return DemoSummary{}, errors.New("demo generator not built")
}
