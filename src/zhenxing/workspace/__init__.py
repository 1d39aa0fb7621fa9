"""工作台: each person's home — the to-do queue (待办) for staff, today's work for a grid worker, the
household, points and applications for a villager — and the inbox (消息) with its delivery preferences."""
