# Steunstructuur: `make demo` and `make test` install what a fresh Debian 12 machine lacks.
SHELL := /bin/bash
PY := /usr/bin/python3
VENV := .venv
VPY := $(VENV)/bin/python
PLUGIN := steunstructuur_plugin
VERSION := $(shell sed -n 's/^version=//p' metadata.txt)
BUILD := build/$(PLUGIN)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export QT_QPA_PLATFORM ?= offscreen
export XDG_RUNTIME_DIR ?= /tmp/runtime-$(shell id -u)

# Debian packages: QGIS 3.22 and its Python (runtime libraries come from here, as on a
# user's desktop), plus Xvfb, screenshot and PDF tools and Qt's translation tools.
APT_PKGS := qgis python3-qgis qgis-providers python3-pandas python3-shapely python3-pyproj python3-scipy \
	python3-openpyxl python3-venv xvfb xauth x11-apps imagemagick poppler-utils qttools5-dev-tools
# Test and dev tools only (never runtime dependencies)
DEV_PKGS := pytest==8.3.3 pytest-qgis==2.1.0 hypothesis==6.112.1 pytest-timeout==2.3.1 pytauargus==0.6.0 \
	ruff==0.8.4

.PHONY: deps demo test bench test-desktop translations build deploy package run clean

deps: .stamp-apt $(VENV)/.installed

.stamp-apt: Makefile
	@missing=""; for p in $(APT_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; fi
	@touch $@

$(VENV)/.installed: Makefile .stamp-apt
	@[ -x $(VPY) ] || $(PY) -m venv --system-site-packages $(VENV)
	$(VPY) -m pip install -q --disable-pip-version-check $(DEV_PKGS)
	@touch $@

translations: .stamp-apt
	lrelease -silent i18n/steunstructuur_nl.ts -qm i18n/steunstructuur_nl.qm

demo: deps translations
	$(PY) -m $(PLUGIN).demo --out out/demo

test: deps translations
	$(VENV)/bin/ruff check .
	$(VPY) -m pytest -q tests

# speed and information loss on all 13,594 Dutch buurten (see README, Performance)
bench: deps
	QT_QPA_PLATFORM=offscreen $(VPY) benchmarks/run.py

# assemble the installable plugin folder
build: translations
	rm -rf $(BUILD) && mkdir -p $(BUILD)/i18n
	cp -r $(PLUGIN)/. $(BUILD)/
	cp metadata.txt LICENSE README.md $(BUILD)/
	cp -r resources $(BUILD)/resources
	cp i18n/*.qm $(BUILD)/i18n/
	find $(BUILD) \( -name __pycache__ -o -name '*.pyc' \) -prune -exec rm -rf {} +

package: build
	rm -f dist/$(PLUGIN)-$(VERSION).zip && mkdir -p dist
	cd build && $(PY) -c "import shutil; shutil.make_archive('../dist/$(PLUGIN)-$(VERSION)', 'zip', '.', '$(PLUGIN)')"
	@echo dist/$(PLUGIN)-$(VERSION).zip

# install into a QGIS profile (default: the user's default profile) and enable it
QGIS_PROFILES ?= $(HOME)/.local/share/QGIS/QGIS3/profiles
QGIS_PROFILE ?= default
deploy: build
	$(PY) -m $(PLUGIN).deploy --build $(BUILD) --profiles $(QGIS_PROFILES) --profile $(QGIS_PROFILE)

run: deploy demo
	env -u QT_QPA_PLATFORM qgis --profiles-path $(dir $(QGIS_PROFILES)) --profile $(QGIS_PROFILE) out/demo/steunstructuur_losser.qgz

clean:
	rm -rf build dist out .pytest_cache i18n/*.qm
