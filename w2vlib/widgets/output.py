"""Drawing a Matplotlib figure into an ``Output`` widget in place: the old picture is replaced, never stacked."""
from __future__ import annotations


def show_figure(output, fig):
    """Replace what ``output`` (an ``ipywidgets.Output``) shows by ``fig``, close ``fig``, and return it.

    ``clear_output(wait=True)`` keeps the old picture until the new one arrives, so the page does not jump.
    """
    import matplotlib.pyplot as plt
    from IPython.display import display

    with output:
        output.clear_output(wait=True)
        display(fig)
    plt.close(fig)
    return fig


def message_html(message: str, error: bool = False, escape: bool = True) -> str:
    """A sentence as HTML for an ``ipywidgets.HTML``, red when it is an error.

    escape: turn <, > and & into text (always, for messages that come from an exception); False only for
    messages written with markup on purpose, such as "press <b>Train</b>".
    """
    import html

    colour = "#b00020" if error else "#333"
    return f'<div style="color:{colour}; max-width:900px">{html.escape(message) if escape else message}</div>'

