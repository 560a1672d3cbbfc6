"""Copy each placement's supervisor and job coach into its team (and back when reversed).

The supervisor becomes a member in the supervisor role from the placement's start; the job coach
(free text) an external coach from the start until `job_coach_until` (at least the start). In
reverse, the latest supervisor and job coach of each placement go back into the fields (a team
of several people cannot be kept in them: the others are dropped with the table)."""

from django.db import migrations

BATCH = 2000


def forwards(apps, schema_editor):
    Placement = apps.get_model("placements", "Placement")
    TeamMember = apps.get_model("placements", "TeamMember")
    rows = (
        Placement.objects.filter(supervisor__isnull=False)
        | Placement.objects.exclude(job_coach_name="")
    ).values_list(
        "pk",
        "start_date",
        "supervisor_id",
        "job_coach_name",
        "job_coach_organisation",
        "job_coach_hours",
        "job_coach_until",
        "created_by_id",
    )
    batch = []
    for pk, start, supervisor, name, organisation, hours, until, by in rows.iterator(BATCH):
        if supervisor:
            batch.append(
                TeamMember(
                    placement_id=pk,
                    role="supervisor",
                    contact_id=supervisor,
                    start=start,
                    created_by_id=by,
                )
            )
        if name:
            batch.append(
                TeamMember(
                    placement_id=pk,
                    role="job_coach",
                    name=name,
                    organisation=organisation,
                    hours_per_week=hours,
                    start=start,
                    end=max(until, start) if until else None,
                    created_by_id=by,
                )
            )
        if len(batch) >= BATCH:
            TeamMember.objects.bulk_create(batch)
            batch = []
    TeamMember.objects.bulk_create(batch)


def backwards(apps, schema_editor):
    Placement = apps.get_model("placements", "Placement")
    TeamMember = apps.get_model("placements", "TeamMember")
    latest = {}
    members = TeamMember.objects.filter(role__in=["supervisor", "job_coach"]).select_related(
        "staff"
    ).order_by(
        "start", "pk"
    )
    for member in members.iterator(BATCH):
        latest[(member.placement_id, member.role)] = member  # the latest start wins
    changed = {}
    for (placement_id, role), member in latest.items():
        placement = changed.get(placement_id) or Placement.objects.get(pk=placement_id)
        if role == "supervisor":
            placement.supervisor_id = member.contact_id
        else:
            staff = member.staff
            placement.job_coach_name = member.name or f"{staff.first_name} {staff.last_name}"
            placement.job_coach_organisation = member.organisation
            placement.job_coach_hours = member.hours_per_week
            placement.job_coach_until = member.end
        changed[placement_id] = placement
    Placement.objects.bulk_update(
        changed.values(),
        [
            "supervisor",
            "job_coach_name",
            "job_coach_organisation",
            "job_coach_hours",
            "job_coach_until",
        ],
        batch_size=BATCH,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0003_placement_team"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
