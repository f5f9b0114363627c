"""Project-level checks that no single notebook owns: the exported package matches the notebooks, the README is
generated from nbs/index.ipynb, notebooks are committed clean, and the nbdev/papermill configuration holds."""
import json, shutil, subprocess, sys, tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

def _package(root): return {p.relative_to(root): p.read_text() for p in sorted((root/'faceattr').rglob('*.py'))}

def test_package_matches_notebooks(tmp_path):
    # exported into a copy: `make test` runs the notebooks beside this test, and they import the package being rewritten
    for d in ('nbs', 'faceattr'): shutil.copytree(ROOT/d, tmp_path/d, ignore=shutil.ignore_patterns('__pycache__', '.ipynb_checkpoints'))
    shutil.copy(ROOT/'pyproject.toml', tmp_path)
    subprocess.run([BIN/'nbdev-export'], cwd=tmp_path, check=True)
    committed, exported = _package(ROOT), _package(tmp_path)
    changed = sorted(str(p) for p in committed.keys() | exported.keys() if committed.get(p) != exported.get(p))
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

def test_readme_quotes_the_reliability_report():
    "The README's reliability table quotes reports/reliability.json as committed: a new run of nbs/09d changes both."
    # the committed report, not the working copy: every run of 09d (make test) rewrites the file, and is not a report to quote
    shown = subprocess.run(['git', 'show', 'HEAD:reports/reliability.json'], cwd=ROOT, capture_output=True, text=True)
    r = json.loads(shown.stdout if shown.returncode == 0 else (ROOT/'reports'/'reliability.json').read_text())
    readme = (ROOT/'README.md').read_text()
    b, s, k, g, h, m, u = r['battery'], r['soak'], r['worker_kill'], r['graceful_shutdown'], r['headers'], r['memory'], r['burst']
    peaks = [c['peak_rss_mb'] for c in m['cases'].values()]
    quoted = [f"({b['cases']} cases:", f"{b['passed']}/{b['cases']} as expected, **{b['server_errors']} × 5xx**",
              f"worker peak RSS {min(peaks):,.0f}–{max(peaks):,.0f} MB, under the Deployment's {m['pod_limit_mb']:,} MB",
              f"**{s['errors']} errors**, {s['rps']:.0f} req/s, p50 {s['p50_ms']:.0f} ms, p99 {s['p99_ms']:.0f} ms; resident memory {100 * s['rss_growth']:+.1f} %",
              f"serving again after **{k['recovered_s']:.1f} s**", f"{k['under_kill']['errors']} of {k['under_kill']['requests']} requests",
              f"{g['completed']}/{g['in_flight']} completed, clean exit in {g['shutdown_s']:.1f} s",
              f"{h['clients']} clients each sending a {h['header_mb']} MB header", f"worker's memory {h['rss_growth_mb']:+.0f} MB",
              f"all refused after ≤ {h['most_sent_mb']:.1f} MB",
              f"{u['requests']} face-detection requests at once | the {u['answered']} a worker holds answered (p50 {u['answered_p50_ms'] / 1000:.1f} s, p99 {u['answered_p99_ms'] / 1000:.1f} s), {u['refused']} refused at once with 429, `Retry-After` and a request id; **{u['server_errors']} × 5xx**"]
    missing = [q for q in quoted if q not in readme]
    assert not missing, f'README reliability table out of date with reports/reliability.json: {missing}'

def test_every_module_has_its_notebook():
    "No generated module outlives its notebook (nbdev-export never deletes one)."
    import re
    modules = {re.search(r'^#\|\s*default_exp\s+(\S+)', ''.join(c['source']), re.M)
               for nb in (ROOT/'nbs').glob('*.ipynb') for c in json.loads(nb.read_text())['cells']}
    modules = {m.group(1) for m in modules if m}
    files = {'.'.join(p.relative_to(ROOT/'faceattr').with_suffix('').parts) for p in (ROOT/'faceattr').rglob('*.py')
             if p.name not in ('__init__.py', '_modidx.py')}
    assert files == modules, f'modules without a notebook: {sorted(files - modules)}; notebooks not exported: {sorted(modules - files)}'

def test_notebooks_tell_the_story_in_order():
    "The sidebar lists every notebook in reading order (their sorted names), and each opens with a title and a one-line summary."
    import yaml
    side = yaml.safe_load((ROOT/'nbs'/'sidebar.yml').read_text())['website']['sidebar']['contents']
    nbs = [p.name for p in sorted((ROOT/'nbs').glob('[0-9]*.ipynb'))]
    assert [s for s in side if s.endswith('.ipynb') and s != 'index.ipynb'] == nbs, 'nbs/sidebar.yml: every notebook, in sorted order'
    for name in nbs:
        head = ''.join(json.loads((ROOT/'nbs'/name).read_text())['cells'][0]['source']).splitlines()
        quote = ' '.join(l[1:].strip() for l in head if l.startswith('>'))
        assert head[0].startswith('# ') and 20 <= len(quote) <= 160, f'{name}: open with "# Title" and a one-line "> summary" (20-160 characters)'

