"""Reports of a validation: the model, and renderers for people and machines."""
