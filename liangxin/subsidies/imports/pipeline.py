"""Bulk import of retailers' and platforms' files (CSV or XLSX), streamed row by row.

Rows are taken in batches, each batch one transaction that also advances the job's `rows_done`: a crash
or kill leaves whole batches committed and the job resumable from the next row, never half a row.
Importing the same file again finds the same job (by the file's SHA-256) and creates nothing new; each
row also goes through the application fingerprint, so a row already taken in is never taken twice.
"""

import contextlib
import csv
import gc
import hashlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path

from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from liangxin.audit import chain
from liangxin.core import excel, identifiers
from liangxin.core.errors import Conflict
from liangxin.core.fastinsert import Layout
from liangxin.core.workers import ordered_map
from liangxin.subsidies import access, notices
from liangxin.subsidies.imports import heartbeat
from liangxin.subsidies.imports.reading import ImportRefused, count_rows, rows_of
from liangxin.subsidies.intake import applications
from liangxin.subsidies.intake.check_queries import public_id_text
from liangxin.subsidies.intake.exports import personal
from liangxin.subsidies.models import Application, ImportJob, ImportRow, Programme

HEADERS = {
    "姓名": "name",
    "身份证号": "id_number",
    "手机号": "phone",
    "品类": "category",
    "能效等级": "grade",
    "品牌型号": "brand_model",
    "序列号": "serial_number",
    "成交价格": "price",
    "发票号码": "invoice_number",
    "旧机回收凭证号": "voucher_number",
    "销售商户": "retailer",
    "交易时间": "transaction_at",
}
RESULTS = {"pending": "通过", "flagged": "待核查", "refused": "拒绝"}


class LeaseLost(Exception):
    """Another consumer has taken the job over (this one was thought gone): stop, committing nothing more."""


class JobNotReady(Conflict):
    """The job's state does not allow it yet or any more: resuming one that has not stalled, the result
    of one not done."""


@dataclass(slots=True)
class ResultRow:
    """One ImportRow about to be inserted, without a model instance per row."""

    job_id: int
    number: int
    result: str
    reason: str
    cells: str  # the row's own columns, masked, as JSON text
    amount: Decimal | None = None
    application_id: int | None = None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _columns(header: list) -> dict[int, str]:
    names = [str(h).strip() for h in header]
    missing = [h for h in HEADERS if h not in names]
    if missing:
        raise ImportRefused(f"缺少列：{'、'.join(missing)}（表头应为：{'、'.join(HEADERS)}）")
    return {i: HEADERS[name] for i, name in enumerate(names) if name in HEADERS}


def start(user, programme: Programme, path: Path, name: str | None = None) -> ImportJob:
    """The job for this file: a new one, or the existing one (finished or to be resumed)."""
    return _job_for(user, programme, path, name)[0]


def check_header(path: Path) -> None:
    """Refuse a file whose first row lacks the columns (or that is empty) before any job is made for it."""
    rows = rows_of(path)
    try:
        _columns(next(rows))
    except StopIteration as exc:
        raise ImportRefused("文件是空的") from exc
    finally:
        rows.close()


def _job_for(user, programme: Programme, path: Path, name: str | None) -> tuple[ImportJob, bool]:
    digest = sha256_of(path)
    job, created = ImportJob.objects.get_or_create(
        programme=programme,
        sha256=digest,
        defaults={
            "file_name": (name or path.name)[:200],
            "created_by": user if getattr(user, "pk", None) else None,
        },
    )
    if created:
        chain.record("import.start", obj=job, after={"file": job.file_name, "sha256": digest})
    return job, created


def _batches(rows, done: int, size: int) -> Iterator[list[tuple[int, list]]]:
    """The file's non-blank rows after the first `done`, as (number in the file, cells), `size` at a time."""
    numbered = enumerate(rows, start=2)
    return _chunks(
        ((n, cells) for n, cells in numbered if n - 1 > done and any(str(c).strip() for c in cells)), size
    )


PROGRESS_SECONDS = 1.0  # the longest the progress shown stands still while the file is read
PROGRESS_STEPS = 20  # a file of any size is taken in at least this many batches


