"""Reading input: files, folders and zip archives, and the CSV layer."""
