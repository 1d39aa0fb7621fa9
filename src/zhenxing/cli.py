"""The `zhenxing` command.

    zhenxing demo [--port 8000]        migrate, load the demo district if empty, print accounts, serve
    zhenxing serve [--port] [--workers] production server (gunicorn + whitenoise)
    zhenxing migrate                   apply database migrations
    zhenxing createadmin USERNAME [--role R]  an administrator over a unit (三员 roles only here)
    zhenxing load-demo [--seed N] [--scale F]
    zhenxing import KIND FILE [--unit CODE] [--user USERNAME] [--confirm-warnings]
    zhenxing audit verify|checkpoint|digest|archive   the audit chain (zhenxing.ops.commands)
    zhenxing backup [--out DIR] / backup-keys --out FILE / restore DIR [--keys FILE] [--force]
    zhenxing worker                    run background jobs (imports …); demo and serve start one themselves
    zhenxing token USERNAME [NAME]     issue an API token
    zhenxing manage ARGS...            any Django management command
"""

import argparse
import logging
import os
import sys
import time

from zhenxing.ops import commands as ops


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenxing.settings")
    import django

    django.setup()


def _migrate(verbosity: int = 0):
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def _serve(host: str, port: int, workers: int, threads: int):
    from gunicorn.app.wsgiapp import run

    _start_job_worker()

    sys.argv = [
        "gunicorn", "zhenxing.wsgi:application", "--bind", f"{host}:{port}", "--workers", str(workers),
        "--threads", str(threads), "--access-logfile", "-", "--timeout", "300",
        # Above settings.MAX_URL_CHARS, so that the app answers an over-long address in Chinese.
        "--limit-request-line", "8190", *_control_socket(),
    ]
    run()


def _start_job_worker() -> None:
    """The background-job worker beside the web server, stopped with it (ZHENXING_WORKER=0: run it yourself,
    e.g. on another machine)."""
    if os.environ.get("ZHENXING_WORKER", "1") == "0":
        return
    import atexit
    import subprocess

    worker = subprocess.Popen([sys.executable, "-m", "zhenxing.cli", "worker"])
    print(f"后台任务进程已启动（pid {worker.pid}）。", flush=True)
    parent = os.getpid()

    def stop():
        if os.getpid() == parent:  # not in gunicorn's forked workers, which inherit this handler
            worker.terminate()

    atexit.register(stop)


def cmd_worker(args):
    _setup()
    from zhenxing.core import jobs

    print("后台任务进程运行中（Ctrl+C 停止）…", flush=True)
    jobs.run_worker(interval=args.interval, batch=args.batch)


def _control_socket() -> list[str]:
    """gunicorn's control socket goes in the data dir, not the home directory; a Unix socket path is limited
    to about 100 bytes, so with a deeper data dir there is none."""
    path = _data_dir() / "gunicorn.ctl"
    return ["--control-socket", str(path)] if len(str(path).encode()) < 100 else ["--no-control-socket"]


def cmd_demo(args):
    # A demo is signed into by whoever reads the printed accounts; a second factor shared in print would
    # protect nothing, so the demo switches the administrators' requirement off (unless told otherwise)
    # and says so. Enrolling from 我的账号 still works, and then the code is asked for.
    os.environ.setdefault("ZHENXING_REQUIRE_2FA", "0")
    _setup()
    from django.conf import settings

    from zhenxing.demo import accounts, generate

    print("正在迁移数据库 …", flush=True)
    _migrate()
    if generate.is_empty():
        print("正在生成演示区县（沈阳市沈北新区，合成数据）…", flush=True)
        generate.load_demo(seed=args.seed, progress=_progress)
    logins = accounts.ensure_demo_accounts()
    print(f"\n数据目录：{_data_dir()}")
    print(f"访问地址：http://{args.host}:{args.port}/\n演示账号（密码均为 {accounts.DEMO_PASSWORD}）：")
    for username, role_label, place in logins:
        print(f"  {username:<22} {role_label:<10} {place}")
    if settings.ZHENXING_REQUIRE_2FA:
        print("管理员账号须绑定两步验证：首次登录后按页面提示用手机验证器扫码绑定。")
    else:
        print("演示模式：已关闭管理员必须使用两步验证的要求（ZHENXING_REQUIRE_2FA=0）；"
              "生产环境默认开启。任何账号仍可在“我的账号”中自愿绑定。")
    sys.stdout.flush()
    _serve(args.host, args.port, args.workers, args.threads)


def _data_dir():
    from django.conf import settings

    return settings.DATA_DIR


_last_drawn: dict[str, int] = {}