def _model_prices(path: Path, columns: dict[int, str], on_read=None) -> Iterator[tuple]:
    """The (brand and model, price) cells of every row: a first pass over the file, so that a model's
    usual price is judged over the whole file whatever the batch size. on_read(rows read so far) is
    called every PROGRESS_SECONDS or so, and at the end."""
    position = {field: i for i, field in columns.items()}
    model, price = position["brand_model"], position["price"]
    rows = rows_of(path)
    last = time.monotonic()
    read = 0
    try:
        next(rows)
        for read, cells in enumerate(rows, start=1):
            if on_read and read % 64 == 0 and time.monotonic() - last >= PROGRESS_SECONDS:
                on_read(read)
                last = time.monotonic()
            if len(cells) > model:
                yield cells[model], cells[price] if price < len(cells) else ""
    finally:
        rows.close()
    if on_read:
        on_read(read)


def _reading(job: ImportJob, progress):
    """on_read for the first pass: the job shows the rows read (never fewer than before: a resumed
    import reads the file again) and counts as alive; progress(job), if given, is told."""

    def on_read(read: int) -> None:
        ImportJob.objects.filter(pk=job.pk, rows_read__lt=read).update(rows_read=read)
        ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
        job.rows_read = max(job.rows_read, read)
        if progress:
            progress(job)

    return on_read


