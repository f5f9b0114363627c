"""Write README.md from nbs/index.ipynb without Quarto (nbdev-readme needs it): markdown cells as they are,
code cells as fenced blocks, cells marked `#| hide` left out. The module map between `<!-- modules -->` and
`<!-- /modules -->` in the index and the docs' sidebar are made from the notebooks themselves (name, module,
summary; reading order). `--check` fails when README.md, the module map or the sidebar is stale."""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT/'nbs'

def _cells(nb_path): return json.loads(Path(nb_path).read_text())['cells']

def notebook_summary(nb_path) -> tuple[str, str | None, str]:
    "`(notebook, module or None, one-line summary)`: the summary is the `> ` line under the notebook's title."
    cells = _cells(nb_path)
    module = next((m.group(1) for c in cells for m in [re.search(r'^#\|\s*default_exp\s+(\S+)', ''.join(c['source']), re.M)] if m), None)
    head = ''.join(cells[0]['source']) if cells and cells[0]['cell_type'] == 'markdown' else ''
    quote = ' '.join(l[1:].strip() for l in head.splitlines() if l.startswith('>'))
    return Path(nb_path).stem, module, quote

def module_table() -> str:
    "The README's module map: every notebook but the index, in reading order."
    rows = ['| notebook | module | what it does |', '|---|---|---|']
    for nb in sorted(NBS.glob('[0-9]*.ipynb')):
        name, module, summary = notebook_summary(nb)
        rows.append(f"| `{name}` | {f'`faceattr.{module}`' if module else '(papermill run)'} | {summary} |")
    return '\n'.join(rows)

MARK = re.compile(r'(<!-- modules -->\n).*?(\n<!-- /modules -->)', re.S)

def updated_index(nb_path=NBS/'index.ipynb') -> str:
    "The index notebook's text with a fresh module map."
    nb = json.loads(Path(nb_path).read_text())
    for c in nb['cells']:
        s = ''.join(c['source'])
        if MARK.search(s):
            s = MARK.sub(lambda m: m.group(1) + module_table() + m.group(2), s)
            lines = s.split('\n'); c['source'] = [l + '\n' for l in lines[:-1]] + [lines[-1]]
    return json.dumps(nb, indent=1, ensure_ascii=False) + '\n'

def sidebar() -> str:
    "nbs/sidebar.yml: the index, then every notebook in reading order."
    rows = ['website:', '  sidebar:', '    contents:', '      - index.ipynb']
    return '\n'.join(rows + [f'      - {nb.name}' for nb in sorted(NBS.glob('[0-9]*.ipynb'))]) + '\n'

def render(nb_path=NBS/'index.ipynb') -> str:
    "README text from the index notebook's cells."
    parts = []
    for c in _cells(nb_path):
        src = ''.join(c['source']).strip()
        if not src or '#| hide' in src.splitlines()[0]: continue
        if c['cell_type'] == 'markdown': parts.append(src)
        elif c['cell_type'] == 'code':
            lines = [l for l in src.splitlines() if not l.startswith('#|')]
            parts.append('```python\n' + '\n'.join(lines) + '\n```')
    return '<!-- generated from nbs/index.ipynb by tools/readme.py: edit the notebook, then `make readme` -->\n\n' + '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    index, out = NBS/'index.ipynb', ROOT/'README.md'
    if '--check' in sys.argv:
        if json.loads(updated_index()) != json.loads(index.read_text()): sys.exit('the module map in nbs/index.ipynb is stale: run `make readme`')
        if not out.exists() or out.read_text() != render(): sys.exit('README.md is stale: run `make readme`')
        if (NBS/'sidebar.yml').read_text() != sidebar(): sys.exit('nbs/sidebar.yml is stale: run `make readme`')
    else:
        index.write_text(updated_index()); out.write_text(render()); (NBS/'sidebar.yml').write_text(sidebar())
