# The project's commands. Each one sets up .venv first (rebuilt when the pins change).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help book pdf test test-fast lab notebooks bench assignments clean venv

## make help: list the commands (what `make` with no target prints)
help:
	@sed -n 's/^## make /  make /p' $(MAKEFILE_LIST)

## make venv: set up .venv from the pins (every other command does this first)
venv: $(STAMP)

$(STAMP): requirements.txt constraints.txt pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

## make book: build the website into _build/html (warnings are errors)
book: $(STAMP)
	$(BIN)/jupyter-book build . --all -W -n --keep-going
	@echo "The book: $(CURDIR)/_build/html/index.html"

## make pdf: the whole book as one PDF, _build/html/backprop-book.pdf, linked from the site (needs TeX)
pdf: $(STAMP)
	@command -v xelatex >/dev/null && command -v latexmk >/dev/null || { echo "make pdf needs \
	  TeX: apt-get install texlive-latex-recommended texlive-latex-extra \
	  texlive-fonts-recommended texlive-xetex latexmk fonts-freefont-otf (see README)"; exit 1; }
	$(BIN)/jupyter-book build . --builder pdflatex --all -W -n --keep-going
	@# The site again, now with the PDF beside it and linked from every page's download menu.
	$(BIN)/jupyter-book build . --all -W -n --keep-going
	@echo "The PDF: $(CURDIR)/_build/html/backprop-book.pdf"

## make test: the whole suite (netlib, notebooks under nbval, the book build, ruff)
test: $(STAMP)
	$(BIN)/python -m pytest

## make test-fast: netlib's own tests only (no notebooks, no site), in well under a minute
test-fast: $(STAMP)
	$(BIN)/python -m pytest tests/netlib -q

## make lab: JupyterLab on the book's notebooks
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=book

## make notebooks: re-execute every notebook in place, so stored outputs are current
notebooks: $(STAMP)
	@# Not the exercises' student versions (book/exercises/student): their stubs raise.
	find book -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' -not -path 'book/exercises/student/*' -print0 | sort -z | \
	  NETLIB_PROGRESS=0 xargs -0 -n1 $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.kernel_name=python3 --ExecutePreprocessor.timeout=120 \
	    --ExecutePreprocessor.record_timing=False
	@# One stream output per cell, as the kernel's chunking varies from run to run.
	find book -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' -not -path 'book/exercises/student/*' -print0 | \
	  xargs -0 $(BIN)/jupyter nbconvert --log-level=WARN --to notebook --coalesce-streams

## make bench: time one training step of netlib against numpy, scikit-learn (and PyTorch if installed)
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

## make assignments: student notebooks (dist/student, and book/exercises/student for the website) and an nbgrader course folder (dist/course)
assignments: $(STAMP)
	$(BIN)/python book/exercises/assignments.py dist

## make clean: remove the site, dist/, the latest bench result and caches (keeps .venv)
clean:
	rm -rf _build dist .pytest_cache .ruff_cache .hypothesis benchmarks/results/latest.json
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
