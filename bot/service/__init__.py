"""What runs beside the bot while it serves: corpus watch, health, metrics."""
