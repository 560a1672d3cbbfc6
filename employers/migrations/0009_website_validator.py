"""Employer.website: a stricter validator (http or https, no quotes or angle brackets).

Validation only: no column changes and no data is rewritten. An existing address the validator
refuses stays as it is until someone edits that employer (the form then asks to correct it).
"""

import employers.models.employer
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0008_import_jobs"),
    ]

    operations = [
        migrations.AlterField(
            model_name="employer",
            name="website",
            field=models.URLField(
                blank=True,
                validators=[employers.models.employer.WebsiteValidator()],
                verbose_name="website",
            ),
        ),
    ]
