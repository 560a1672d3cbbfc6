from django.db import migrations

from placements.catalogue import STANDARD_INSTRUMENTS


def seed_catalogue(apps, schema_editor):
    Region = apps.get_model("accounts", "Region")
    Instrument = apps.get_model("placements", "Instrument")
    for region in Region.objects.all():
        for name, kind, provider, months, description in STANDARD_INSTRUMENTS:
            Instrument.objects.get_or_create(
                region=region, name=name,
                defaults={"kind": kind, "provider": provider, "max_duration_months": months,
                          "description": description},
            )


class Migration(migrations.Migration):
    dependencies = [("placements", "0001_initial"), ("accounts", "0002_labour_market_regions")]

    operations = [migrations.RunPython(seed_catalogue, migrations.RunPython.noop)]
