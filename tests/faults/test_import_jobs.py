"""Issue 23 items 7 and 8: a confirmed background import lives in the database (ImportJob), so
neither a broker that loses its queue nor a worker killed mid-job loses it, and it is applied
once. Real Redis broker, real worker (a thread, or processes killed with SIGKILL)."""

import pytest
from django.db import connection
from django.urls import reverse

from employers import importer
from employers.importer import jobs
from employers.models import Employer, ImportJob
from employers.tasks import import_employers, sweep_import_jobs
from tests.conftest import running_worker, uses_postgresql
from tests.employers.test_import import confirm, fixture, preview, upload
from tests.faults.conftest import flush_broker, queued_messages, wait_for
from wsp_crm.celery import publish

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

GOOD_EMPLOYERS = 3  # tests/fixtures/import/good.csv


def confirm_in_background(client, monkeypatch):
    monkeypatch.setattr(importer, "SYNC_ROWS", 1)
    preview(client, upload(client, "good.csv"))
    response = confirm(client, mode="all")
    assert response.status_code == 302
    return ImportJob.objects.get()


def import_page(client):
    return client.get(reverse("employers:import")).text


def test_an_import_the_broker_lost_is_queued_again_by_the_sweeper(
    client_for, account_manager, settings, monkeypatch, mailoutbox
):
    flush_broker()
    client = client_for(account_manager)
    job = confirm_in_background(client, monkeypatch)
    assert "De import is gestart" in client.get(reverse("employers:list")).text
    assert job.status == ImportJob.Status.QUEUED and job.data
    assert queued_messages() == 1

    flush_broker()  # the broker loses its queue: the message is gone, the job is not
    assert queued_messages() == 0
    page = import_page(client)
    assert "Je recente imports op de achtergrond" in page
    assert "good.csv" in page and "Wachtend" in page

    settings.IMPORT_JOB_STALE_SECONDS = 0
    with running_worker():
        assert publish(sweep_import_jobs, what="the sweeper")  # what beat does on its schedule
        assert wait_for(lambda: ImportJob.objects.get(pk=job.pk).status == "done"), (
            "the sweeper did not queue the lost import again"
        )
        assert wait_for(lambda: len(mailoutbox) == 1)  # the e-mail follows "done"
    job.refresh_from_db()
    assert job.attempts == 1 and job.data == "" and job.mailed_at is not None
    assert job.result["employers_created"] == GOOD_EMPLOYERS
    assert Employer.objects.count() == GOOD_EMPLOYERS
    assert [mail.subject for mail in mailoutbox] == ["Import van good.csv klaar"]
    page = import_page(client)
    assert "Gedaan" in page and "Import klaar. Werkgevers: 3 nieuw" in page


def test_a_job_delivered_twice_is_applied_once(region, account_manager, mailoutbox):
    job = ImportJob.objects.create(
        requested_by=account_manager,
        region=region,
        filename="good.csv",
        data=importer.pack(fixture("good.csv")),
    )
    assert jobs.run_job(job.pk).written
    assert jobs.run_job(job.pk) is None  # the second delivery finds it done
    assert import_employers(job.pk) is None
    assert Employer.objects.count() == GOOD_EMPLOYERS
    assert len(mailoutbox) == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 1)


def test_the_sweeper_leaves_a_job_alone_while_a_live_worker_holds_it(
    region, account_manager, settings
):
    if not uses_postgresql():
        pytest.skip("row locks need PostgreSQL")
    import psycopg

    job = ImportJob.objects.create(
        requested_by=account_manager,
        region=region,
        filename="good.csv",
        data=importer.pack(fixture("good.csv")),
    )
    assert jobs.claim(job.pk) == 1
    settings.IMPORT_JOB_STALE_SECONDS = 0  # looks stale, but its worker is alive (row locked)
    db = connection.settings_dict
    worker = psycopg.connect(
        dbname=db["NAME"], user=db.get("USER"), host=db.get("HOST"), port=db.get("PORT")
    )
    try:
        worker.execute("SELECT 1 FROM employers_importjob WHERE id = %s FOR UPDATE", [job.pk])
        assert jobs.sweep() == 0
    finally:
        worker.close()
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("running", 1)


def test_a_worker_killed_mid_import_hands_the_job_to_the_next_worker(
    worker_processes, region, account_manager, tmp_path
):
    job = ImportJob.objects.create(
        requested_by=account_manager,
        region=region,
        filename="good.csv",
        data=importer.pack(fixture("good.csv")),
    )
    assert publish(import_employers, (job.pk,), what="the import")
    short = {"CELERY_VISIBILITY_TIMEOUT": 2, "IMPORT_JOB_STALE_SECONDS": 1}
    paused = tmp_path / "paused"
    first = worker_processes.start(FAULTS_PAUSE_IMPORT=paused, **short)
    assert wait_for(paused.exists), worker_processes.logs()
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("running", 1)

    worker_processes.kill(first)  # mid-job: claimed, transaction open, nothing acknowledged
    assert not Employer.objects.exists()  # its transaction went with it

    worker_processes.start(**short)  # no sweeper: the broker redelivers the unacked message
    assert wait_for(lambda: ImportJob.objects.get(pk=job.pk).status == "done"), (
        worker_processes.logs()
    )
    job.refresh_from_db()
    assert job.attempts == 2
    assert Employer.objects.count() == GOOD_EMPLOYERS
    assert wait_for(lambda: worker_processes.mails()), "no outcome e-mail"  # sent after "done"
    [mail] = worker_processes.mails()
    assert "Import van good.csv klaar" in mail.read_text()
