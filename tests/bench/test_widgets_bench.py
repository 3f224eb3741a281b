"""The explorer's latency benchmark runs and reports medians (its numbers are measured, never asserted)."""
import re

import pytest

from w2vlib.bench import explorer_bench


def test_explorer_bench_prints_a_median_line_for_the_toy_corpus(capsys):
    assert explorer_bench.main(["--repeat", "1", "--corpus", "toy"]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("toy "))
    retrain, cpu, redraw = (float(x) for x in re.findall(r"(\d+\.\d+)s", line)[1:4])
    assert retrain > 0 and cpu > 0 and redraw > 0
    assert "wiki" not in out


def test_explorer_bench_rejects_a_zero_repeat(capsys):
    with pytest.raises(SystemExit) as exit:
        explorer_bench.main(["--repeat", "0"])
    assert exit.value.code == 2
    assert "--repeat must be at least 1" in capsys.readouterr().err
