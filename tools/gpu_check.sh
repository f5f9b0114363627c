#!/usr/bin/env bash
# The GPU path in one short run (issue 16), on a box with torch, Lightning, torchmetrics, pandas, pillow, matplotlib,
# onnx, onnxruntime preinstalled and no package registry:
#   (0) papermill + ipykernel (+ fastcore for the notebooks' test cells) from the wheelhouse .whl/, into /tmp/site;
#       faceattr is imported from this checkout (PYTHONPATH), not installed
#   (a) papermill nbs/03_train.ipynb: the embedded preset (4,000 generated faces) at 224 px, precision 16-mixed, 2 epochs
#   (b) papermill nbs/04_torchscript.ipynb -p device cuda: eager vs TorchScript vs torch.export at batch 1, 2, 8, 32
#   (c) faceattr.bench.predict.bench_predict on cuda: fp32 .pt, .pt2 and bf16 .pt through Lightning's predict loop
# Writes reports/*_gpu.json (+ .png) and copies them to $OUT when set. Meant to finish in under 8 minutes on an H100.
#
#   tools/gpu_check.sh               the real run (on the GPU box)
#   tools/gpu_check.sh --dry-run     the same steps at tiny sizes on the CPU, outputs in a temporary folder; the
#                                    notebooks' slow test cells are left out (`make test` runs them already)
#   tools/gpu_check.sh --wheelhouse  fill .whl/ (git-ignored) with the wheels the GPU box lacks, and check the closure
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MODE=run
case "${1:-}" in
  --dry-run) MODE=dry ;;
  --wheelhouse) MODE=wheels ;;
  '') ;;
  *) echo "usage: $0 [--dry-run | --wheelhouse]" >&2; exit 2 ;;
esac
PY=${PYTHON:-python3}

# What the notebooks need beyond the GPU image (versions as in this project's venv; the image is Python 3.12)
WHEELS=(papermill==2.7.0 nbformat==5.11.1 nbclient==0.11.0 jupyter_client==8.10.0 jupyter_core==5.9.1
  ipykernel==7.4.0 ipython==9.18.1 ipython_pygments_lexers==1.1.1 traitlets==5.16.1 pyzmq==27.3.0 tornado==6.6.1
  comm==0.2.3 debugpy==1.8.22 matplotlib-inline==0.2.2 nest-asyncio2==1.7.4 decorator==5.2.1 jedi==0.20.1
  parso==0.8.7 pexpect==4.9.0 ptyprocess==0.7.0 prompt_toolkit==3.0.53 wcwidth==0.9.4 stack-data==0.6.3
  executing==2.3.0 asttokens==3.0.2 pure_eval==0.2.4 fastjsonschema==2.22.3 jsonschema==4.26.0
  jsonschema-specifications==2025.9.1 referencing==0.37.0 rpds-py==2026.9.1 platformdirs==4.14.8 tenacity==9.2.1
  entrypoints==0.4.2 fastcore==2.2.41)
# Installed on the GPU image ("Python packages already there"): requirements met without a wheel
ON_IMAGE="aiohttp attrs certifi charset-normalizer click filelock fsspec idna jinja2 markupsafe matplotlib numpy
  onnx onnxruntime packaging pandas pillow psutil pygments python-dateutil pytorch-lightning pyyaml requests rich six
  torch torchmetrics torchvision tqdm typing-extensions urllib3 lightning-utilities setuptools wheel pip"

if [ $MODE = wheels ]; then
  rm -rf .whl && mkdir -p .whl
  $PY -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp --abi cp312 \
    --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 --platform manylinux_2_28_x86_64 \
    --platform manylinux_2_27_x86_64 --platform manylinux_2_26_x86_64 --platform manylinux_2_24_x86_64 \
    --platform manylinux_2_5_x86_64 --platform manylinux1_x86_64 --platform any -d .whl "${WHEELS[@]}" \
    2> >(grep -v 'is ignored: it is neither' >&2)  # this machine's pip config names local indexes that may be absent
  # every Requires-Dist (for Python 3.12 on Linux, no extras) must be a wheel here or a package on the image
  ON_IMAGE="$ON_IMAGE" $PY - <<'EOF'
