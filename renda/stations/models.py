"""Records of the stations workflow."""
