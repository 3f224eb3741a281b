"""Notebook 03's "spot the error" checker: which lines of a published solution of parts (d) and (e) are wrong, each
with a short reason.

The published lines are labelled d1–d5 (part (d), the diagonal of the sigmoid's Jacobian, line by line) and e-loss,
e-v_c, e-u_o, e-u_k (part (e)). Four are slips. A set of labels alone could be found by guessing (there are only
2⁹ of them), so the checker asks for a reason per slip and accepts a slip only with a reason that names what is
wrong in it; its feedback never says which entry was refused, or why.
"""
from __future__ import annotations

import re

from .running import run_student, where_it_failed
from .cases import CheckResult

PUBLISHED_LABELS = ("d1", "d2", "d3", "d4", "d5", "e-loss", "e-v_c", "e-u_o", "e-u_k")
_PUBLISHED_SLIPS = frozenset({"d2", "d4", "e-loss", "e-u_k"})
MAX_REASON_LENGTH = 160

# What a reason must mention to name each slip (after lower-casing, "−" as "-", no LaTeX backslashes, braces or $):
#   d2     diag(1/(1 + e^{−x})) is σ itself, not its derivative (the factor e^{−x}/(1 + e^{−x}) was dropped);
#   d4     (−1/(1 + e^{−x}))·(1/(1 + e^{−x})): 1 + e^{−x} − 1 is e^{−x}, not −1 (a sign, the numerator);
#   e-loss the negatives' sum uses u_o where u_{w_k} belongs;
#   e-u_k  1 − σ(u_{w_k}^T v_c) where σ(u_{w_k}^T v_c) belongs (the chain rule through −s_k, the noise label).
_SIGMA = r"(σ|sigma|sigmoid)"
_NAMES_THE_SLIP = {
    "d2": re.compile(rf"itself|deriv|differentiat|just (the )?{_SIGMA}|(is|equals?|=) ?(the )?{_SIGMA}(?!')|"
                     r"(missing|drop|lost|forg|without).*(factor|e\^|exp|numerator|chain)"),
    "d4": re.compile(r"sign|minus|negative|-1|numerator|e\^ ?\(?-x|exp ?\(-x|simplif|cancel|algebra"),
    "e-loss": re.compile(r"u_?o|u_?w|u_?k|outside (vector|word)|negatives?'? (vector|word|score)|noise (vector|word)|"
                         r"wrong (vector|word|index)|index|k-th|kth"),
    "e-u_k": re.compile(rf"1 ?- ?{_SIGMA}|{_SIGMA} ?\(-|should be {_SIGMA}|chain rule|label|real pair|positive pair|"
                        rf"{_SIGMA} ?\((s_?k|u)|-s_?k|sign"),
}


def _normalised(reason: str) -> str:
    text = reason.lower().replace("−", "-").replace("–", "-").replace("\\", "")
    text = re.sub(r"[{}$]", "", text)
    return re.sub(r"\s+", " ", text)


def _accepted(label: str, reason: str) -> bool:
    """A slip with a reason that names what is wrong in it (and not, in the same breath, most other slips)."""
    text = _normalised(reason)
    named = [slip for slip, pattern in _NAMES_THE_SLIP.items() if pattern.search(text)]
    return label in _PUBLISHED_SLIPS and label in named and len(named) < 3


def _parts(labels) -> str:
    parts = sorted({label[0] for label in labels})
    return "part (" + ") and (".join(parts) + ")"


def _judge(slips) -> str:
    name = "check_slips"
    example = "{'d1': 'what is wrong in that line'}"
    if isinstance(slips, (set, frozenset, list, tuple)):
        return (f"✗ {name}: give each slip with a short reason, as a dict such as {example}: a set of labels "
                "alone could be found by guessing.")
    if not isinstance(slips, dict):
        return f"✗ {name}: slips must be a dict of label -> reason such as {example}, got {type(slips).__name__}."
    unknown = sorted(str(label) for label in slips if label not in PUBLISHED_LABELS)
    if unknown:
        return f"✗ {name}: unknown label(s) {unknown}; the labels are {', '.join(PUBLISHED_LABELS)}."
    for label, reason in slips.items():
        if not isinstance(reason, str) or not reason.strip() or len(reason) > MAX_REASON_LENGTH:
            return (f"✗ {name}: the reason for {label!r} must be a short text (a string of 1 to {MAX_REASON_LENGTH} "
                    "characters) that says what is wrong in that line.")
    total = len(_PUBLISHED_SLIPS)
    if not slips:
        return (f"✗ {name}: you flagged no line, but the published solution has {total} slips. Run gradcheck on "
                "every line.")
    accepted = {label for label, reason in slips.items() if _accepted(label, reason)}
    if accepted == _PUBLISHED_SLIPS and len(slips) == total:
        return f"✓ {name} passed: you found all {total} slips, and said what is wrong in each."
    message = f"✗ {name}: {len(accepted)} of your {len(slips)} entries {'is' if len(accepted) == 1 else 'are'} accepted."
    refused = len(slips) - len(accepted)
    if refused:
        message += (f" {refused} {'is' if refused == 1 else 'are'} not: either the line agrees with finite "
                    "differences (it is not a slip), or the reason does not say what is wrong in it (name the term, "
                    "the factor or the sign that is off).")
    missing = _PUBLISHED_SLIPS - accepted
    if missing:
        message += f" The published solution has {total} slips; {len(missing)} still to find, in {_parts(missing)}."
    return message


def check_slips(slips) -> CheckResult:
    """Check the published lines found wrong (notebook 03, exercise 5): a dict ``{label: reason}`` with one short
    reason per slip, or a function that returns it (called without arguments). The message says how many entries
    were accepted and in which part the slips still to find are; it never says which entry was refused."""
    name = "check_slips"
    if callable(slips):
        run = run_student(slips, ())
        if run.timed_out:
            message = f"✗ {name}: your function did not return within {run.time_limit:g} s; an infinite loop?"
        elif isinstance(run.error, NotImplementedError):
            message = (f"✗ {name}: not done yet: your function raises NotImplementedError ({run.error}). "
                       "Replace that line with your code, then run this cell again.")
        elif run.error is not None:
            where = where_it_failed(run.error)
            message = f"✗ {name}: your function raised {type(run.error).__name__}: {run.error}" + (
                f"\n  at {where}" if where else "")
        else:
            message = _judge(run.value)
    else:
        message = _judge(slips)
    result = CheckResult(message.startswith("✓"), message)
    print(result.message)
    return result
