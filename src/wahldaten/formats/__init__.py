"""Readers and writers of election-result file formats, one module per format."""
