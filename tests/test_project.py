"""Project-level checks that no single notebook owns: the exported package matches the notebooks, the README is
generated from nbs/index.ipynb, notebooks are committed clean, and the nbdev/papermill configuration holds."""
import json, subprocess, sys, tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

def _snapshot(): return {p: p.read_text() for p in sorted((ROOT/'faceattr').glob('*.py'))}

def test_package_matches_notebooks():
    before = _snapshot()
    subprocess.run([BIN/'nbdev-export'], cwd=ROOT, check=True)
    after = _snapshot()
    changed = [p.name for p in after if before.get(p) != after[p]] + [p.name for p in before if p not in after]
    assert not changed, f'faceattr/ is out of date with nbs/ (run nbdev-export and commit): {changed}'

def test_readme_is_generated_from_index():
    subprocess.run([sys.executable, ROOT/'tools'/'readme.py', '--check'], cwd=ROOT, check=True)

def test_notebooks_are_clean():
    for nb in sorted((ROOT/'nbs').glob('*.ipynb')):
        cells = json.loads(nb.read_text())['cells']
        dirty = [i for i, c in enumerate(cells) if c.get('outputs') or c.get('execution_count')]
        assert not dirty, f'{nb.name}: cells {dirty[:5]} carry outputs; run nbdev-clean'

def test_nbdev_config():
    cfg = tomllib.loads((ROOT/'pyproject.toml').read_text())
    nbdev = cfg['tool']['nbdev']
    assert nbdev['lib_path'] == 'faceattr'
    assert nbdev['tst_flags'].split() == ['notest', 'slow']  # space-separated, not 'a|b'
    assert 'tags' in nbdev['allowed_cell_metadata_keys']
    assert cfg['project']['requires-python'].startswith('>=3.')
    assert not (ROOT/'settings.ini').exists()
    assert (ROOT/'nbs'/'_quarto.yml').exists()

def test_papermill_parameters_cell():
    cells = json.loads((ROOT/'nbs'/'03_train.ipynb').read_text())['cells']
    params = [c for c in cells if 'parameters' in c['metadata'].get('tags', [])]
    assert len(params) == 1 and 'epochs' in ''.join(params[0]['source'])

def test_install_pins():
    pins = (ROOT/'constraints.txt').read_text()
    assert 'torch==2.14.1' in pins and 'torchvision==0.29.1' in pins
    assert '-c constraints.txt' in (ROOT/'Makefile').read_text()
    assert (ROOT/'.ci'/'run').read_text().strip().endswith('make test')

def test_readme_lists_every_setting():
    "The README's configuration table names every FACEATTR_ variable the service reads, with its default."
    from faceattr.serve.settings import settings_table
    readme = (ROOT/'README.md').read_text()
    missing = [v for v, d, _ in settings_table() if f'`{v}` | `{d}`' not in readme]
    assert not missing, f'README configuration table lacks {missing}: run `make readme` after editing nbs/index.ipynb'
