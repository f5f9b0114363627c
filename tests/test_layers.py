"""The house's layers: each subpackage of `faceattr` imports only the ones below it (function-local imports included),
no module imports itself back through others, and nothing imports the top floors (`ops`, `bench`)."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT/'faceattr'
# subpackage → what it may import. Floors, bottom up: core; data and faces; train; evaluate; export; serve; predict; ops; bench.
LAYERS = {
    'core': set(),
    'data': {'core'},
    'faces': {'core'},
    'train': {'core', 'data'},
    'evaluate': {'core', 'data', 'train'},
    'export': {'core', 'data', 'train', 'evaluate'},
    'serve': {'core', 'faces'},                      # the bento is built from these three alone
    'predict': {'core', 'faces', 'train'},           # train only inside a function: a checkpoint needs Lightning
    'ops': {'core', 'data', 'faces', 'train', 'evaluate', 'export', 'serve', 'predict'},
    'bench': {'core', 'data', 'faces', 'train', 'evaluate', 'export', 'serve', 'predict', 'ops'},
}
LAZY_ONLY = {('predict', 'train')}  # allowed, but never at import time

def modules() -> dict[str, Path]:
    return {'.'.join(p.relative_to(ROOT).with_suffix('').parts).removesuffix('.__init__'): p
            for p in sorted(PKG.rglob('*.py')) if p.name != '_modidx.py'}

def imports(mod: str, path: Path) -> list[tuple[str, bool]]:
    "`(imported faceattr module, at module level?)` for every import in `path`, relative ones resolved."
    tree, out = ast.parse(path.read_text()), []
    top = {id(n) for n in tree.body} | {id(m) for n in tree.body if isinstance(n, (ast.Try, ast.If)) for m in ast.walk(n)}
    pkg = mod.split('.') if path.name == '__init__.py' else mod.split('.')[:-1]
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom):
            base = '.'.join(pkg[:len(pkg) - n.level + 1]) + ('.' + n.module if n.module else '') if n.level else n.module or ''
            names = [base] if n.module or not n.level else [f'{base}.{a.name}' for a in n.names]
        elif isinstance(n, ast.Import): names = [a.name for a in n.names]
        else: continue
        out += [(m, id(n) in top) for m in names if m == 'faceattr' or m.startswith('faceattr.')]
    return out

def layer(mod: str) -> str | None: return mod.split('.')[1] if mod.count('.') >= 1 else None

def test_every_module_has_a_layer():
    loose = [m for m in modules() if m != 'faceattr' and layer(m) not in LAYERS]
    assert not loose, f'modules outside the layers: {loose}'

def test_layers():
    bad = []
    for mod, path in modules().items():
        me = layer(mod)
        for dep, at_import in imports(mod, path):
            them = layer(dep)
            if them is None or them == me: continue
            if them not in LAYERS[me]: bad.append(f'{mod} imports {dep}')
            elif at_import and (me, them) in LAZY_ONLY: bad.append(f'{mod} imports {dep} at import time (only inside a function)')
    assert not bad, 'imports against the layers:\n' + '\n'.join(bad)

def test_no_circles():
    mods = modules()
    graph = {m: {d for d, _ in imports(m, p) if d in mods and d != m} for m, p in mods.items()}
    state, cycle = {}, []
    def visit(m, stack):
        state[m] = 1
        for d in graph[m]:
            if state.get(d) == 1: cycle.append(stack[stack.index(d):] + [d]) if d in stack else None
            elif d not in state: visit(d, stack + [d])
        state[m] = 2
    for m in graph:
        if m not in state: visit(m, [m])
    assert not cycle, f'import circles: {cycle[:3]}'

def test_the_checker_sees_a_violation(tmp_path):
    "A module of `core` that imports `serve` (inside a function) is caught."
    p = tmp_path/'x.py'; p.write_text('def f():\n    from ..serve.settings import Settings\n')
    (dep, at_import), = imports('faceattr.core.x', p)
    assert dep == 'faceattr.serve.settings' and not at_import and layer(dep) not in LAYERS['core']
