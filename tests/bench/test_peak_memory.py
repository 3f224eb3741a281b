"""The peak memory that the benchmark and the training processes report is each process's own."""
import subprocess
import sys

import numpy as np

from w2vlib.bench.peak_memory import peak_rss_mib


def test_peak_counts_memory_touched_in_this_process():
    block = np.ones(64 * 2**20 // 8)                      # 64 MiB, every page touched
    assert peak_rss_mib() >= block.nbytes / 2**20 + 5     # and Python, NumPy, pytest


def test_a_child_started_from_a_large_process_reports_its_own_peak_not_the_parents():
    """fork + exec, as the benchmark's spawned children are started. ``ru_maxrss`` would
    report at least the parent's 300 MiB here, as it did in the benchmark's peak column."""
    parent_block = np.ones(300 * 2**20 // 8)
    assert peak_rss_mib() > 300
    child = subprocess.run([sys.executable, "-c", "from w2vlib.bench.peak_memory import peak_rss_mib; print(peak_rss_mib())"],
                           capture_output=True, text=True, check=True)
    assert 5 < float(child.stdout) < 150, child.stdout    # Python and this small module only
    del parent_block