def batch_size(job: ImportJob) -> int:
    """Rows per committed batch: settings.IMPORT_BATCH, smaller for a small file, so that its progress
    moves too (a file of one batch went from 0 to the end at once). The verdicts do not depend on it."""
    from django.conf import settings

    steps = -(-(job.total_rows or 0) // PROGRESS_STEPS)
    return max(1, min(settings.IMPORT_BATCH, steps or settings.IMPORT_BATCH))


def percent(job: ImportJob) -> int | None:
    """0–100 of the rows taken in; None while the number of rows is unknown. total_rows counts the
    file's lines, blank ones too, so a finished job is 100 and a running one stays below it."""
    if job.status == ImportJob.Status.DONE:
        return 100
    if not job.total_rows:
        return None
    return min(job.rows_done * 100 // job.total_rows, 99)


def reading(job: ImportJob) -> int | None:
    """0–100 of the file read by the first pass, while no row has been taken in yet; None after."""
    if job.status != ImportJob.Status.RUNNING or job.rows_done or not job.total_rows:
        return None
    return min(job.rows_read * 100 // job.total_rows, 100)


def _chunks(items, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def prepare_batch(programme: Programme, columns: dict[int, str], user_id, batch) -> list:
    """A batch's work that needs no database (run in worker processes): each row prepared, and its own
    columns masked for the result."""
    raws = [{field: cells[i] if i < len(cells) else "" for i, field in columns.items()} for _, cells in batch]
    prepared = applications.prepare(programme, raws, user_id=user_id, source="import", now=timezone.now())
    # where each result column is in the file, which may order its columns otherwise or add its own
    position = {field: i for i, field in columns.items()}
    where = [position[field] for field in HEADERS.values()]
    shown = [
        # the row's own cells as written, less NUL, which no database text can hold; a list in the
        # result's column order, not an object repeating the twelve column names on every row
        json.dumps(
            _masked([str(cells[i]).replace("\x00", "") if i < len(cells) else "" for i in where]),
            ensure_ascii=False,
        )
        for _, cells in batch
    ]
    return list(zip(prepared, shown, strict=True))


def run(
    user,
    job: ImportJob,
    path: Path,
    progress=None,
    workers: int | None = None,
    reading=None,
    worker: str | None = None,
) -> ImportJob:
    """Take in the rows after job.rows_done; call progress(job) after each committed batch, and
    reading(job) as the first pass over the file goes on (job.rows_read). Rows are prepared in `workers`
    processes (settings.IMPORT_WORKERS; 0 = in this one) ahead of the saving. A queue consumer passes
    the `worker` holding the job's lease: each batch checks that it still does (LeaseLost if not)."""
    from django.conf import settings

    if job.status == ImportJob.Status.DONE:
        return job
    rows = rows_of(path)
    try:
        columns = _columns(next(rows))
    except StopIteration as exc:
        raise ImportRefused("文件是空的") from exc
    except ImportRefused as exc:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, error=str(exc)[:300])
        discard_upload(job)
        notices.import_ended(job.pk)
        raise
    prepare = partial(prepare_batch, job.programme, columns, getattr(user, "pk", None))
    workers = settings.IMPORT_WORKERS if workers is None else workers
    try:
        prices = applications.price_sample(
            _model_prices(path, columns, _reading(job, reading)), job.pk if job.rows_done else None
        )
        with _bulk_settings(), _fewer_collections():
            for batch, prepared in ordered_map(
                prepare, _batches(rows, job.rows_done, batch_size(job)), workers
            ):
                job = _take(job, batch, prepared, prepare, prices, worker)
                if progress:
                    progress(job)
    except LeaseLost:
        raise
    except Exception as exc:
        # a fault in the file or the data stops the job with its reason, rather than leaving it "running"
        # for ever; the batches already taken in stay
        reason = (
            str(exc)
            if isinstance(exc, ImportRefused)
            else f"第 {job.rows_done + 2} 行起的一批未能导入：{exc}"
        )
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, error=reason[:300])
        discard_upload(job)
        notices.import_ended(job.pk)
        raise
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.DONE, finished_at=timezone.now())
    job.refresh_from_db()
    discard_upload(job)
    chain.record(
        "import.finish",
        obj=job,
        after={
            "rows": job.rows_done,
            "accepted": job.accepted,
            "flagged": job.flagged,
            "refused": job.refused,
        },
    )
    notices.import_ended(job.pk)
    if progress:
        progress(job)
    return job


@contextlib.contextmanager
def _fewer_collections():
    """Python's cycle collector, run by default every 700 new objects, spent a third of the saving
    process's time going over the rows in flight (which reference counting frees anyway, having no
    cycles) and over everything loaded before the import. For this run, and in the workers forked
    during it: what exists before is set aside, and collections come every 100,000 new objects."""
    before = gc.get_threshold()
    ours = gc.get_freeze_count() == 0  # objects frozen by someone else stay frozen
    if ours:
        gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if ours:
            gc.unfreeze()


BULK_SETTINGS = {
    "sqlite": {"cache_size": "-393216", "wal_autocheckpoint": "50000"},
    "postgresql": {"jit": "off"},
}


def _setting(cursor, name: str, value: str | None = None) -> str:
    """The connection's setting `name`, first set to `value` if given."""
    if connection.vendor == "sqlite":
        if value is not None:
            cursor.execute(f"PRAGMA {name} = {value}")
        return str(cursor.execute(f"PRAGMA {name}").fetchone()[0])
    if value is not None:
        cursor.execute("SELECT set_config(%s, %s, false)", [name, value])
    cursor.execute("SELECT current_setting(%s)", [name])
    return cursor.fetchone()[0]


@contextlib.contextmanager
def _bulk_settings():
    """The connection's settings for this run, set back after it.

    SQLite: a 384 MB page cache, as a million rows' indexes do not fit the default 8 MB (with 256 MB a
    million rows took 180.6 s against 164.7 s; 512 MB brought the import with its workers near 1 GiB);
    and the log folded back into the database every 200 MB rather than every 4 MB, since each batch
    dirties thousands of index pages and folding them after every batch wrote each page twice.

    PostgreSQL: no JIT compilation. The planner takes a batch's look-ups (an index probe per value) for
    costly enough to compile, and compiling them was nearly 60 % of the server's CPU."""
    wanted = BULK_SETTINGS.get(connection.vendor, {})
    with connection.cursor() as cursor:
        before = {name: _setting(cursor, name) for name in wanted}
        for name, value in wanted.items():
            _setting(cursor, name, value)
    try:
        yield
    except BaseException:
        # the run's own error is the one to report: a connection that broke under it cannot be set back,
        # and is closed with it anyway
        with contextlib.suppress(DatabaseError):
            _restore(before)
        raise
    _restore(before)


def _restore(before: dict) -> None:
    with connection.cursor() as cursor:
        for name, value in before.items():
            _setting(cursor, name, value)
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the log shrunk back to nothing


@transaction.atomic
def _take(
    job: ImportJob, batch: list[tuple[int, list]], prepared: list, prepare, prices, worker: str | None
) -> ImportJob:
    job = ImportJob.objects.select_for_update().select_related("programme").get(pk=job.pk)
    if worker is not None and job.worker != worker:
        raise LeaseLost(f"导入任务 {job.pk} 已由 {job.worker or '队列'} 接手")
    if applications.row_terms(job.programme) != applications.row_terms(prepare.args[0]):
        # the rules or the window were edited while the file was being imported: the rows from here on
        # are taken under the new ones, as any application submitted after the change would be
        prepare = partial(prepare_batch, job.programme, *prepare.args[1:])
        prepared = prepare(batch)
    outcomes = applications.save_prepared(job.programme, [row for row, _ in prepared], prices)
    results = []
    counts = {"pending": 0, "flagged": 0, "refused": 0}
    for (number, _), (_, shown), outcome in zip(batch, prepared, outcomes, strict=True):
        if outcome.application is None:
            counts["refused"] += 1
            if outcome.duplicate_of is not None:
                earlier = outcome.duplicate_of.number or public_id_text(outcome.duplicate_of.public_id)
                reason = f"整行：与已受理的申请 {earlier} 重复（同一申请人、品类、发票、序列号和交易时间）"
            else:
                reason = "；".join(str(p) for p in outcome.problems)
            results.append(ResultRow(job.pk, number, RESULTS["refused"], reason[:500], shown))
            continue
        app = outcome.application
        kind = "flagged" if outcome.flags else "pending"
        counts[kind] += 1
        reason = "；".join(f.message for f in outcome.flags)[:500]
        results.append(ResultRow(job.pk, number, RESULTS[kind], reason, shown, app.amount, app.pk))
    layout = Layout(ImportRow, ready=frozenset({"cells"}))
    layout.insert(layout.row(result) for result in results)
    job.rows_done = batch[-1][0] - 1
    job.accepted += counts["pending"]
    job.flagged += counts["flagged"]
    job.refused += counts["refused"]
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["rows_done", "accepted", "flagged", "refused", "heartbeat_at"])
    return job


