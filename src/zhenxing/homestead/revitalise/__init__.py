"""闲置盘活: idle-homestead surveys and revitalisation projects (民宿, 文旅 …) with their parcels and
investment."""
