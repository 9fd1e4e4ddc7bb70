"""Assessment (考核): indicators, rule variants and side-by-side comparison (Liwan arts. 28–29; seeds 000, 004)."""
