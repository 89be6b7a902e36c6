"""Records of the opinions workflow."""
