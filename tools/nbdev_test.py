"""`nbdev-test` whose exit does not walk the heap once per notebook: the same arguments (`python tools/nbdev_test.py --flags slow ...`).

With `--n-workers 0` every notebook's IPython shell lives until the process exits, and each one's exit hook collects
garbage over the whole heap (gigabytes after a lane's notebooks): 47-52 s between `Success.` and the exit of the test
run's notebook lane. Objects frozen first are left out of those collections (six notebooks over a 20-million-object
heap: 9.9 s → 1.7 s); the hook is registered after the shells', so it runs before theirs."""
import atexit, gc
from nbdev.test import nbdev_test

if __name__ == '__main__':
    try: nbdev_test()
    finally: atexit.register(gc.freeze)
