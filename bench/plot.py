"""p95 latency against data size, one line per endpoint (``bench/latency.png``).

Needs matplotlib: ``pip install -e ".[bench]"``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bench.generate import SIZES

if TYPE_CHECKING:
    from bench.run import SizeRun


def draw(runs: list[SizeRun], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    names = [
        r.scenario.name for r in runs[0].results if r.scenario.hot or r.scenario.name == "baseline"
    ]
    fig, ax = plt.subplots(figsize=(10, 6.5), dpi=110)
    xs = [SIZES[run.size].total for run in runs]
    markers = "osD^v<>pPXh*"
    colors = plt.get_cmap("tab20").colors  # type: ignore[attr-defined]
    for k, name in enumerate(names):
        ys = []
        for run in runs:
            r = run.result(name)
            ys.append(r.sample.percentile_ms(95) if r and r.sample.latencies else float("nan"))
        last = f" ({runs[-1].size} {ys[-1]:,.0f} ms)" if ys and ys[-1] == ys[-1] else ""
        ax.plot(
            xs, ys, ":" if name == "baseline" else "-", marker=markers[k % len(markers)],
            color=colors[(2 * k) % 20 + (k // 10) % 2], label=name + last, linewidth=1.6,
        )  # fmt: skip
    ax.axhline(150, color="grey", linestyle="--", linewidth=1)
    ax.text(xs[0], 160, "150 ms (recap_500, curve_org target)", fontsize=8, color="grey")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(xs, [f"{run.size}\n{SIZES[run.size].total:,} employees" for run in runs])
    ax.minorticks_off()
    ax.set_xlim(xs[0] / 1.6, xs[-1] * 1.8)
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    ax.set_ylabel("p95 latency (ms, log scale)")
    ax.set_title(
        f"p95 latency against data size — {runs[0].db_version.split(' (')[0]}, "
        f"closed loop, same machine"
    )
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=9)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
