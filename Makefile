# Dangjian — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
GO ?= go
BIN := bin/dangjian
DB ?= ./data/dangjian.db
# The personal-data key file (AES-256-GCM keys); make run creates it on first use. A real
# deployment keeps it away from the database and its backups.
KEY_FILE ?= ./data/dangjian.key
ADDR ?= 127.0.0.1:8080
DEMO_MEMBERS ?= 20000
PG_TEST_DSN ?= postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable
export CGO_ENABLED := 0

# Targets run in the order written (the binary embeds the UI built just before it).
.NOTPARALLEL:

.PHONY: run build ui ui-deps go-build test test-go test-sqlite test-pgsql test-ui test-fuzz e2e bench lint openapi fuzz clean

## run: build everything, create/migrate $(DB) with the demo city on first run, print URL and logins, serve
run: build
	@mkdir -p $(dir $(DB))
	@test -f $(KEY_FILE) || $(BIN) keys generate --key-file $(KEY_FILE)
	$(BIN) serve --db $(DB) --key-file $(KEY_FILE) --addr $(ADDR) --demo-members $(DEMO_MEMBERS)

## build: the UI (when Node is present) and the single binary
build: ui go-build

## go-build: the binary. No -trimpath: with it every package (modernc's SQLite alone takes minutes on
## this machine) compiles again instead of reusing what `go test` and `go vet` compiled.
go-build:
	$(GO) build -ldflags "-s -w -X dangjian/internal/cli.Version=$$(git describe --always --dirty 2>/dev/null || echo dev)" -o $(BIN) ./cmd/dangjian

ui-deps: web/node_modules/.package-lock.json

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

## ui: build the web app into web/dist (embedded by the binary)
ui: ui-deps
	cd web && npm run build

## test: the whole suite — Go on SQLite and PostgreSQL, brief fuzzing, UI unit tests, API type drift, browser tests
test: lint test-go test-fuzz test-ui openapi e2e

test-go:
	DANGJIAN_TEST_PG="$${DANGJIAN_TEST_PG-$$(scripts/pg-dsn.sh $(PG_TEST_DSN))}" $(GO) test -count=1 ./...

test-sqlite:
	DANGJIAN_TEST_PG= $(GO) test -count=1 ./...

test-pgsql:
	DANGJIAN_TEST_PG=$(PG_TEST_DSN) $(GO) test -count=1 ./internal/store/... ./internal/api/...

test-ui: ui-deps
	cd web && npm test

## e2e: browser tests in Debian's Chromium against a fresh demo server
e2e: build
	scripts/e2e.sh

lint:
	@out=$$(gofmt -l cmd internal web 2>/dev/null); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## openapi: write the OpenAPI document and regenerate the UI's API types
openapi: ui-deps
	@mkdir -p bin
	$(GO) run ./cmd/dangjian openapi > bin/openapi.json
	cd web && OPENAPI_FILE=../bin/openapi.json npm run gen:types
	git diff --exit-code --stat web/src/api/ || (echo "API types drifted from the server: commit the regenerated files"; exit 1)

## bench: benchmarks and scripted load; numbers go to docs/performance.md
bench: go-build
	scripts/bench.sh

## fuzz: each fuzz target for FUZZTIME (default 10s); `make test` runs 3,000 inputs of each.
## Cases the fuzzer finds land in the package's testdata/fuzz/ and then run in every `go test`.
## The brief run counts inputs, not seconds: with a duration Go 1.26's fuzz coordinator can fail
## a target with "context deadline exceeded" at the deadline on a busy machine (go.dev/issue/75804).
## It does not minimise the new inputs it finds (FUZZMINIMIZE=0): that took 100 s for the xlsx
## reader alone.
FUZZTIME ?= 10s
FUZZMINIMIZE ?= 5s
FUZZ_TARGETS := \
	./internal/model:FuzzParseIDNumber ./internal/model:FuzzDateJSON ./internal/model:FuzzMask \
	./internal/service/sheet:FuzzCSVReader ./internal/service/sheet:FuzzParseDate ./internal/service/sheet:FuzzXLSXReader \
	./internal/service/importer:FuzzParseMemberRow ./internal/service/importer:FuzzReadMembers ./internal/service/importer:FuzzParseOrgRow \
	./internal/service/audit:FuzzVerifyArchive ./internal/vault:FuzzParseKeyFile ./internal/api:FuzzJSONBodies \
	./internal/service/attachment:FuzzSniff
fuzz:
	@for t in $(FUZZ_TARGETS); do \
	  pkg=$${t%%:*}; name=$${t##*:}; \
	  $(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) $$pkg $(FUZZFLAGS) >/tmp/dangjian-fuzz.$$$$ 2>&1 \
	    && echo "fuzz $$name ($(FUZZTIME)): ok" || { cat /tmp/dangjian-fuzz.$$$$; rm -f /tmp/dangjian-fuzz.$$$$; exit 1; }; \
	  rm -f /tmp/dangjian-fuzz.$$$$; \
	done

# The brief run starts from the seeds and testdata/fuzz only (a fresh cache directory), so that
# its time does not grow with what longer runs have collected.
test-fuzz:
	@d=$$(mktemp -d); $(MAKE) --no-print-directory fuzz FUZZTIME=3000x FUZZMINIMIZE=0 FUZZFLAGS="-test.fuzzcachedir=$$d"; s=$$?; rm -rf $$d; exit $$s

clean:
	rm -rf bin web/dist/assets web/dist/index.html
