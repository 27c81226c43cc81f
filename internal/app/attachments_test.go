package app_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dangjian/internal/app"
)

// TestAttachmentSettings: the configured size limit reaches the attachment service, and a rules
// override naming a kind of content the server cannot recognise fails start-up, clearly.
func TestAttachmentSettings(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.Open(ctx, app.Config{DB: filepath.Join(dir, "a.db"), MaxFileBytes: 3 << 20, WithoutKeys: true, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	if a.Attachments.MaxBytes != 3<<20 || len(a.Attachments.Kinds) == 0 {
		t.Errorf("attachments: %d bytes, %d kinds", a.Attachments.MaxBytes, len(a.Attachments.Kinds))
	}
	a.Close()

	override := filepath.Join(dir, "local.yaml")
	os.WriteFile(override, []byte(`security:
  - version: "2026-local"
    effective_from: "2020-01-01"
    source: "local"
    password_min_length: 8
    password_min_classes: 3
    lockout_attempts: 5
    lockout_minutes: 15
    session_idle_minutes: 30
    session_max_hours: 12
    audit_retention_days: 180
    attachment_kinds:
      - {kind: svg, content_type: image/svg+xml, extensions: [.svg]}
`), 0o600)
	_, err = app.Open(ctx, app.Config{DB: filepath.Join(dir, "b.db"), RulesFile: override, WithoutKeys: true, Log: log})
	if err == nil || !strings.Contains(err.Error(), `"svg"`) {
		t.Fatalf("an unrecognisable kind in the rules: %v", err)
	}
}