def test_ruff_keeps_imports_and_names_honest():
    "Unused imports, undefined names and redefinitions (F401, F821, F811) anywhere in the package."
    r = subprocess.run([BIN/'ruff', 'check', '--quiet', 'faceattr', 'tests', 'tools'], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr

# single definitions that read best whole (a class with its methods, the generator's drawing, the demo page): the
# only export cells allowed past 40 lines
WHOLE = {'Contract', 'draw_face', 'CelebaDataModule', 'AttributeClassifier', 'TrainConfig', 'train', 'MicroBatcher',
         'DEMO_HTML', 'FaceAttributes', 'bad_input_cases', 'Settings'}

def test_short_cells_and_modules():
    "Export cells of at most 40 lines (one definition each, past that), modules of at most 250, the service at most 150."
    import ast
    long = []
    for nb in sorted((ROOT/'nbs').glob('*.ipynb')):
        for c in json.loads(nb.read_text())['cells']:
            s = ''.join(c['source'])
            if c['cell_type'] != 'code' or not s.startswith('#| export') or len(s.splitlines()) <= 40: continue
            body = ast.parse('\n'.join(l for l in s.splitlines() if not l.startswith('#|'))).body
            names = {getattr(n, 'name', None) or getattr(getattr(n, 'targets', [None])[0], 'id', None) for n in body}
            if not (len(body) == 1 and names <= WHOLE): long.append(f'{nb.name}: {sorted(map(str, names))}')
    assert not long, f'export cells over 40 lines: {long}'
    sizes = {str(p.relative_to(ROOT)): len(p.read_text().splitlines()) for p in (ROOT/'faceattr').rglob('*.py') if p.name != '_modidx.py'}
    assert not {p: n for p, n in sizes.items() if n > 250}, sizes
    assert sizes['faceattr/serve/service.py'] <= 150, sizes['faceattr/serve/service.py']

def test_package_is_committed():
    "Every generated module is tracked (a .gitignore line once hid a whole subpackage from fresh clones)."
    if not (ROOT/'.git').exists(): return
    tracked = set(subprocess.run(['git', 'ls-files', 'faceattr'], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split())
    on_disk = {str(p.relative_to(ROOT)) for p in (ROOT/'faceattr').rglob('*') if p.is_file() and '__pycache__' not in p.parts}
    assert on_disk <= tracked, f'not committed: {sorted(on_disk - tracked)[:5]}'

def test_notebook_references_exist():
    "Every `nbs/<notebook>` the README, the Makefile, the tools, the workflows and the notebooks name is there."
    import re
    texts = [ROOT/'README.md', ROOT/'Makefile', *(ROOT/'tools').glob('*'), *(ROOT/'.github'/'workflows').glob('*'), *(ROOT/'nbs').glob('*.ipynb')]
    named = {m for f in texts if f.is_file() for m in re.findall(r'nbs/(\d\d[a-z]?_[a-z_]+?)(?:\.ipynb|\b)', f.read_text())}
    missing = sorted(n for n in named if not (ROOT/'nbs'/f'{n}.ipynb').exists())
    assert not missing, f'named but not in nbs/: {missing}'

def test_readme_commands_parse():
    "Every `faceattr` command in the README's shell blocks parses with today's flags, and every flag it names inline exists: a renamed one fails here, not for a reader."
    import re, shlex
    from faceattr.ops.cli import parser
    text, p = (ROOT/'README.md').read_text(), parser()
    lines = [l for b in re.findall(r'```sh\n(.*?)```', text, re.S) for l in b.replace('\\\n', ' ').splitlines()]
    commands = [c.split('faceattr ', 1)[1] for l in lines for c in re.split(r'&&|;|\|', l.split('  #')[0]) if re.search(r'(^|/)faceattr [a-z]', c)]
    assert len(commands) >= 7, commands
    for c in commands:
        try: p.parse_args(shlex.split(c))
        except SystemExit: raise AssertionError(f'README: `faceattr {c}` does not parse') from None
    subs = p._subparsers._group_actions[0].choices
    for c in re.findall(r'`(?:\.venv/bin/)?faceattr ([a-z][^`]*)`', text):  # inline: a command and its flags, named
        name, *words = c.split()
        assert name in subs, f'README: no command `faceattr {name}`'
        unknown = [w for w in words if w.startswith('--') and w not in subs[name]._option_string_actions]
        assert not unknown, f'README: `faceattr {c}`: no flag {unknown}'
