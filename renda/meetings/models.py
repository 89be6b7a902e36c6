"""Records of the meetings workflow."""
