"""Names for the widgets' controls, for keyboards and screen readers (JupyterLab).

ipywidgets 8 draws a slider as a noUiSlider handle (``role="slider"``) that has no accessible name (its description
is a ``<label>`` tied to nothing), and whose ``aria-valuetext`` is the handle's raw position: for a log slider, the
exponent ("4.5" for |Vocab| = 31,623), not the number the readout shows. A row of toggle buttons is not grouped
under its description either. ipywidgets has no Python setting for any of this, so :func:`accessibility_output`
makes a hidden ``Output`` holding a few lines of JavaScript, which JupyterLab runs when it draws the output (the
kernel's outputs in a session are trusted). Put it in a panel with the CSS class :data:`PANEL_CLASS`; the script
then, for every slider in that panel, names the handle and the editable readout after the description and keeps
the handle's value text equal to the readout, and names each row of toggle buttons as a group and marks the pressed
one, again whenever the panel changes. Where no JavaScript runs (a notebook viewer, nbval) it does nothing.
"""
from __future__ import annotations

import ipywidgets as widgets

PANEL_CLASS = "w2vlib-accessible"

SCRIPT = """
(function attach(element, tries) {
  // the output is drawn before the panel puts it on the page: wait (up to 20 s) until it is inside the panel
  const panel = element.closest('.%(panel)s');
  if (!panel) {
    if (tries < 200) { setTimeout(() => attach(element, tries + 1), 100); }
    return;
  }
  const label = (control) => {
    const text = control.querySelector(':scope > .widget-label');
    return text ? text.textContent.trim() : '';
  };
  const name = () => {
    panel.querySelectorAll('.widget-slider').forEach((slider) => {
      const handle = slider.querySelector('.noUi-handle'), readout = slider.querySelector('.widget-readout');
      if (!handle) { return; }
      const description = label(slider);
      if (description && handle.getAttribute('aria-label') !== description) {
        handle.setAttribute('aria-label', description);
      }
      if (readout) {
        const shown = readout.textContent.trim();
        if (handle.getAttribute('aria-valuetext') !== shown) { handle.setAttribute('aria-valuetext', shown); }
        if (readout.getAttribute('aria-label') !== description + ', type a value') {
          readout.setAttribute('role', 'textbox');
          readout.setAttribute('aria-label', description + ', type a value');
        }
      }
    });
    panel.querySelectorAll('.widget-toggle-buttons').forEach((row) => {
      const buttons = row.querySelector('.widget-toggle-button');
      if (buttons && buttons.getAttribute('aria-label') !== label(row)) {
        buttons.setAttribute('role', 'group');
        buttons.setAttribute('aria-label', label(row));
      }
      row.querySelectorAll('button').forEach((button) => {
        const pressed = String(button.classList.contains('mod-active'));
        if (button.getAttribute('aria-pressed') !== pressed) { button.setAttribute('aria-pressed', pressed); }
      });
    });
  };
  name();
  // noUiSlider writes aria-valuetext itself on every move: name again after any change in the panel
  new MutationObserver(name).observe(panel, {subtree: true, childList: true, characterData: true,
                                             attributes: true, attributeFilter: ['class', 'aria-valuetext']});
})(element, 0);
""" % {"panel": PANEL_CLASS}


def accessibility_output() -> widgets.Output:
    """A hidden ``Output`` whose JavaScript names the controls of the panel (class :data:`PANEL_CLASS`) it is in."""
    from IPython.display import Javascript, display

    output = widgets.Output(layout=widgets.Layout(display="none"))
    with output:
        display(Javascript(SCRIPT))
    return output
