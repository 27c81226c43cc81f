package app_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dangjian/internal/app"
	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/store/storetest"
)

// selfSigned writes a certificate for 127.0.0.1 and its key, and returns their files and a
// pool trusting it.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "dangjian test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	kb, _ := x509.MarshalECPrivateKey(key)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// TestDirectTLS: with --tls-cert/--tls-key the server speaks HTTPS only (TLS 1.2 at least),
// sends HSTS, and marks the session cookie Secure.
func TestDirectTLS(t *testing.T) {
	auth.Argon = auth.ArgonParams{Time: 1, Memory: 1024, Threads: 1}
	s := storetest.Open(t, "sqlite")
	a, err := app.FromStore(s, "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := a.Auth.CreateUser(ctx, auth.System, auth.NewUser{Username: "ops", Password: "Start#2026", Role: model.RoleAdmin, Changed: true}); err != nil {
		t.Fatal(err)
	}
	certFile, keyFile, pool := selfSigned(t)
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- a.Serve(ctx, app.ServeOptions{Addr: "127.0.0.1:0", TLSCert: certFile, TLSKey: keyFile, Version: "test",
			OnListen: func(u string) { urls <- u }, ShutdownGrace: time.Second})
	}()
	var base string
	select {
	case base = <-urls:
	case err := <-done:
		t.Fatalf("serve: %v", err)
	}
	if !strings.HasPrefix(base, "https://") {
		t.Fatalf("listening on %s", base)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	res, err := client.Post(base+"api/v1/auth/login", "application/json", strings.NewReader(`{"username":"ops","password":"Start#2026"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Fatalf("login over TLS: %d %v", res.StatusCode, res.Header)
	}
	secure := false
	for _, c := range res.Cookies() {
		secure = secure || (c.Name == "dj_session" && c.Secure && c.HttpOnly && c.SameSite == http.SameSiteLaxMode)
	}
	if !secure {
		t.Fatalf("the session cookie is not Secure+HttpOnly+SameSite: %v", res.Header["Set-Cookie"])
	}
	old := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MaxVersion: tls.VersionTLS11}}}
	if _, err := old.Get(base + "healthz"); err == nil {
		t.Fatal("TLS 1.1 accepted")
	}
	plain, err := http.Get(strings.Replace(base, "https://", "http://", 1) + "healthz")
	if err == nil && plain.StatusCode == 200 {
		t.Fatal("plain HTTP answered on the TLS port")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("shutdown: %v", err)
	}
}
