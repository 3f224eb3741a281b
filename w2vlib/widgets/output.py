"""Drawing a Matplotlib figure into an ``Output`` widget in place, and widget text that reads in every theme.

Widgets draw on detached figures (:func:`widget_figure`: a ``matplotlib.figure.Figure`` that pyplot does not know),
and :func:`show_figure` turns the figure into a PNG inside the widget's ``Output``. A pyplot figure made in a widget
callback is registered with Jupyter's inline backend, which shows every figure still open when the next execution
ends: a figure left open by an error, or drawn in a callback, then turned up outside the widget (in a later cell, or
in JupyterLab's Log Console when no cell was running). A detached figure is shown only where it is displayed.
"""
from __future__ import annotations

import html
from io import BytesIO

# JupyterLab's theme variables (light and dark themes), with fallbacks for other front ends: --jp-ui-font-color1 is
# the theme's text colour, --jp-error-color1 its red (4.98:1 on the light theme's white, 5.13:1 on the dark theme's
# #111). The error sign is the second cue, for readers who do not see the red.
TEXT_COLOUR = "var(--jp-ui-font-color1, #212121)"
ERROR_COLOUR = "var(--jp-error-color1, #b00020)"
ERROR_SIGN = "⚠"


def widget_figure(figsize: tuple[float, float], **subplots):
    """``(fig, ax)``: a new detached figure of ``figsize`` inches and its axes (``fig.subplots(**subplots)``).

    Pyplot never sees it, so it is displayed only by :func:`show_figure`, into the widget's ``Output``."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize)
    return fig, fig.subplots(**subplots)


def show_figure(output, fig):
    """Replace what ``output`` (an ``ipywidgets.Output``) shows by ``fig``, as a PNG, and return ``fig``.

    The PNG is drawn as Jupyter's inline backend draws figures (100 dpi, cropped to its content), whatever made the
    figure; a pyplot figure is closed afterwards, so that no backend shows it a second time. ``clear_output(wait=True)``
    keeps the old picture until the new one arrives, so the page does not jump.
    """
    from IPython.display import Image, display

    png = BytesIO()
    try:
        fig.savefig(png, format="png", dpi=100, bbox_inches="tight")
    finally:
        if getattr(fig.canvas, "manager", None) is not None:   # a pyplot figure
            import matplotlib.pyplot as plt

            plt.close(fig)
    with output:
        output.clear_output(wait=True)
        display(Image(data=png.getvalue(), format="png"))
    return fig


def clear_figure(output) -> None:
    """Remove the picture ``output`` shows (for a message that replaces it: no stale picture under a message)."""
    output.clear_output()


def message_html(message: str, error: bool = False, escape: bool = True) -> str:
    """A sentence as HTML for an ``ipywidgets.HTML``, in the theme's text colour; an error in the theme's red,
    after a warning sign.

    escape: turn <, > and & into text (always, for messages that come from an exception); False only for
    messages written with markup on purpose, such as "press <b>Train</b>".
    """
    text = html.escape(message) if escape else message
    if error:
        return f'<div role="alert" style="color:{ERROR_COLOUR}; max-width:900px">{ERROR_SIGN} {text}</div>'
    return f'<div style="color:{TEXT_COLOUR}; max-width:900px">{text}</div>'
