import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "用 gunicorn 在 127.0.0.1:$PORT（默认 8000）上提供服务"

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default=os.environ.get("LIANGXIN_HOST", "127.0.0.1"))
        parser.add_argument("--workers", default=os.environ.get("LIANGXIN_WORKERS", "2"))

    def handle(self, *args, port, host, workers, **options):
        self.stdout.write(f"两新平台：http://{host}:{port}/", ending="\n")
        self.stdout.flush()
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        os.execv(  # noqa: S606 - replaces this process with the server
            gunicorn,
            [
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
            ],
        )
