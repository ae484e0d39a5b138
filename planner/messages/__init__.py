"""Message catalogue modules, one per feature; ``planner.i18n`` merges them."""
