"""有偿使用: yearly bills for 超占, 一户多宅 and non-member use, payments (never above what is due) and
reductions (with a reason)."""