REFUSED_SHOWN = 50  # refused rows listed on the import's page; the result file has them all


def refused_rows(job: ImportJob, limit: int = REFUSED_SHOWN) -> list[dict]:
    """The first refused rows' faults, one per field: {number, field, reason} (field "整行" when the row
    as a whole was refused)."""
    faults = []
    for number, reason in job.rows.filter(result=RESULTS["refused"]).values_list("number", "reason")[:limit]:
        for part in reason.split("；"):
            field, found, message = part.partition("：")
            faults.append(
                {"number": number, "field": field if found else "整行", "reason": message if found else part}
            )
    return faults


NAME, ID_NUMBER, PHONE = (list(HEADERS).index(column) for column in ("姓名", "身份证号", "手机号"))


def _masked(cells: list[str]) -> list[str]:
    """The row's own columns (in HEADERS order) as kept in the result: personal data masked."""
    number, phone = cells[ID_NUMBER], cells[PHONE]
    cells[ID_NUMBER] = identifiers.mask_id_card(number.strip().upper()) if number else ""
    cells[PHONE] = identifiers.mask_mobile(phone.strip()) if phone else ""
    cells[NAME] = identifiers.mask_name(cells[NAME].strip())
    return cells


RESULT_HEADERS = ["行号", "结果", "原因", "补贴金额", "申请编号", *HEADERS]


RESULT_CHUNK = 2000


def _people(application_ids: list[int]) -> dict[int, tuple[str, str, str]]:
    """Name, ID number and phone in whole, decrypted from the applications the rows became."""
    found = Application.objects.filter(pk__in=application_ids).only(
        "public_id", "applicant_name", "id_number_enc", "phone_enc"
    )
    return {
        app.pk: (app.applicant_name, personal(app, "id_number", True), personal(app, "phone", True))
        for app in found
    }


def result_rows(job: ImportJob, whole: bool = False) -> Iterator[list]:
    """The result's rows, personal data masked; whole, the name, ID number and phone of each row taken
    in come from its application. A refused row's were never kept, so they stay masked."""
    taken = job.rows.annotate(application_number=F("application__number"))
    for chunk in _chunks(taken.iterator(chunk_size=RESULT_CHUNK), RESULT_CHUNK):
        people = _people([row.application_id for row in chunk if row.application_id]) if whole else {}
        for row in chunk:
            cells = row.cells  # results kept before 2026-11-29 hold an object keyed by column name
            cells = list(cells) if isinstance(cells, list) else [cells.get(h, "") for h in HEADERS]
            if row.application_id in people:
                cells[NAME], cells[ID_NUMBER], cells[PHONE] = people[row.application_id]
            yield [row.number, row.result, row.reason, row.amount, row.application_number or "", *cells]


