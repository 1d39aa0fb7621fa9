"""基础信息: 宗地 and 房屋 registers, their imports (GeoJSON, Shapefile, GeoPackage) and exports, the
永久基本农田 layer, parcel codes, the 资格权 flags of a parcel's household, and the parcel page that lists
the parcel's records in every other module."""
