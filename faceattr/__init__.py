"""Face-attribute classification from a PyTorch Lightning notebook to a BentoML API

Modules:

- `faceattr.bench.faces`: The detector and CelebA's alignment of `04c_faces_detect` on photos that ship inside scikit-image, on photos too big or too crowded to search whole, and in front of the classifier: `reports/faces.json` and a picture.
- `faceattr.bench.serving`: What serving costs over the model itself: throughput and latency of the running BentoML service over HTTP against the same artifact called in process, and against LitServe serving that artifact, with and without batching, for fp32 and for the fastest artifact. Figures to `reports/serving_bench.json` and a plot.
- `faceattr.evaluate.calibration`: The expected calibration error, one temperature per attribute fitted on the validation split, and the reliability diagram that shows both.
- `faceattr.evaluate.card`: What the model is, what it learnt from, how it was trained, the metrics beside the literature's, its thresholds and calibration, the subgroup gaps, what it is for and must not be used for, and its limits: an evaluation written down.
- `faceattr.evaluate.metrics`: Input checks, the counts at a threshold and the decision metrics made of them, thresholds tuned per attribute on the validation split, the one AUROC, and `metrics`: what the CelebA literature compares, per attribute and averaged.
- `faceattr.evaluate.report`: Subgroups (men and women, young and old) and the gaps between them, everything at once on a model's validation and test probabilities, the three plots of it, and `evaluate`: a trained checkpoint on its own data, saying where that data came from.
- `faceattr.export.fast`: Reduced-precision artifacts of the trained model (bf16 on CPUs that compute it in hardware, int8 through ONNX Runtime), each kept only if its AUROC on the validation images stays within 0.005 of fp32; the service's start-up probe (`04j_serve_probe`) serves the fastest one that passed on the machine it runs on.
- `faceattr.export.torchscript`: TorchScript as in the article, and a `torch.export` program (TorchScript is deprecated in torch 2.14): each checked for parity with the Lightning model, each carrying the labels and preprocessing it was trained with.
- `faceattr.predict.run`: Lightning's predict loop over image files: decoding in DataLoader workers, one or many processes, GPUs or nodes, CelebA-format CSV shards per rank that a killed run resumes from, merged into one table in input order."""

__version__ = "0.1.0"
