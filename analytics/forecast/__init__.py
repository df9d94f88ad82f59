"""Contact-volume forecasting (placeholder while the engine is built)."""