def write_result(job: ImportJob, path: Path, whole: bool = False) -> None:
    """The result file, readable by its owner only (0600): whole, it holds ID numbers in clear."""
    with _private(path, "wb"):
        pass
    os.chmod(path, 0o600)
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(RESULT_HEADERS)
            for cells in result_rows(job, whole):
                writer.writerow([excel.safe(c) if isinstance(c, str) else c for c in cells])
    else:
        workbook = excel.new_workbook(write_only=True)
        excel.add_sheet(workbook, "导入结果", RESULT_HEADERS, result_rows(job, whole), [8, 8, 60, 10, 16])
        workbook.save(path)


def export_result(user, job: ImportJob, path: Path, reason: str = "") -> None:
    """The result file for a user: masked; with a stated reason, whole for a user who may see personal
    data. Audited either way."""
    access.require_action(user, job, "result", JobNotReady)
    whole = bool(reason.strip())
    if whole:
        access.require_action(user, job, "whole_result", JobNotReady)
    write_result(job, path, whole)
    chain.record(
        "export",
        obj=job,
        after={
            "what": "import result",
            "rows": job.rows_done,
            "format": path.suffix.lower().lstrip("."),
            "unmasked": whole,
            "reason": reason.strip(),
        },
    )


def store_upload(programme: Programme, name: str, chunks, user) -> tuple[ImportJob, bool]:
    """Keep an uploaded file under a name of our own (its hash) outside the database, and its job:
    (the job, whether it is new). A file that cannot be imported is refused before a job is made, and
    leaves nothing behind. The file is readable by the server's user only (0600) and is deleted once its
    job has finished (discard_upload): the rows taken in are kept encrypted in the database and the
    result masked, so the file in clear is kept only while the import may still need to resume."""
    from django.conf import settings

    access.require_action(user, programme, "import")

    folder = Path(settings.IMPORT_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ImportRefused("只能导入 CSV 或 XLSX 文件")
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    temporary = folder / f"upload-{timezone.now().timestamp():.6f}-{os.getpid()}{suffix}"
    stored = None
    try:
        with _private(temporary, "wb") as handle:
            written = 0
            for chunk in chunks:
                written += len(chunk)
                if written > limit:
                    raise ImportRefused(f"文件超过 {limit // 1024 // 1024} MB，请分成几个文件导入")
                handle.write(chunk)
        digest = sha256_of(temporary)
        stored = folder / f"{digest}{suffix}"
        temporary.replace(stored)
        check_header(stored)
        total = count_rows(stored)
        job, created = _job_for(user, programme, stored, name)
    except BaseException:
        temporary.unlink(missing_ok=True)
        if stored is not None:
            stored.unlink(missing_ok=True)
        raise
    if not job.stored_name:
        job.stored_name = stored.name
        job.total_rows = total
        job.save(update_fields=["stored_name", "total_rows"])
    if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
        discard_upload(job)  # the same file again, for a job that needs it no more
    return job, created


def _private(path: Path, mode: str):
    """A file only the server's user may read (0600), whatever the umask."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    return os.fdopen(os.open(path, flags, 0o600), mode)


def discard_upload(job: ImportJob) -> None:
    """Delete an uploaded file once its job has finished or failed (neither can resume)."""
    if job.stored_name:
        stored_path(job).unlink(missing_ok=True)


def stored_path(job: ImportJob) -> Path:
    from django.conf import settings

    return Path(settings.IMPORT_DIR) / job.stored_name


def resume(user, job: ImportJob) -> None:
    """Go on with an import that stopped midway, from the row after the last committed batch."""
    access.require_action(user, job, "resume", JobNotReady)
    launch(job)


def launch(job: ImportJob) -> None:
    """Queue the import for a consumer (`liangxin worker`), outside the web request, so that a reload or
    a closed browser does not stop it; a consumer on any machine sharing the queue may take it. The
    tests' queue runs it at once (huey's immediate mode)."""
    from liangxin.subsidies import tasks

    heartbeat.queued(job)
    tasks.run_import(job.pk)
