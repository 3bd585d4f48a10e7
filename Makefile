# supportops — `make help` lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO        ?= go
TOOLS     := $(GO) tool -modfile=tools/go.mod
CUE       := $(GO) tool cue
OPA       := $(GO) tool opa
BIN       := bin
EXAMPLES  := $(patsubst %/,%,$(dir $(wildcard examples/*/center.cue)))
CUE_FILES := $(wildcard schemas/*.cue) $(foreach e,$(EXAMPLES),$(wildcard $(e)/*.cue))

.PHONY: help build test unit lint policies fmt examples bench demo report-screenshot clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-22s %s\n", $$1, $$2}'

build: ## build the supportops CLI and the supportopsd daemon into bin/
	$(GO) build -o $(BIN)/supportops ./cmd/supportops
	$(GO) build -o $(BIN)/supportopsd ./cmd/supportopsd

test: lint unit policies examples ## the one gate: lint, unit and CLI tests, policies, every example
	@echo "make test: all checks passed"

unit: ## run the Go tests (unit, golden, testscript CLI tests; fuzz targets on their seed corpora)
	$(GO) test -count=1 -timeout 30m ./...

lint: ## gofmt, go vet (+shadow), staticcheck, workflowcheck, cue fmt --check, opa fmt and check
	@out=$$(gofmt -l $$(git ls-files --cached --others --exclude-standard '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) vet -vettool=$$($(TOOLS) -n shadow) ./...
	$(TOOLS) staticcheck ./...
	$(TOOLS) workflowcheck ./workflows/...
	@if $(GO) list -deps ./cmd/supportops | grep -q '^go.temporal.io/server'; then \
	  echo "cmd/supportops must not import go.temporal.io/server"; exit 1; fi
	$(CUE) fmt --check $(CUE_FILES)
	$(OPA) fmt --list --fail policies/
	$(OPA) check --strict policies/

policies: build ## Rego unit tests with the stock opa CLI, and the 90 % coverage gate
	$(OPA) test policies/
	$(BIN)/supportops test --coverage-min 90

fmt: ## format Go and CUE files
	gofmt -w $$(git ls-files --cached --others --exclude-standard '*.go')
	$(CUE) fmt $(CUE_FILES)
	$(OPA) fmt -w policies/

examples: build ## validate every example (config and policies) with supportops and stock cue vet, and rehearse its plans
	@for e in $(EXAMPLES); do \
	  echo "== $$e"; \
	  $(BIN)/supportops validate $$e; \
	  $(BIN)/supportops drill simulate --config $$e; \
	  $(CUE) export ./$$e/ --out json > $(BIN)/example.json; \
	  $(CUE) vet -c -d '#Config' ./schemas/*.cue $(BIN)/example.json; \
	  echo "cue vet: $$e conforms to #Config"; \
	  for h in $$(ls $$e/history/*.jsonl.gz 2>/dev/null); do \
	    gunzip -c $$h > $(BIN)/history.jsonl; \
	    $(CUE) vet -c -d '#TicketRecord' ./schemas/*.cue $(BIN)/history.jsonl; \
	    echo "cue vet: $$h conforms to #TicketRecord"; \
	  done; \
	done

# `make history` regenerates the example month of ticket history byte for
# byte (internal/historygen's tests check that the committed file is what
# the generator makes with seed 13).
.PHONY: history
history: ## regenerate the example month of ticket history, examples/acme-shop/history/2026-11.jsonl.gz (seeded, byte-identical)
	@mkdir -p examples/acme-shop/history
	$(GO) run ./internal/historygen/cmd/genhistory --config examples/acme-shop --month 2026-11 \
	  --seed 13 --output examples/acme-shop/history/2026-11.jsonl.gz

# FUZZ_PKGS are the packages with fuzz targets (every parser of user input
# has one); `make unit` runs their seed corpora, `make fuzz` fuzzes every
# target of each for FUZZTIME. `make fuzz FUZZ_PKGS=./engine/history/`
# fuzzes one package.
FUZZ_PKGS ?= $(shell grep -rl --include='*_test.go' '^func Fuzz' cmd engine internal workflows | xargs -n1 dirname | sort -u | sed 's|^|./|')
FUZZTIME ?= 2m
.PHONY: fuzz
fuzz: ## fuzz every fuzz target (HTTP API, config, calendars, histories, periods, shifts, targets) for FUZZTIME (2m) each; findings go to testdata/fuzz/ of the package
	@for p in $(FUZZ_PKGS); do \
	  for f in $$(grep -h '^func Fuzz' $$p/*_test.go | sed 's/^func \(Fuzz[A-Za-z0-9_]*\).*/\1/'); do \
	    echo "== $$p $$f"; $(GO) test -run '^$$' -fuzz "^$$f\$$" -fuzztime=$(FUZZTIME) $$p/ || exit 1; \
	  done; \
	done

bench: ## run the benchmarks (figures go to BENCHMARKS.md)
	$(GO) test -run '^$$' -bench . -benchmem ./...

CHAOS_TICKETS  ?= 1000
CHAOS_DURATION ?= 30m
CHAOS_TIMEOUT  ?= 90m
.PHONY: chaos
chaos: ## the chaos soak: supportopsd SIGKILLed under CHAOS_TICKETS tickets for CHAOS_DURATION (SUPPORTOPS_CHAOS_SEED replays a run)
	SUPPORTOPS_CHAOS_TICKETS=$(CHAOS_TICKETS) SUPPORTOPS_CHAOS_DURATION=$(CHAOS_DURATION) \
	  $(GO) test -count=1 -timeout $(CHAOS_TIMEOUT) -run '^TestChaos$$' -v ./cmd/supportopsd/internal/daemon/

.PHONY: mem
mem: build ## the daemon's RSS fresh, after 450 and every 250 of 5,000 tickets (MEM_TICKETS, MEM_ARGS=daemon flags; see scripts/mem.sh)
	BIN=$(BIN) ./scripts/mem.sh

# `make growth` measures how supportopsd's cost grows with the tickets it
# holds open (issue #16; cmd/supportopsd/internal/growth): at each N of a
# new data directory, disk per ticket, RSS at rest, restart-to-ready and
# the lateness of N breach timers due at one instant. GROWTH_ARGS takes
# more flags, e.g. -sustain 5m (RSS under load), -rate (expected
# tickets/s), -keep, -events-dsn.
N           ?= 1000,10000
GROWTH_ARGS ?=
.PHONY: growth
growth: build ## cost with N open tickets (N=1000,10000): disk/ticket, RSS at rest, restart-to-ready, breach timers' lateness (GROWTH_ARGS)
	$(GO) run ./cmd/supportopsd/internal/growth -bin $(BIN)/supportopsd -n $(N) $(GROWTH_ARGS)

demo: build ## the example end to end: validate, plan, the change's impact on last month's tickets, SLA times, tickets in supportopsd, the staffing week, the month's KPIs, incentives and HTML dashboard (DEMO_ARGS=--keep)
	./scripts/demo.sh $(BIN)/supportops
	BIN=$(BIN) ./scripts/demo-tickets.sh $(DEMO_ARGS)
	@echo; echo "== The staffing week of acme-shop: forecasts against the roster, Erlang C/A (supportops staffing; the Monday-morning after-sales shortfall is on purpose)"
	$(BIN)/supportops staffing --config examples/acme-shop -o $(BIN)/staffing.txt
	@sed -n '1,22p' $(BIN)/staffing.txt; echo "  ..."; sed -n '/^Shortfalls/,/^$$/p' $(BIN)/staffing.txt
	$(BIN)/supportops staffing --config examples/acme-shop --output html -o $(BIN)/staffing.html
	@echo "the whole week as text: $(BIN)/staffing.txt; the heat map (self-contained HTML with SVG charts): $(BIN)/staffing.html"
	@echo; echo "== The month's scorecard of acme-shop, from the example history (supportops kpi, then incentives)"
	$(BIN)/supportops kpi --config examples/acme-shop --history examples/acme-shop/history/2026-11.jsonl.gz --period 2026-11
	$(BIN)/supportops incentives --config examples/acme-shop --history examples/acme-shop/history/2026-11.jsonl.gz --period 2026-11
	$(BIN)/supportops kpi report --config examples/acme-shop --history examples/acme-shop/history/2026-11.jsonl.gz --period 2026-11 --format html -o $(BIN)/scorecard.html
	@echo "the dashboard (self-contained HTML with SVG charts): $(BIN)/scorecard.html"

report-screenshot: ## render a drill's HTML report, screenshot it in headless chromium: bin/drill-report.png
	@mkdir -p $(BIN)
	SUPPORTOPS_SCREENSHOT=$(CURDIR)/$(BIN)/drill-report.png $(GO) test -count=1 -v -run '^TestHTMLScreenshot$$' ./engine/drill/

.PHONY: scorecard-screenshot
scorecard-screenshot: ## render acme-shop's month scorecard from the example history, screenshot it in headless chromium: bin/scorecard.png
	@mkdir -p $(BIN)
	SUPPORTOPS_SCREENSHOT=$(CURDIR)/$(BIN)/scorecard.png $(GO) test -count=1 -v -run '^TestHTMLScreenshot$$' ./engine/scorecard/

.PHONY: staffing-screenshot
staffing-screenshot: ## render acme-shop's staffing week (heat map, day charts), screenshot it in headless chromium: bin/staffing.png
	@mkdir -p $(BIN)
	SUPPORTOPS_SCREENSHOT=$(CURDIR)/$(BIN)/staffing.png $(GO) test -count=1 -v -run '^TestHTMLScreenshot$$' ./engine/staffing/

.PHONY: ui-screenshot
ui-screenshot: ## run supportopsd with --ui-addr, let two chats breach, screenshot the Temporal UI's TicketBreached=true list in headless chromium: docs/temporal-ui-breached.png (the README's)
	SUPPORTOPS_SCREENSHOT=$(CURDIR)/docs/temporal-ui-breached.png $(GO) test -count=1 -v -run '^TestUIServesTickets$$' ./cmd/supportopsd/internal/daemon/

clean: ## remove build output
	rm -rf $(BIN)
