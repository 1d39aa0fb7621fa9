"""The figures of bench/soak.py: traffic per role and per kind of request, errors by window, memory over
time, writes checked against the database, and the faults."""

import re
from collections import Counter, defaultdict

SOAK_KINDS = {"home", "list", "filter", "record", "api", "geojson", "probe", "write"}


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, -(-int(p * len(s)) // 100) - 1))] if s else float("nan")


def table(headers: list[str], rows: list[list]) -> str:
    cells = [[str(c) for c in r] for r in [headers, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def latency_rows(groups: dict[str, list], seconds: float) -> list[list]:
    rows = []
    for name, hits in sorted(groups.items()):
        ms = [h.ms for h in hits]
        rows.append([name, len(hits), f"{len(hits) / seconds:.1f}", sum(not h.expected for h in hits),
                     sum(h.status == 404 for h in hits if h.kind == "probe"), f"{pct(ms, 50):.0f}",
                     f"{pct(ms, 95):.0f}", f"{pct(ms, 99):.0f}", f"{max(ms):.0f}"])
    return rows


def traffic(hits: list, seconds: float) -> str:
    heads = ["", "requests", "req/s", "errors", "expected 404", "p50 ms", "p95 ms", "p99 ms", "max ms"]
    by_role, by_kind = defaultdict(list), defaultdict(list)
    for h in hits:
        by_role[h.role].append(h)
        by_kind[h.kind].append(h)
    total = latency_rows({"all": hits}, seconds)
    return (table(["role", *heads[1:]], latency_rows(by_role, seconds) + total) + "\n\n"
            + table(["kind", *heads[1:]], latency_rows(by_kind, seconds)))


def windows(soak) -> list[tuple[str, float, float]]:
    """The faults' windows on the run's clock: from the fault to the moment it was over."""
    found = []
    f1 = soak.faults.get("import_kill", {})
    starts = [t for t, text in soak.events if text.startswith("fault 1: uploading")]
    ends = [t for t, text in soak.events if text.startswith("fault 1: job") and "after" in text]
    if starts and ends and f1:
        found.append(("import + worker kill", starts[0], ends[0]))
    f2 = soak.faults.get("db_restart", {})
    if f2:
        t0 = f2["restart_window"][0]
        end = t0 + f2["all_roles_answered_after_s"]
        found.append(("database restart (until every role answered)", t0, end))
    f3 = soak.faults.get("db_restart_in_a_lull", {})
    if f3.get("window"):
        found.append(("database restart in a lull (15 s after)", *f3["window"]))
    return found


def errors(hits: list, soak) -> str:
    spans = windows(soak)
    out = []
    rows = []
    inside_any = set()
    for name, t0, t1 in spans:
        inside = [h for h in hits if t0 <= h.t <= t1]
        inside_any.update(id(h) for h in inside)
        bad = [h for h in inside if not h.expected]
        rows.append([name, f"{t0:.0f}–{t1:.0f} s", len(inside), len(bad), _what(bad)])
    rest = [h for h in hits if id(h) not in inside_any]
    bad = [h for h in rest if not h.expected]
    rows.append(["outside the faults' windows", "", len(rest), len(bad), _what(bad)])
    out.append(table(["window", "time", "requests", "errors", "what"], rows))
    every = [h for h in hits if not h.expected]
    if every:
        out.append("\nerrors (first 15):")
        for h in every[:15]:
            out.append(f"  {h.t:7.1f} s  {h.role:<18} {h.method:<4} {h.status} {h.note:<18} {h.url}")
    return "\n".join(out)


def _what(bad: list) -> str:
    return ", ".join(f"{k}: {v}" for k, v in Counter(_label(h) for h in bad).most_common(4)) or "-"


def _label(h) -> str:
    return f"{h.status or 'no answer'}{' ' + h.note if h.note else ''}"


def memory(samples: list[tuple[float, dict]]) -> str:
    if not samples:
        return "(no samples)"
    names = []
    for _, row in samples:
        names += [n for n in row if n not in names]
    picks = sorted({0, len(samples) // 4, len(samples) // 2, 3 * len(samples) // 4, len(samples) - 1})
    rows = [[f"{samples[i][0]:.0f} s", *[_mb(samples[i][1].get(n)) for n in names]] for i in picks]
    lows, highs, growth = ["min"], ["max"], ["end − its first sample after 60 s of its life"]
    for n in names:
        seen = [(t, row[n]) for t, row in samples if row.get(n) is not None]
        values = [v for _, v in seen]
        lows.append(_mb(min(values)))
        highs.append(_mb(max(values)))
        # a process started late (the new job worker) warms up too
        settled = [v for t, v in seen if t >= seen[0][0] + 60] or values
        growth.append(f"{settled[-1] - settled[0]:+.1f}")
    return table(["RSS MB at", *names], rows + [lows, highs, growth])


def _mb(v) -> str:
    return "-" if v is None else f"{v:.1f}"


def check_writes(soak) -> tuple[str, dict]:
    """Every write the clients attempted, against the rows in the database with its marker."""
    writes = soak.rec.writes
    stored: dict[str, Counter] = {"case": Counter(), "claim": Counter(), "redemption": Counter()}
    with soak.db() as conn:
        like = f"%SOAK{soak.run_id}#%"
        for kind, table_name in (("case", "governance_case"), ("claim", "points_claim")):
            for (text,) in conn.execute(f"SELECT description FROM {table_name} WHERE description LIKE %s",
                                        [like]):
                found = re.search(rf"SOAK{soak.run_id}#[0-9a-f]+", text)
                stored[kind][found.group(0) if found else text] += 1
        keys = [w.key for w in writes if w.kind == "redemption"]
        for (key,) in conn.execute("SELECT request_key FROM points_redemption WHERE request_key = ANY(%s)",
                                   [keys]):
            stored["redemption"][key] += 1
    rows, figures = [], {}
    for kind in ("case", "claim", "redemption"):
        mine = [w for w in writes if w.kind == kind]
        accepted = [w for w in mine if w.accepted]
        refused = [w for w in mine if not w.accepted and w.status in (302, 400)]
        failed = [w for w in mine if not w.accepted and w.status not in (302, 400)]
        lost = [w for w in accepted if stored[kind][w.key] == 0]
        twice = [k for k, n in stored[kind].items() if n > 1]
        unknown = [w for w in failed if stored[kind][w.key]]
        figures[kind] = {"attempted": len(mine), "accepted": len(accepted), "refused": len(refused),
                         "failed": len(failed), "rows": sum(stored[kind].values()), "lost": len(lost),
                         "duplicated": len(twice), "stored_though_failed": len(unknown),
                         "refusals": Counter(w.note for w in refused).most_common(3)}
        rows.append([kind, len(mine), len(accepted), len(refused), len(failed), sum(stored[kind].values()),
                     len(lost), len(twice), len(unknown)])
    text = table(["write", "attempted", "accepted", "refused (rule)", "failed (error)", "rows with marker",
                  "lost", "stored twice", "stored though failed"], rows)
    reasons = [f"  {k} refused: {v['refusals']}" for k, v in figures.items() if v["refusals"]]
    return "\n".join([text, *reasons]), figures


def log_faults(path) -> dict:
    text = path.read_text(errors="replace") if path.exists() else ""
    return {"tracebacks": text.count("Traceback (most recent call last)"),
            "error_lines": sum(1 for line in text.splitlines() if " ERROR " in line or "[ERROR]" in line),
            "worker_timeouts": text.count("WORKER TIMEOUT")}
