"""Records of the suggestions workflow."""
