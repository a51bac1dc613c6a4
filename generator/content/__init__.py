"""Read and check content/: files -> position-marked trees -> the validated model -> the index."""
