"""The docs, verified offline: nbdev's processing succeeds, every notebook renders to HTML with its figures
(tools/preview.py, no Quarto), and headless Chromium loads the rendered index and the running service's Swagger UI."""
import os, re, shutil, subprocess, sys, tempfile
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PREVIEW = ROOT/'_preview'
CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser') or shutil.which('google-chrome')
FIGURES = {'00_data_embedded': 2, '03_train': 2, '04_torchscript': 1}  # notebooks whose figures belong in the docs

@pytest.fixture(scope='module')
def preview():
    # execute only the notebooks whose figures the docs show: nbdev-test has run every notebook already, and the
    # published site (nbdev-docs) renders the rest unexecuted too
    subprocess.run([sys.executable, ROOT/'tools'/'preview.py', '--execute', ','.join(FIGURES)], cwd=ROOT, check=True)
    return PREVIEW

def test_nbdev_proc_nbs():
    subprocess.run([BIN/'nbdev-proc-nbs'], cwd=ROOT, check=True, capture_output=True)
    assert {p.stem for p in (ROOT/'_proc').glob('*.ipynb')} == {p.stem for p in (ROOT/'nbs').glob('*.ipynb')}

def test_every_notebook_renders(preview):
    for nb in (ROOT/'nbs').glob('*.ipynb'):
        html = (preview/f'{nb.stem}.html').read_text()
        assert 'Traceback' not in html, nb.name
        assert html.count('data:image/png;base64') - 1 >= FIGURES.get(nb.stem, 0), f'{nb.name}: figures missing'
    assert 'reports/train_embedded_curves.png' in (preview/'index.html').read_text()

def _chromium(*args, timeout=90):
    flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync',
             '--disable-background-networking', '--disable-component-update', f'--user-data-dir={tempfile.mkdtemp()}']
    return subprocess.run([CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=timeout)

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium not found: `make browser` installs Debian's chromium")

@needs_chromium
def test_browser_opens_docs_index(preview):
    shot = ROOT/'_preview'/'index.png'
    _chromium('--window-size=1200,1400', f'--screenshot={shot}', (preview/'index.html').as_uri())
    assert shot.stat().st_size > 10_000
    dom = _chromium('--dump-dom', (preview/'index.html').as_uri()).stdout
    assert '<title>' in dom and 'Two commands' in dom

@pytest.fixture(scope='module')
def served(tmp_path_factory):
    "A running service on a small untrained model in a throw-away store, and a generated face: (url, face path); one for the module's tests."
    tmp_path = tmp_path_factory.mktemp('served')
    env = {'BENTOML_HOME': str(tmp_path/'bentoml'), 'FACEATTR_MODEL': 'faceattr:latest'}
    script = ("from faceattr.train.model import AttributeClassifier; from faceattr.export.torchscript import export_torchscript;"
              "from faceattr.core.store import store_model; from faceattr.data.embedded import make_celeba;"
              f"make_celeba(r'{tmp_path}/celeba', 2, seed=1, progress=False);"
              f"store_model(export_torchscript(AttributeClassifier('resnet18', image_size=32).eval(), r'{tmp_path}/model.pt'))")
    subprocess.run([sys.executable, '-c', script], env={**os.environ, **env}, check=True, capture_output=True)
    from faceattr.ops.launch import free_port, start_server, stop_server
    port = free_port()
    server = start_server(port, env=env)
    try: yield f'http://127.0.0.1:{port}', tmp_path/'celeba/img_align_celeba/img_align_celeba/000001.jpg'
    finally: stop_server(server)

@needs_chromium
def test_browser_opens_swagger_ui(served, tmp_path):
    url = served[0] + '/'
    dom = _chromium('--virtual-time-budget=15000', '--dump-dom', url).stdout
    _chromium('--window-size=1200,1400', '--virtual-time-budget=15000', f'--screenshot={tmp_path}/swagger.png', url)
    assert 'swagger-ui' in dom and '/classify' in dom, dom[-2000:]
    assert (tmp_path/'swagger.png').stat().st_size > 10_000
    PREVIEW.mkdir(exist_ok=True); shutil.copy(tmp_path/'swagger.png', PREVIEW/'swagger.png')

def _playwright():
    try: from playwright.sync_api import sync_playwright; return sync_playwright
    except ImportError: return None

@needs_chromium
@pytest.mark.skipif(_playwright() is None, reason='playwright (Python) not installed: pip install playwright')
def test_demo_page_shows_bars(served):
    "Upload a generated face on /demo/ in headless Chromium: 40 probability bars appear."
    url, face = served
    with _playwright()() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=['--no-sandbox', '--disable-gpu', '--disable-background-networking'])
        page = browser.new_page(viewport={'width': 1000, 'height': 1400})
        page.goto(f'{url}/demo/')
        assert page.title() == 'faceattr demo'
        page.set_input_files('#file', str(face))
        page.wait_for_selector('.bar', timeout=30_000)
        assert page.locator('.bar').count() == 40
        assert 'over threshold' in page.locator('#status').inner_text()
        PREVIEW.mkdir(exist_ok=True); page.screenshot(path=str(PREVIEW/'demo.png'), full_page=True)
        browser.close()

@needs_chromium
@pytest.mark.skipif(_playwright() is None, reason='playwright (Python) not installed: pip install playwright')
def test_demo_page_draws_face_boxes(served, tmp_path):
    "With 'find faces' on a real photo (scikit-image's astronaut), the page draws the box and shows the bars."
    from skimage.data import astronaut
    from PIL import Image
    photo = tmp_path/'astronaut.png'; Image.fromarray(astronaut()).save(photo)
    with _playwright()() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=['--no-sandbox', '--disable-gpu', '--disable-background-networking'])
        page = browser.new_page(viewport={'width': 1000, 'height': 1600})
        page.goto(f'{served[0]}/demo/')
        page.check('#detect'); page.set_input_files('#file', str(photo))
        page.wait_for_selector('.bar', timeout=30_000)
        assert page.locator('#status').inner_text().startswith('face 1 of 1')
        crop = page.locator('#faces img')  # the aligned 178×218 crop the model saw, one per face
        assert crop.count() == 1 and page.evaluate("() => document.querySelector('#faces img').naturalWidth") == 178
        painted = page.evaluate("() => { const c = document.getElementById('boxes'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) n += d[i] > 0; return n; }")
        assert painted > 100, painted  # the box's and the landmarks' pixels
        page.screenshot(path=str(PREVIEW/'demo_faces.png'), full_page=True)
        browser.close()

@needs_chromium
@pytest.mark.skipif(_playwright() is None, reason='playwright (Python) not installed: pip install playwright')
def test_demo_page_error_names_its_request(served, tmp_path):
    "A file that is not an image: the page says why, in the service's words, with the request id that finds it in the server's log."
    (tmp_path/'notes.jpg').write_text('not a picture')
    with _playwright()() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=['--no-sandbox', '--disable-gpu', '--disable-background-networking'])
        page = browser.new_page()
        page.goto(f'{served[0]}/demo/')
        page.set_input_files('#file', str(tmp_path/'notes.jpg'))
        page.wait_for_function("() => document.getElementById('status').textContent.startsWith('error')", timeout=30_000)
        status = page.locator('#status').inner_text()
        assert re.fullmatch(r'error: not an image, .* \(request [0-9a-f]{32}\)', status), status
        browser.close()
