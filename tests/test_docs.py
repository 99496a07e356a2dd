"""The documentation site (mkdocs.yml): `mkdocs build --strict` passes, which executes the five
tutorials and resolves every link, anchor, nav entry, API reference and README section; then
headless Chromium opens every page of the built site, served on the loopback interface, and
every page loads with all its images and nothing from another site."""
import functools
import html as html_lib
import http.server
import importlib.util
import json
import os
import pkgutil
import re
import shutil
import subprocess
import sys
import threading

import pytest

from .conftest import REPO

pytestmark = pytest.mark.docs

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TUTORIALS = ["pictures", "capacity", "glauber", "ring", "spiking"]

# One iframe per page of PAGES, all made while the probe page is parsed, so that its load event
# waits until every page has loaded with its images (an iframe made after that event would
# never load under --dump-dom); on load, what a reader of each page gets is written into the
# probe page for --dump-dom.
PROBE = """<!doctype html><html><body><script>
const PAGES = %s;
const frames = {};
for (const url of PAGES) {
  frames[url] = document.body.appendChild(document.createElement("iframe"));
  frames[url].style.width = "1200px";
  frames[url].style.height = "900px";
  frames[url].src = url;
}
window.addEventListener("load", () => {
  const out = {};
  try {
    for (const [url, frame] of Object.entries(frames)) {
      const doc = frame.contentDocument, article = doc.querySelector("article");
      out[url] = {
        title: doc.title,
        h1: (doc.querySelector("article h1") || {}).textContent || "",
        text: article ? article.innerText.length : 0,
        images: [...doc.images].map(i => ({src: i.getAttribute("src"), loaded: i.complete,
                                           width: i.naturalWidth, height: i.naturalHeight})),
        foreign: frame.contentWindow.performance.getEntriesByType("resource").map(r => r.name)
                   .filter(name => !name.startsWith(location.origin)),
      };
    }
  } catch (err) { out.error = String(err); }
  const pre = document.createElement("pre");
  pre.id = "hopsim-probe";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script></body></html>
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # Material's notice about MkDocs 2.0
    res = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
                          str(REPO / "mkdocs.yml"), "--site-dir", str(out)],
                         capture_output=True, text=True, env=env, timeout=900)
    assert res.returncode == 0, res.stderr[-5000:]
    return out


@pytest.fixture(scope="module")
def served(site):
    """The built site on http://127.0.0.1:<free port>/ while the tests of this module run."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def pages(site) -> list[str]:
    """Every page of the site as its URL path ('/', '/tutorials/capacity/', …)."""
    folders = (p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return sorted("/" if f == "." else f"/{f}/" for f in folders)


def test_every_tutorial_page_shows_its_executed_output(site):
    for name in TUTORIALS:
        page = (site / "tutorials" / name / "index.html").read_text(encoding="utf-8")
        figures = sorted((site / "tutorials" / name).glob("figure-*.png"))
        assert figures, f"tutorial {name} drew no figure"
        for figure in figures:
            assert figure.read_bytes().startswith(PNG_SIGNATURE), figure
            assert f'src="{figure.name}"' in page, f"{figure} is not shown on its page"
        assert 'class="language-text' in page, f"tutorial {name} printed nothing"


def test_api_reference_documents_every_module(site):
    api = "".join(p.read_text(encoding="utf-8") for p in (site / "api").rglob("index.html"))
    modules = [m.name for m in pkgutil.walk_packages([str(REPO / "hopsim")], "hopsim.")
               if m.name != "hopsim.__main__"]
    assert len(modules) > 40
    missing = [m for m in modules if f'id="{m}"' not in api]
    assert not missing, f"modules without an API page (add them under docs/api/): {missing}"


def test_every_page_loads_in_headless_chromium_with_its_images(site, served):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed (CI installs Debian's chromium in .ci/run)")
    urls = pages(site)
    assert {"/", "/study/", "/study/capacity/", "/api/dynamics/"} <= set(urls)
    assert {f"/tutorials/{name}/" for name in TUTORIALS} <= set(urls)
    (site / "probe.html").write_text(PROBE % json.dumps(urls), encoding="utf-8")
    flags = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--window-size=1400,1000", "--virtual-time-budget=120000"]
    dom = subprocess.run([*flags, "--dump-dom", f"{served}/probe.html"], capture_output=True,
                         text=True, timeout=600, check=True).stdout
    match = re.search(r'<pre id="hopsim-probe">(.*?)</pre>', dom, re.S)
    assert match, "the probe did not finish inside Chromium's time budget"
    probe = json.loads(html_lib.unescape(match.group(1)))
    assert "error" not in probe, probe.get("error")
    assert probe.keys() == set(urls)
    for url, page in probe.items():
        assert page["h1"].strip() and page["text"] > 200, (url, page["h1"], page["text"])
        assert not page["foreign"], (url, page["foreign"])  # nothing from another site
        for image in page["images"]:
            assert image["loaded"] and image["width"] > 0 and image["height"] > 0, (url, image)
    for url in ["/", "/study/capacity/", *(f"/tutorials/{name}/" for name in TUTORIALS)]:
        assert probe[url]["images"], f"{url} shows no image"

    # The first page as a reader sees it (docs/site-first-page.png is one of these).
    shot = site.parent / "first-page.png"
    subprocess.run([*flags, f"--screenshot={shot}", f"{served}/"], capture_output=True,
                   timeout=300, check=True)
    assert shot.read_bytes().startswith(PNG_SIGNATURE) and shot.stat().st_size > 20_000


@pytest.mark.parametrize("cell, message", [
    ('raise ValueError("no such pattern")', r"(?s)broken\.py failed.*ValueError: no such pattern"),
    ('import warnings; warnings.warn("overflow in exp")', r"(?s)broken wrote to stderr.*overflow in exp"),
])
def test_a_failing_or_warning_cell_fails_the_build(tmp_path, cell, message):
    """The hook stops at a cell that raises or writes to stderr, naming the tutorial and why."""
    spec = importlib.util.spec_from_file_location("docs_hooks", REPO / "docs/hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    source = tmp_path / "broken.py"
    source.write_text(f'# %%\nprint("fine")\n\n# %%\n{cell}\n\n# %%\nprint("after")\n')
    with pytest.raises(hooks.PluginError, match=message):
        hooks.executed_tutorial(source)
