"""Face-attribute classification from a PyTorch Lightning notebook to a BentoML API"""

__version__ = "0.1.0"
