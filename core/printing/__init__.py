"""Printing: the PDF and .xlsx in the official layout, the bundled font, the check report."""
