"""How long the explorer of notebook 08 makes a class wait: its retrain time, measured (not a test).

    python -m w2vlib.bench.explorer_bench --repeat 5          # make bench-explorer

For the planted toy corpus at the explorer's default settings (target: median ≤ 1 s on a 2-core laptop) and for
the short run on the Wikipedia sample (aim: ≤ 5 s), it times

* retrain:  :func:`w2vlib.widgets.run_explorer` (training, the neighbour table, the group scores), what the
            widget waits for after a slider is released;
* cpu:      the processor time of the same retrain: what it costs on an idle machine (on a shared, busy one the
            wall-clock retrain time is larger);
* redraw:   drawing the loss curves and the PCA view and rendering both to PNG, as the notebook does.

Each is run once to warm up (the corpus is generated or read from its cache then, and timed separately as
"first load"), then ``--repeat`` times; the medians are printed, because the machines are shared and noisy.
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from dataclasses import replace


def _timed(call) -> tuple[float, float]:
    """Wall-clock seconds of ``call()``, and the processor time of this process (all its threads) meanwhile:
    what the call costs on an otherwise idle machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def _seconds(call) -> float:
    return _timed(call)[0]


def _render(fig) -> None:
    import matplotlib.pyplot as plt

    fig.savefig(io.BytesIO(), format="png", dpi=100)
    plt.close(fig)


def measure(corpus: str, repeat: int) -> dict:
    """Medians (seconds) of retrain and redraw for ``corpus`` ("toy" or "wiki"), and the first corpus load."""
    from ..widgets import ExplorerSettings, plot_loss_curves, plot_run_projection, run_explorer
    from ..widgets.explorer_run import WIKI_DEFAULTS, explorer_corpus

    settings = ExplorerSettings() if corpus == "toy" else replace(ExplorerSettings(), **WIKI_DEFAULTS)
    first_load = _seconds(lambda: explorer_corpus(corpus))
    run = run_explorer(settings)                        # warm-up
    if run.error:
        raise RuntimeError(f"the explorer's default run on {corpus!r} failed: {run.error}")
    retrain, redraw, cpu = [], [], []
    for _ in range(repeat):
        wall, processor = _timed(lambda: run_explorer(settings))
        retrain.append(wall)
        cpu.append(processor)
        redraw.append(_seconds(lambda: (_render(plot_loss_curves([run, run])), _render(plot_run_projection(run)))))
    return {"corpus": corpus, "settings": settings.label(), "first_load": first_load,
            "retrain": statistics.median(retrain), "redraw": statistics.median(redraw), "cpu": statistics.median(cpu),
            "retrain_all": retrain, "redraw_all": redraw}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m w2vlib.bench.explorer_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per corpus after one warm-up (default 5)")
    parser.add_argument("--corpus", choices=["toy", "wiki", "both"], default="both", help="which mode to time")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error(f"--repeat must be at least 1, got {args.repeat}")
    import matplotlib

    matplotlib.use("Agg")
    targets = {"toy": 1.0, "wiki": 5.0}
    print(f"explorer retrain time, medians of {args.repeat} runs (after one warm-up)")
    print(f"{'corpus':<6} {'settings':<44} {'first load':>10} {'retrain':>9} {'cpu':>7} {'+ redraw':>9} {'target':>7}")
    for corpus in (["toy", "wiki"] if args.corpus == "both" else [args.corpus]):
        result = measure(corpus, args.repeat)
        verdict = "ok" if result["retrain"] <= targets[corpus] else "SLOW"
        print(f"{corpus:<6} {result['settings']:<44} {result['first_load']:>9.2f}s {result['retrain']:>8.2f}s "
              f"{result['cpu']:>6.2f}s {result['redraw']:>8.2f}s {targets[corpus]:>5.0f} s  {verdict}", flush=True)
        print(f"       all retrain times: {', '.join(f'{s:.2f}' for s in result['retrain_all'])} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
