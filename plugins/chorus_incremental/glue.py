"""Connect the incremental output writer to Pelican's signals."""

from pelican import signals

from . import output


def register() -> None:
    signals.initialized.connect(output.take_over_cleaning)
    signals.get_writer.connect(output.choose_writer)
    signals.finalized.connect(output.sweep)
