"""zhenxing (振兴): party-building-led rural revitalization platform."""