def _progress(done: int, total: int, label: str = ""):
    width = 30
    filled = int(width * done / total) if total else width
    if _last_drawn.get(label) == filled and done < total:
        return  # redraw only when the bar moves, so logs of non-interactive runs stay short
    _last_drawn[label] = filled
    sys.stderr.write(f"\r{label:<8} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def cmd_serve(args):
    _setup()
    _serve(args.host, args.port, args.workers, args.threads)


def cmd_migrate(args):
    _setup()
    _migrate(verbosity=1)


def cmd_createadmin(args):
    _setup()
    import getpass

    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from zhenxing.orgs.access import role_label
    from zhenxing.orgs.models import OrgUnit, RoleAssignment

    password = os.environ.get("ZHENXING_ADMIN_PASSWORD") or getpass.getpass("密码：")
    try:
        validate_password(password)
    except ValidationError as exc:
        sys.exit("密码不符合要求：" + "；".join(exc.messages))
    user_model = get_user_model()
    # The installer's first account is a superuser; the three officers (三员) are ordinary accounts whose
    # role is granted here, on the command line, because no one in the application may grant them.
    if args.role == "district_admin":
        user = user_model.objects.create_superuser(args.username, password=password)
    else:
        user = user_model.objects.create_user(args.username, password=password)
    unit = OrgUnit.objects.filter(code=args.unit).first() if args.unit else None
    if unit:
        RoleAssignment.objects.create(user=user, role=args.role, org_unit=unit)
    label = role_label(args.role)
    print(f"已创建管理员 {user.username}" + (f"（{unit.name} {label}）" if unit else ""))


def cmd_load_demo(args):
    _setup()
    from zhenxing.demo import accounts, generate

    _migrate()
    if not generate.is_empty() and not args.force:
        sys.exit("数据库中已有组织数据；如需重复加载请使用空数据库。")
    try:
        generate.load_demo(seed=args.seed, scale=args.scale, progress=_progress)
    except generate.DemoExists as exc:
        sys.exit(str(exc))
    accounts.ensure_demo_accounts()
    print("演示数据已加载。")


def cmd_import(args):
    _setup()
    from django.contrib.auth import get_user_model
    from django.http import Http404

    from zhenxing.core import imports
    from zhenxing.orgs import access
    from zhenxing.orgs.models import OrgUnit

    spec = imports.specs.get(args.kind)
    if spec is None:
        sys.exit(f"未知的导入类型“{args.kind}”，可选：{'、'.join(imports.specs)}")
    if not os.path.isfile(args.file):
        sys.exit(f"文件“{args.file}”不存在")
    user = get_user_model().objects.filter(username=args.user).first()
    if user is None:
        sys.exit(f"用户“{args.user}”不存在")
    actor = access.actor_for(user)
    if args.unit:
        unit = OrgUnit.objects.filter(code=args.unit).first()
        if unit is None or not (user.is_superuser or actor.can(access.IMPORT, unit.path)):
            sys.exit(f"单位“{args.unit}”不存在或不在用户“{args.user}”的导入范围内")
        scope = unit.path
    else:
        roots = actor.paths(access.IMPORT)
        if not roots and not user.is_superuser:
            sys.exit(f"用户“{args.user}”没有导入权限")
        scope = roots[0] if roots else ""
    state = {"bar": False}

    def on_phase(phase, total):
        state["bar"] = total >= 1000  # a bar only where there is something to wait for
        if phase == "writing":
            print(f"校验通过，正在写入 {total} 行 …", file=sys.stderr, flush=True)

    def on_progress(done, total):
        if state["bar"]:
            _progress(done, total, "校验")

    try:
        result = imports.run(spec, args.file, actor=actor, scope_path=scope, on_progress=on_progress,
                             on_phase=on_phase, file_name=os.path.basename(args.file),
                             confirm_warnings=args.confirm_warnings)
    except Http404:
        sys.exit("该用户无权在此范围导入数据，未写入任何数据。")
    except Exception:  # the write transaction has rolled back; the trace goes to the log
        logging.getLogger("zhenxing.cli").exception("import of %s failed", args.file)
        print("写入时出现意外错误，已全部撤销，未写入任何数据（详情见服务日志）。", file=sys.stderr)
        sys.exit(1)

    def show(items):
        for e in items:
            print(f"  第{e['row']}行 [{e['column']}] {e['message']}", file=sys.stderr)

    if result.errors:
        print(f"发现 {len(result.errors)} 处错误，未写入任何数据：", file=sys.stderr)
        show(result.errors.items)
    if result.warnings and (result.errors or result.needs_confirmation):
        print(f"另有 {len(result.warnings)} 处需要核对的提示：", file=sys.stderr)
        show(result.warnings)
    if result.errors:
        sys.exit(1)
    if result.needs_confirmation:
        print("未写入任何数据。请逐条核对以上提示；确认无误后加 --confirm-warnings 重新导入。",
              file=sys.stderr)
        sys.exit(1)
    confirmed = f"（已确认 {len(result.warnings)} 处提示）" if result.warnings else ""
    print(f"已导入 {result.written} 条{spec.title}记录。{confirmed}")


def cmd_remind(args):
    _setup()
    from zhenxing.core import notify

    told = notify.sweep()
    print(f"已提醒：即将到期 {told['due_soon']} 条，已超期 {told['overdue']} 条。")


def cmd_stats_refresh(args):
    _setup()
    from zhenxing.core import periods
    from zhenxing.orgs.models import OrgUnit
    from zhenxing.stats import snapshots

    try:
        chosen = [periods.parse(p) for p in args.period] or snapshots.default_periods()
    except periods.PeriodError as exc:
        sys.exit(str(exc))
    units = OrgUnit.objects.filter(code=args.unit) if args.unit else OrgUnit.objects.filter(
        parent__isnull=True)
    if not units.exists():
        sys.exit(f"单位代码“{args.unit}”不存在")
    for unit in units:
        started = time.monotonic()
        rows = snapshots.refresh(root_path=unit.path, periods_=chosen)
        took = time.monotonic() - started
        print(f"{unit.name}：{len(chosen)} 个期间，写入 {rows:,} 行，用时 {took:.1f} 秒")


def cmd_token(args):
    _setup()
    from django.contrib.auth import get_user_model

    from zhenxing.orgs.api_auth import issue_token

    user = get_user_model().objects.filter(username=args.username).first()
    if user is None:
        sys.exit(f"用户“{args.username}”不存在")
    print(issue_token(user=user, name=args.name))


def cmd_manage(args):
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zhenxing manage", *args.rest])


def _server_args(p):
    p.add_argument("--host", default=os.environ.get("ZHENXING_HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("ZHENXING_PORT", "8000")))
    p.add_argument("--workers", type=int, default=int(os.environ.get("ZHENXING_WORKERS", "2")))
    p.add_argument("--threads", type=int, default=int(os.environ.get("ZHENXING_THREADS", "4")))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="zhenxing", description="振兴：党建引领乡村振兴平台")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("demo", help="迁移、加载演示区县并启动服务")
    _server_args(p)
    p.add_argument("--seed", type=int, default=2023)
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("serve", help="启动生产服务（gunicorn）")
    _server_args(p)
    p.set_defaults(func=cmd_serve)
    sub.add_parser("migrate", help="迁移数据库").set_defaults(func=cmd_migrate)
    p = sub.add_parser("createadmin", help="创建管理员")
    p.add_argument("username")
    p.add_argument("--unit", help="授予角色的单位代码，如 210113000000")
    p.add_argument("--role", default="district_admin",
                   choices=["district_admin", "system_admin", "security_admin", "audit_admin"],
                   help="授予的角色：区级管理员（缺省，同时为超级用户）、系统管理员、安全管理员、安全审计员")
    p.set_defaults(func=cmd_createadmin)
    p = sub.add_parser("load-demo", help="加载演示数据")
    p.add_argument("--seed", type=int, default=2023)
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--force", action="store_true")
    p.set_defaults(func=cmd_load_demo)
    p = sub.add_parser("import", help="从 Excel/CSV 或 GeoJSON/Shapefile/GeoPackage 导入")
    p.add_argument("kind")
    p.add_argument("file")
    p.add_argument("--user", required=True, help="以此用户身份导入（决定权限与审计）")
    p.add_argument("--unit", help="导入范围的单位代码")
    p.add_argument("--confirm-warnings", action="store_true",
                   help="已核对校验提示（如面积异常大的宗地），仍然导入")
    p.set_defaults(func=cmd_import)
    ops.add_parsers(sub, setup=_setup)
    p = sub.add_parser("worker", help="运行后台任务（导入等）")
    p.add_argument("--interval", type=float, default=1.0, help="无任务时的轮询间隔（秒）")
    p.add_argument("--batch", action="store_true", help="处理完队列中的任务后退出")
    p.set_defaults(func=cmd_worker)
    p = sub.add_parser("remind", help="提醒即将到期和已超期的待办（后台任务进程每 10 分钟自动运行一次）")
    p.set_defaults(func=cmd_remind)
    p = sub.add_parser("stats", help="统计快照")
    stats = p.add_subparsers(dest="stats_command", required=True)
    p = stats.add_parser("refresh", help="重新统计快照（默认：最高级单位；近几年、本季度、本月及其同比环比）")
    p.add_argument("--unit", help="只统计该单位及其下级，如 210113000000")
    p.add_argument("--period", action="append", default=[], help="期间，如 2023、2023Q3、2023-07；可多次给出")
    p.set_defaults(func=cmd_stats_refresh)
    p = sub.add_parser("token", help="签发 API 令牌")
    p.add_argument("username")
    p.add_argument("name", nargs="?", default="cli")
    p.set_defaults(func=cmd_token)
    p = sub.add_parser("manage", help="Django 管理命令", add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