import os, re, zipfile
from pathlib import Path
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name as cn
env = dict(python_version='3.12', python_full_version='3.12.3', sys_platform='linux', platform_system='Linux',
           platform_machine='x86_64', os_name='posix', implementation_name='cpython', platform_python_implementation='CPython', extra='')
have = {cn(w.name.split('-')[0]) for w in Path('.whl').glob('*.whl')} | {cn(n) for n in os.environ['ON_IMAGE'].split()}
missing = {}
for w in sorted(Path('.whl').glob('*.whl')):
    with zipfile.ZipFile(w) as z:
        meta = z.read(next(n for n in z.namelist() if n.endswith('.dist-info/METADATA'))).decode()
    for line in re.findall(r'^Requires-Dist: (.+)$', meta, re.M):
        r = Requirement(line)
        if (r.marker is None or r.marker.evaluate(env)) and cn(r.name) not in have: missing.setdefault(cn(r.name), []).append(w.name)
if missing: raise SystemExit(f'wheelhouse incomplete: {missing}')
print(f'wheelhouse complete: {len(list(Path(".whl").glob("*.whl")))} wheels; every requirement is a wheel here or on the image')
EOF
  du -sh .whl
  exit 0
fi

t_all=$(date +%s)
step() { local name=$1; shift; local t=$(date +%s); echo "== $name"; "$@"; echo "== $name: $(( $(date +%s) - t ))s" | tee -a "$W/timings.txt"; publish; }
publish() {  # after every step, so that a run stopped at the device's time limit still brings back what it finished
  [ -n "${OUT:-}" ] || return 0  # 7 of the 8 files that come back from the device, leaving one for a log
  for f in train_embedded_gpu.json train_embedded_gpu_curves.png export_bench_gpu.json export_bench_gpu.png \
           predict_bench_gpu.json predict_bench_gpu.png; do [ ! -f "$REPORTS/$f" ] || cp "$REPORTS/$f" "$OUT"/; done
  cp "$REPORTS/train_embedded_gpu_auroc.png" "$W"/ 2>/dev/null || true
  (cd "$W" && tar -czf "$OUT/gpu_check_runs.tar.gz" $(ls timings.txt 03_train_gpu.ipynb 04_torchscript_gpu.ipynb train_embedded_gpu_auroc.png 2>/dev/null))
}

if [ $MODE = dry ]; then
  W=$(mktemp -d /tmp/gpu_check.XXXXXX); REPORTS=$W/reports; ART=$W/artifacts; : > "$W/timings.txt"
  export PYTHONPATH=$ROOT${PYTHONPATH:+:$PYTHONPATH}
  ACC=cpu; DATA=$W/celeba
  TRAIN=(-p data "$DATA" -p image_size 32 -p backbone resnet18 -p epochs 1 -p batch_size 16 -p accelerator cpu
         -p precision 32-true -p num_workers 0)
  EXPORT=(-p device cpu -p runs 2 -y 'batch_sizes: [1, 2]')  # -p would pass the list as text
  BENCH_IMAGES=32; BENCH_RUNS=2; BENCH_CONFIGS="{'1 process': dict(devices=1), '1 process, 2 workers': dict(devices=1, num_workers=2)}"
