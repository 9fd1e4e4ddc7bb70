"""The command line: a root group, a subgroup per noun, errors translated once at the edge."""
