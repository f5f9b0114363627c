"""Face-attribute classification from a PyTorch Lightning notebook to a BentoML API

Modules:

- `faceattr.bench.faces`: The detector and CelebA's alignment of `04c_faces_detect` on photos that ship inside scikit-image, on photos too big or too crowded to search whole, and in front of the classifier: `reports/faces.json` and a picture.
- `faceattr.bench.serving`: What serving costs over the model itself: throughput and latency of the running BentoML service over HTTP against the same artifact called in process, and against LitServe serving that artifact, with and without batching, for fp32 and for the fastest artifact. Figures to `reports/serving_bench.json` and a plot.
- `faceattr.evaluate.report`: Per-attribute thresholds tuned on the validation split, the metrics the CelebA literature compares, temperature scaling checked on a reliability diagram, the gaps between men and women and between young and old, and a model card that says all of it.
- `faceattr.export.fast`: Reduced-precision artifacts of the trained model (bf16 on CPUs that compute it in hardware, int8 through ONNX Runtime), each kept only if its AUROC on the validation images stays within 0.005 of fp32; the service's start-up probe (`04j_serve_probe`) serves the fastest one that passed on the machine it runs on.
- `faceattr.export.torchscript`: TorchScript as in the article, and a `torch.export` program (TorchScript is deprecated in torch 2.14): each checked for parity with the Lightning model, each carrying the labels and preprocessing it was trained with.
- `faceattr.predict.run`: Lightning's predict loop over image files: decoding in DataLoader workers, one or many processes, GPUs or nodes, CelebA-format CSV shards per rank that a killed run resumes from, merged into one table in input order."""

__version__ = "0.1.0"
