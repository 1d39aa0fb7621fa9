"""What the modules' indicators share: their group on the dashboards."""

GROUP = "建机制"
