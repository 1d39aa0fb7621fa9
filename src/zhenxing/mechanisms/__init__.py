"""建机制: the district's mechanisms of responsibility — the yearly task list (任务清单) with its progress,
and in later modules 包保, 督办, 述职评议, 擂台比武 and 工作会议 (DOMAIN.md §3)."""
