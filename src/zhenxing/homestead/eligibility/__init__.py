"""资格权: households with their parcels' count and area, and the 一户多宅, 超占 and 非本村村民使用 lists."""
