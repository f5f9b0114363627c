"""Render the docs offline, without Quarto: every notebook executed as `nbdev-test` does (cells flagged `notest` or
`slow` skipped), hidden cells and directives dropped, then converted to HTML by nbconvert with figures embedded.
Writes `_preview/<notebook>.html` and `_preview/index.html` (the README page); `--execute a,b` executes only those
notebooks and renders the rest as committed. The published site is Quarto's (`nbdev-docs`, run by
.github/workflows/deploy.yaml)."""
import shutil, sys
from pathlib import Path
import nbformat
from fastcore.nbio import write_nb
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory
from nbconvert import HTMLExporter
from nbdev.process import NBProcessor
from nbdev.test import _skip_cell

ROOT = Path(__file__).resolve().parents[1]

def _for_readers(nb_path: Path) -> nbformat.NotebookNode:
    "The executed notebook minus hidden cells and `#|` directive lines."
    nb = nbformat.read(nb_path, 4)
    keep = []
    for c in nb.cells:
        lines = c.source.splitlines()
        if c.cell_type == 'code' and any(l.strip() in ('#| hide', '#| exporti') or l.startswith('#| default_exp') for l in lines): continue
        c.source = '\n'.join(l for l in lines if not l.startswith('#|'))
        if c.source.strip() or c.get('outputs'): keep.append(c)
    nb.cells = keep
    return nb

def render(nb_path: Path, out: Path, execute: bool = True) -> Path:
    "Execute `nb_path` (unless `execute=False`) and write it as HTML into `out`."
    nb = NBProcessor(nb_path, rm_directives=False, process=True).nb  # directives parsed, as nbdev-test reads it
    if execute:
        k = CaptureShell(nb_path)
        with working_directory(nb_path.parent): k.run_all(nb, exc_stop=True, preproc=_skip_cell(nb, ['notest', 'slow'], []))
    for c in nb.cells: c.get('metadata', {}).pop('execution', None)  # execnb's timings are not valid nbformat
    executed = out/(nb_path.stem + '.ipynb'); write_nb(nb, executed)
    html, _ = HTMLExporter(template_name='lab').from_notebook_node(_for_readers(executed))
    executed.unlink()
    dest = out/(nb_path.stem + '.html'); dest.write_text(html)
    return dest

def main(out=ROOT/'_preview', only=None, execute=None):
    "Render the notebooks named in `only` (default: all); execute those in `execute` (default: all but the index)."
    out = Path(out); out.mkdir(exist_ok=True)
    shutil.copytree(ROOT/'reports', out/'reports', dirs_exist_ok=True)  # the index page's figures
    for nb in sorted((ROOT/'nbs').glob('*.ipynb')):
        if only and nb.stem not in only: continue
        run = nb.stem != 'index' if execute is None else nb.stem in execute
        print('rendered', render(nb, out, execute=run).relative_to(ROOT), flush=True)

if __name__ == '__main__':
    # `--execute a,b`: execute only these (the rest render as Quarto renders them: as committed, without outputs)
    args = sys.argv[1:]
    execute = set(args.pop(args.index('--execute') + 1).split(',')) if '--execute' in args else None
    if execute is not None: args.remove('--execute')
    main(only=args or None, execute=execute)