else
  W=$ROOT/runs/gpu_check; REPORTS=$ROOT/reports; ART=$W/artifacts
  rm -rf "$W"; mkdir -p "$W"; : > "$W/timings.txt"
  rm -f "$REPORTS"/*_gpu.json "$REPORTS"/*_gpu*.png  # an earlier run's figures must not come back as this one's
  if compgen -G '.whl/*.whl' >/dev/null; then
    step "install wheels" python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
    export PYTHONPATH=/tmp/site:$ROOT
  else export PYTHONPATH=$ROOT; fi
  PY=python3
  $PY -c 'import papermill, ipykernel, fastcore' || { echo "papermill/ipykernel/fastcore missing: run tools/gpu_check.sh --wheelhouse here and carry .whl" >&2; exit 1; }
  $PY -m ipykernel install --user --name python3 >/dev/null  # the kernel papermill asks for, on a bare box
  $PY -c 'import torch; assert torch.cuda.is_available(), "no CUDA device"; print(torch.__version__, torch.cuda.get_device_name())'
  ACC=gpu; DATA=embedded
  TRAIN=(-p data embedded -p image_size 224 -p epochs 2 -p batch_size 64 -p accelerator gpu -p precision 16-mixed -p num_workers 8)
  EXPORT=(-p device cuda)
  BENCH_IMAGES=2000; BENCH_RUNS=10; BENCH_CONFIGS="{'1 GPU': dict(devices=1, num_workers=0), '1 GPU, 8 workers': dict(devices=1, num_workers=8)}"
fi
mkdir -p "$REPORTS" "$ART"
export PYTHONUNBUFFERED=1 MPLBACKEND=Agg
PM=($PY -m papermill --log-level WARNING --cwd "$ROOT")
NB=$ROOT/nbs
if [ $MODE = dry ]; then  # copies whose `#| slow` cells carry the tag papermill skips: the fits of 03_train's tests
  NB=$W/nbs; mkdir -p "$NB"
  $PY - "$ROOT/nbs" "$NB" 03_train 04_torchscript <<'EOF'
import json, re, sys
from pathlib import Path
src, dst, *names = sys.argv[1:]
for name in names:
    nb = json.loads(Path(src, f'{name}.ipynb').read_text())
    slow = [c for c in nb['cells'] if c['cell_type'] == 'code' and re.search(r'^#\|\s*slow\b', ''.join(c['source']), re.M)]
    for c in slow: c['metadata'].setdefault('tags', []).append('skip-execution')
    Path(dst, f'{name}.ipynb').write_text(json.dumps(nb))
    print(f'{name}: {len(slow)} slow cells skipped')
EOF
fi

if [ $MODE = dry ]; then
  step "generate faces" $PY -c "from faceattr.data.embedded import make_celeba; make_celeba('$DATA', 160, seed=1, progress=False)"
else
  step "generate faces" $PY -c "from faceattr.data.datamodule import resolve_data; print(resolve_data('embedded'))"
fi
step "(a) train 03_train" "${PM[@]}" "$NB/03_train.ipynb" "$W/03_train_gpu.ipynb" "${TRAIN[@]}" \
  -p out_dir "$W/train" -p report "$REPORTS/train_embedded_gpu.json"
step "(b) export bench 04_torchscript" "${PM[@]}" "$NB/04_torchscript.ipynb" "$W/04_torchscript_gpu.ipynb" "${EXPORT[@]}" \
  -p train_report "$REPORTS/train_embedded_gpu.json" -p out_dir "$ART" -p bench_report "$REPORTS/export_bench_gpu.json"
step "(c) predict bench" $PY - <<EOF
import json, torch
from pathlib import Path
from faceattr.predict.files import find_images
from faceattr.train.model import AttributeClassifier
from faceattr.export.fast import export_bf16
from faceattr.bench.predict import bench_predict, plot_bench
rep = json.loads(Path('$REPORTS/train_embedded_gpu.json').read_text())
model = AttributeClassifier.load_from_checkpoint(rep['best_checkpoint'], map_location='cpu', weights_only=True).eval()
arts = {'fp32': '$ART/model.pt', 'torch.export': '$ART/model.pt2', 'bf16': str(export_bf16(model, Path('$ART')/'model_bf16.pt'))}
data = Path('data/embedded' if rep['data'] == 'embedded' else rep['data'])
files = find_images([data/'img_align_celeba'])[:$BENCH_IMAGES]
res = bench_predict(files, arts, $BENCH_CONFIGS, accelerator='$ACC', batch_size=64, work_dir='$W/predict', runs=$BENCH_RUNS)
Path('$REPORTS/predict_bench_gpu.json').write_text(json.dumps(res, indent=2) + '\n')
plot_bench(res).savefig('$REPORTS/predict_bench_gpu.png', dpi=90)
print(json.dumps({a: {c: (v['loop_images_per_s'], v['fraction_of_model_alone']) for c, v in r['configs'].items()} | {'model alone': r['model_alone_images_per_s']} for a, r in res['results'].items()}, indent=1))
EOF

echo "== total: $(( $(date +%s) - t_all ))s" | tee -a "$W/timings.txt"
for f in train_embedded_gpu.json export_bench_gpu.json predict_bench_gpu.json; do test -s "$REPORTS/$f" || { echo "missing $REPORTS/$f" >&2; exit 1; }; done
publish
echo "outputs: $REPORTS"
