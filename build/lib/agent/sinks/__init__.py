"""Where flagged samples and dead letters go."""
