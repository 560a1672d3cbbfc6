from django.db import migrations


class Migration(migrations.Migration):
    """The single supervisor and job-coach fields, now kept in the team (0004 copied them)."""

    dependencies = [
        ("placements", "0004_team_from_supervisor_and_job_coach"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="placement",
            name="job_coach_hours",
        ),
        migrations.RemoveField(
            model_name="placement",
            name="job_coach_name",
        ),
        migrations.RemoveField(
            model_name="placement",
            name="job_coach_organisation",
        ),
        migrations.RemoveField(
            model_name="placement",
            name="job_coach_until",
        ),
        migrations.RemoveField(
            model_name="placement",
            name="supervisor",
        ),
    ]
