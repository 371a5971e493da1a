"""How easy a password is to guess: zxcvbn's estimate, plus a check against the e-mail address.

zxcvbn knows the common passwords of published breaches, English words, names, keyboard
patterns, dates, repeats and sequences, and estimates how many guesses a password takes; a
score of 3 ("safely unguessable: moderate protection from an offline attack") is the least
accepted. Pure: no Flask.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence

from zxcvbn import zxcvbn

#: The lowest zxcvbn score accepted (0 to 4).
MIN_SCORE = 3
#: zxcvbn refuses longer input; past this many characters only the start is scored (a long
#: password is not weak for its tail, and the estimate's cost grows with the length).
SCORED_LENGTH = 72

# zxcvbn keeps the words of ``user_inputs`` in a module-level dictionary while it scores: two
# threads scoring at once would see each other's words.
_LOCK = threading.Lock()


def _email_words(email: str) -> list[str]:
    """The address, its local part and the pieces of both (``ann.lee`` -> ``ann``, ``lee``)."""
    email = email.strip().lower()
    if not email:
        return []
    local, _, domain = email.partition("@")
    pieces = re.split(r"[^a-z0-9]+", local) + re.split(r"[^a-z0-9]+", domain.split(".")[0])
    return [email, local, *(p for p in pieces if len(p) >= 3)]


def weakness(password: str, *, email: str = "", others: Sequence[str] = ()) -> str | None:
    """Why ``password`` is too easy to guess, in a sentence for the form; None when it is not."""
    lowered = password.lower()
    local = email.strip().lower().partition("@")[0]
    if email and (
        lowered == email.strip().lower() or (len(local) >= 4 and local in lowered.replace(" ", ""))
    ):
        return "Do not use your e-mail address (or its name part) in the password."
    inputs = _email_words(email) + [o for o in others if o]
    with _LOCK:
        result = zxcvbn(password[:SCORED_LENGTH], user_inputs=inputs)
    if result["score"] >= MIN_SCORE:
        return None
    feedback = result.get("feedback") or {}
    warning = str(feedback.get("warning") or "").strip()
    reason = warning or "It is a pattern or words that password-guessing tools try early."
    if not reason.endswith("."):
        reason += "."
    return (
        f"This password is too easy to guess. {reason} "
        "Try a few unrelated words, or let a password manager make one."
    )
