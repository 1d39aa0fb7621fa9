"""Pages of 流转, 有偿使用 and 自愿有偿退出: registers through orgs.registers, detail pages, forms."""
