"""一张图: each village's parcels drawn on a map (offline, no tiles unless a 天地图 key is set), coloured by
status, with the unit boundaries."""
