"""MkDocs hooks (mkdocs.yml, `hooks:`): the pages of the site that do not live in docs/.

- The study: reports/*.md become study/*.md (reports/README.md, the summary, is the section's
  index), with reports/figures/*.png beside them, so the reports' `figures/...` links resolve.
- The benchmarks: benchmarks/README.md and benchmarks/peers.md.
- The tutorials: each docs/tutorials/*.py (jupytext's percent format) is executed in a fresh
  ipykernel and becomes tutorials/<name>.md, its figures tutorials/<name>/figure-<k>.png.
  A failing cell stops the build, naming the tutorial, the cell and the error; so does a cell
  that writes to stderr (a warning), which would otherwise stand on the page.

Nothing is copied into the repository: the files are added to the build only.
"""

from __future__ import annotations

import base64
import logging
import re
import tempfile
import time
from pathlib import Path

import jupytext
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

REPO = Path(__file__).resolve().parents[1]
TUTORIALS = "tutorials/"
CELL_TIMEOUT_S = 300  # a guard against a hung kernel; each tutorial runs in under a minute

log = logging.getLogger("mkdocs.hooks.hopsim")


def on_files(files: Files, config) -> Files:
    for path in sorted((REPO / "reports").glob("*.md")):
        files.append(File.generated(config, f"study/{path.name}", abs_src_path=str(path)))
    for path in sorted((REPO / "reports/figures").glob("*.png")):
        files.append(File.generated(config, f"study/figures/{path.name}", abs_src_path=str(path)))
    for name in ("README.md", "peers.md"):
        files.append(File.generated(config, f"benchmarks/{name}",
                                    abs_src_path=str(REPO / "benchmarks" / name)))
    for source in [f for f in files if f.src_uri.startswith(TUTORIALS) and f.src_uri.endswith(".py")]:
        files.remove(source)
        for uri, content in executed_tutorial(Path(source.abs_src_path)):
            files.append(File.generated(config, TUTORIALS + uri, content=content))
    return files


def executed_tutorial(path: Path) -> list[tuple[str, str | bytes]]:
    """Run the tutorial at `path` top to bottom; return its page `<name>.md` and its figures
    `<name>/figure-<k>.png` (paths relative to tutorials/, contents)."""
    notebook = jupytext.read(path)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as workdir:  # what a tutorial writes lands here
        client = NotebookClient(notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                                resources={"metadata": {"path": workdir}})
        try:
            client.execute()
        except CellExecutionError as err:
            plain = re.sub(r"\x1b\[[0-9;]*m", "", str(err))  # IPython colours its tracebacks
            raise PluginError(f"tutorial {path.name} failed:\n{plain}") from None
    log.info(f"tutorial {path.name}: executed in {time.perf_counter() - start:.1f} s")
    return notebook_markdown(notebook, path.stem)


def notebook_markdown(notebook, name: str) -> list[tuple[str, str | bytes]]:
    """An executed notebook as one markdown page: markdown cells as they are, code in python
    blocks, text output in text blocks, PNG figures as images in their own files."""
    blocks, figures = [], []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            blocks.append(cell.source)
            continue
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        blocks.append(f"```python\n{cell.source}\n```")
        text = []
        for output in cell.outputs:
            if output.output_type == "stream":
                if output.name == "stderr":  # a warning would stand on the page: fix its cause
                    raise PluginError(f"tutorial {name} wrote to stderr:\n{output.text}")
                text.append(output.text)
                continue
            data = output.get("data", {})
            if "image/png" in data:
                figures.append(base64.b64decode(data["image/png"]))
                uri = f"{name}/figure-{len(figures)}.png"
                blocks.extend(_text_block(text) + [f"![Figure {len(figures)}]({uri})"])
                text = []
            elif "text/plain" in data:
                text.append(data["text/plain"] + "\n")
            else:
                raise PluginError(f"tutorial {name}: an output of type {sorted(data)} has no "
                                  "rendering here; show a figure or print text")
        blocks.extend(_text_block(text))
    pages = [(f"{name}.md", "\n\n".join(blocks) + "\n")]
    return pages + [(f"{name}/figure-{k}.png", png) for k, png in enumerate(figures, 1)]


def _text_block(text: list[str]) -> list[str]:
    joined = "".join(text).rstrip("\n")
    return [f"```text\n{joined}\n```"] if joined else []
