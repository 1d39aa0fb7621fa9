"""The synthetic demo district (沈阳市沈北新区) and one demo account per role."""
