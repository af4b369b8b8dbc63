"""Connect the incremental output writer (and its generator that renders the queued pages)
and the shared template cache to Pelican's signals."""

from pelican import signals

from . import output, templates


def add_generator(_pelican):
    return output.RenderQueuedPages


def register() -> None:
    signals.initialized.connect(output.take_over_cleaning)
    signals.initialized.connect(templates.share_compiled_templates)
    signals.get_writer.connect(output.choose_writer)
    signals.get_generators.connect(add_generator)
    signals.all_generators_finalized.connect(output.unshare_static_files)
    signals.finalized.connect(output.sweep)
