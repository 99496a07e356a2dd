"""The study's HTML report (`snakemake --report`): built from the smoke study, every figure embedded
and decodable, and rendered by headless Chromium with every figure and family visible."""
import base64
import html as html_lib
import json
import re
import shutil
import struct
import subprocess
import zlib

import pytest

from .conftest import snakemake

pytestmark = pytest.mark.workflow

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Added to a copy of the report: every embedded figure as an <img> in the page, so that the page's
# load event waits until Chromium has loaded them all; then, on load, the report's app shows each
# figure in its viewer and each (sub)category in its menu (flushSync: render now, not at React's
# leisure), and what was rendered is written into the page for --dump-dom. All synchronous, so
# nothing depends on how fast a loaded machine decodes.
PROBE = """<script>
(() => {
  const holder = document.createElement("div");
  holder.style.display = "none";
  const imgs = {};
  for (const [path, entry] of Object.entries(results)) {
    imgs[path] = holder.appendChild(document.createElement("img"));
    imgs[path].src = entry.data_uri;
  }
  document.body.appendChild(holder);
  window.addEventListener("load", () => {
    const out = {images: {}, shown: {}, menus: {}};
    try {
      ReactDOM.flushSync(() => root.render(e(App)));  // the app, mounted now
      const show = view => ReactDOM.flushSync(() => app.setView(view));
      for (const [path, entry] of Object.entries(results)) {
        const img = imgs[path];
        out.images[path] = {ok: img.complete, width: img.naturalWidth, height: img.naturalHeight};
        show({content: "img", contentPath: entry.data_uri, resultPath: path});
        out.shown[path] = [...document.querySelectorAll("#app img")].some(i => i.src === entry.data_uri);
      }
      for (const [cat, subcats] of Object.entries(categories))
        for (const sub of Object.keys(subcats)) {
          show({navbarMode: "menu"});  // back to the menu first, as a reader does
          show({navbarMode: "subcategory", category: cat, subcategory: sub});
          out.menus[cat + " / " + sub] = document.querySelector("#app").innerText;
        }
    } catch (err) { out.error = String(err); }
    const pre = document.createElement("pre");
    pre.id = "hopsim-probe";
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  });
})();
</script>
"""


def png_size(raw: bytes) -> tuple[int, int]:
    """(width, height) of a PNG whose every chunk has a good CRC and whose image data inflate to
    exactly one filter byte + one row of pixels per line (8-bit RGB or RGBA, as matplotlib writes)."""
    assert raw.startswith(PNG_SIGNATURE)
    pos, chunks = len(PNG_SIGNATURE), {}
    while pos < len(raw):
        (length,), kind = struct.unpack(">I", raw[pos:pos + 4]), raw[pos + 4:pos + 8]
        body = raw[pos + 8:pos + 8 + length]
        assert struct.unpack(">I", raw[pos + 8 + length:pos + 12 + length])[0] == zlib.crc32(kind + body)
        chunks[kind] = chunks.get(kind, b"") + body
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert depth == 8 and colour in (2, 6) and b"IEND" in chunks
    channels = {2: 3, 6: 4}[colour]
    assert len(zlib.decompress(chunks[b"IDAT"])) == height * (1 + width * channels)
    return width, height


def embedded(html: str, name: str, script_id: str | None = None):
    """The JSON a Snakemake report assigns to `var <name> = ...;` in its own <script>."""
    match = re.search(rf'<script id="{script_id or name}">\s*var {name} = (.*?);\s*</script>',
                      html, re.S)
    assert match, f"no `var {name}` in the report"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def html_report(smoke_run):
    path = smoke_run / "results/smoke/reports/report.html"
    res = snakemake(smoke_run, "--report", str(path))
    assert res.returncode == 0, res.stderr[-3000:]
    return path


def test_report_embeds_every_figure_with_its_caption_and_family(smoke_run, html_report):
    html = html_report.read_text(encoding="utf-8")
    results, categories = embedded(html, "results"), embedded(html, "categories")
    figures = smoke_run / "results/smoke/reports/figures"
    pngs = {str(p.relative_to(smoke_run)) for p in figures.glob("*.png")}
    assert len(pngs) > 20 and set(results) == pngs  # every figure, and nothing but figures
    for path, entry in results.items():
        header, _, data = entry["data_uri"].partition(",")
        assert header.startswith("data:image/png;") and header.endswith(";base64"), path
        raw = base64.b64decode(data, validate=True)
        assert raw == (smoke_run / path).read_bytes(), path
        width, height = png_size(raw)
        assert width > 100 and height > 100, path
        # A caption: what is shown, and its parameters rendered from the config.
        assert len(re.sub("<[^>]+>", "", entry["caption"])) > 100, path
        assert "{{" not in entry["caption"] and "{%" not in entry["caption"], path
        assert "System Message" not in entry["caption"], f"{path}: reST error in its caption"
    # Grouped by family: every figure in exactly one (category, subcategory) list.
    listed = [p for subcats in categories.values() for paths in subcats.values() for p in paths]
    assert sorted(listed) == sorted(results)
    assert "Binary Hopfield model" in categories and len(categories) >= 5
    # The study's own description on the first page, rendered from the config.
    description = embedded(html, "workflow_desc", "workflow-desc")
    assert "attractor networks" in description and "seed 7" in description
    assert "System Message" not in description


def test_report_renders_in_headless_chromium(smoke_run, html_report):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed (CI installs Debian's chromium in .ci/run)")
    flags = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--window-size=1400,1000", "--virtual-time-budget=20000"]
    url = html_report.as_uri()
    shot = smoke_run / "screenshot.png"  # the first screen, outside the figures
    subprocess.run([*flags, f"--screenshot={shot}", url], capture_output=True, timeout=300, check=True)
    first_screen = shot.read_bytes()
    assert first_screen.startswith(PNG_SIGNATURE) and len(first_screen) > 20_000

    html = html_report.read_text(encoding="utf-8")
    results, categories = embedded(html, "results"), embedded(html, "categories")
    probe_page = html_report.with_name("report_probe.html")
    end = html.rindex("</body>")  # the page's own: the bundled libraries hold the string too
    probe_page.write_text(html[:end] + PROBE + html[end:], encoding="utf-8")
    dom = subprocess.run([*flags, "--dump-dom", probe_page.as_uri()], capture_output=True,
                         text=True, timeout=300, check=True).stdout
    match = re.search(r'<pre id="hopsim-probe">(.*?)</pre>', dom, re.S)
    assert match, "the probe did not finish inside Chromium's time budget"
    probe = json.loads(html_lib.unescape(match.group(1)))
    assert "error" not in probe, probe.get("error")

    # Chromium decoded every embedded figure to a real image and showed it in the viewer.
    assert probe["images"].keys() == results.keys()
    for path, image in probe["images"].items():
        assert image["ok"] and image["width"] > 100 and image["height"] > 100, (path, image)
        assert (image["width"], image["height"]) == png_size((smoke_run / path).read_bytes()), path
        assert probe["shown"][path], f"{path} not shown in the report's viewer"
    # Each family's menu lists the figures grouped under it (by file name).
    assert probe["menus"].keys() == {f"{c} / {s}" for c, subs in categories.items() for s in subs}
    for cat, subcats in categories.items():
        for sub, paths in subcats.items():
            text = probe["menus"][f"{cat} / {sub}"]
            for path in paths:
                assert path.rsplit("/", 1)[-1] in text, (cat, sub, path)
