import os
import signal
import subprocess  # noqa: S404 - the project's own server and consumer, fixed arguments
import sys
import time

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "用 gunicorn 在 127.0.0.1:$PORT（默认 8000）上提供服务，并启动一个任务队列消费进程（liangxin worker），"
        "退出时一并停止；--no-worker 只启动网页服务（消费进程另行运行，如生产环境的 systemd 服务）"
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default=os.environ.get("LIANGXIN_HOST", "127.0.0.1"))
        parser.add_argument("--workers", default=os.environ.get("LIANGXIN_WORKERS", "2"))
        parser.add_argument("--no-worker", action="store_true", help="不启动任务队列消费进程")

    def handle(self, *args, port, host, workers, no_worker, **options):
        self.stdout.write(f"两新平台：http://{host}:{port}/", ending="\n")
        self.stdout.flush()
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        command = [
            gunicorn,
            "liangxin.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--threads",
            "4",
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            "127.0.0.1",
        ]
        if no_worker:
            os.execv(gunicorn, command)  # noqa: S606 - replaces this process with the server
        if not run_together(command, [sys.executable, "-m", "liangxin.cli", "worker"]):
            raise CommandError("网页服务或任务队列消费进程意外退出，另一个已随之停止")


def run_together(server: list[str], consumer: list[str]) -> bool:
    """Run the web server and the consumer until either exits or this process is told to stop (Ctrl-C,
    SIGTERM); then stop both. The consumer has a session of its own, so that Ctrl-C reaches it only as
    the SIGTERM sent here: huey stops at once on SIGTERM, where on SIGINT it would wait for a running
    import to finish (an interrupted import is resumed by the next consumer). False if a child exited
    of itself."""

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    children = [
        subprocess.Popen(consumer, start_new_session=True),  # noqa: S603
        subprocess.Popen(server),  # noqa: S603
    ]
    stopped = False
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    except KeyboardInterrupt:
        stopped = True
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    return stopped
