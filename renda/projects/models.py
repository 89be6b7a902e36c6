"""Records of the projects workflow."""
