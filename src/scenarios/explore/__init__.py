"""``scenarios explore``: the interactive what-if explorer. ``session`` holds the state and its
answers (no screen); ``views`` draws them with rich; ``dialogs`` and ``app`` are the Textual
app, imported only when the command runs."""
