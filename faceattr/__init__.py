"""Face-attribute classification from a PyTorch Lightning notebook to a BentoML API

Modules:

- `faceattr.bench`: What serving costs over the model itself: throughput and latency of the running BentoML service over HTTP against the same artifact called in process, and against LitServe serving that artifact, with and without batching, for fp32 and for the fastest artifact. Figures to `reports/serving_bench.json` and a plot.
- `faceattr.export`: TorchScript as in the article, and a `torch.export` program (TorchScript is deprecated in torch 2.14): each checked for parity with the Lightning model, each carrying the labels and preprocessing it was trained with.
- `faceattr.optimize`: Reduced-precision artifacts of the trained model (bf16 on CPUs that compute it in hardware, int8 through ONNX Runtime), each kept only if its AUROC on the validation images stays within 0.005 of fp32, and a start-up probe that serves the fastest one that passed on the machine it runs on.
- `faceattr.predict`: Lightning's predict loop over image files: decoding in DataLoader workers, one or many processes, GPUs or nodes, CelebA-format CSV shards per rank that a killed run resumes from, merged into one table in input order."""

__version__ = "0.1.0"
