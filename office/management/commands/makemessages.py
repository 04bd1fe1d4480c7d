"""makemessages without fuzzy matching.

msgmerge's fuzzy matching guesses a translation for a new string from a similar old
one and marks it fuzzy; with short Chinese source strings its guesses are nearly
always wrong (待办 → "To read"). New strings should arrive empty, to be translated.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
