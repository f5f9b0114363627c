"""`tools/gpu_check.sh --dry-run`: the GPU check's steps (papermill training, the export benchmark on the device, the
prediction benchmark) at tiny sizes on the CPU, so that the one short run on a GPU box does not fail on a typo. Slow
(a few minutes on 2 cores): papermill runs the cells of nbs/03_train and nbs/04_torchscript, their fast tests included;
their `#| slow` cells (03_train's test fits, DDP among them) are left out, since `make test` runs them beside this."""
import json, os, shutil, subprocess, sys, tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# the reports the dry run's steps would write by their defaults: `make test` runs the notebooks beside this test, and
# they rewrite reports of their own (reliability, faces), so only these names must stay untouched
OWN = ('train_embedded', 'export_bench', 'predict_bench')

def _reports(): return {p.name: p.stat().st_mtime_ns for p in (ROOT/'reports').glob('*') if p.name.startswith(OWN)}

def test_gpu_check_dry_run(tmp_path):
    before = _reports()
    r = subprocess.run(['bash', str(ROOT/'tools'/'gpu_check.sh'), '--dry-run'], cwd=ROOT, capture_output=True, text=True,
                       env={**os.environ, 'PYTHON': sys.executable, 'OUT': str(tmp_path)}, timeout=1800)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-4000:]
    reports = Path(r.stdout.strip().splitlines()[-1].removeprefix('outputs: '))
    slow = sum(''.join(c['source']).startswith('#| slow') for c in json.loads((ROOT/'nbs'/'03_train.ipynb').read_text())['cells'])
    assert slow >= 3 and f'03_train: {slow} slow cells skipped' in r.stdout, r.stdout[-4000:]  # every one of them
    try:
        for f in ('train_embedded_gpu.json', 'export_bench_gpu.json', 'predict_bench_gpu.json', 'predict_bench_gpu.png'):
            assert (reports/f).stat().st_size > 0, f
        bench = json.loads((reports/'predict_bench_gpu.json').read_text())
        assert set(bench['results']) == {'fp32', 'torch.export', 'bf16'}
        assert all(c['images_per_s'] > 0 for a in bench['results'].values() for c in a['configs'].values())
        assert json.loads((reports/'export_bench_gpu.json').read_text())['device'] == 'cpu'
        timings = (reports.parent/'timings.txt').read_text()
        assert all(s in timings for s in ('(a) train', '(b) export', '(c) predict', 'total')), timings
        assert _reports() == before, 'the dry run wrote over reports/'
        back = sorted(p.name for p in tmp_path.iterdir())  # what the device tool brings back: at most 8 files
        assert len(back) == 7 and 'predict_bench_gpu.json' in back, back
        with tarfile.open(tmp_path/'gpu_check_runs.tar.gz') as t: assert '03_train_gpu.ipynb' in t.getnames()
    finally: shutil.rmtree(reports.parent, ignore_errors=True)
