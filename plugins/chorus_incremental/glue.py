"""Connect the incremental output writer and the shared template cache to Pelican's signals."""

from pelican import signals

from . import output, templates


def register() -> None:
    signals.initialized.connect(output.take_over_cleaning)
    signals.initialized.connect(templates.share_compiled_templates)
    signals.get_writer.connect(output.choose_writer)
    signals.all_generators_finalized.connect(output.unshare_static_files)
    signals.finalized.connect(output.sweep)
