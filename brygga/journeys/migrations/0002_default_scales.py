"""Shared progression scales (organisation = NULL), created once; re-runnable.

Names and steps are stored in English and shown through the message catalogue.
"""

from django.db import migrations

SCALES = {
    "Distance to work": [
        "Far from work",
        "Building everyday structure",
        "Preparing for work",
        "Work-ready with support",
        "Work-ready",
    ],
    "Vocational skills": ["1", "2", "3", "4", "5"],
    "Language": ["1", "2", "3", "4", "5"],
    "Physical functioning": ["1", "2", "3", "4", "5"],
    "Social functioning": ["1", "2", "3", "4", "5"],
    "Psychological functioning": ["1", "2", "3", "4", "5"],
}


def create_scales(apps, schema_editor):
    AssessmentScale = apps.get_model("journeys", "AssessmentScale")
    for name, steps in SCALES.items():
        AssessmentScale.objects.get_or_create(
            organisation=None, name=name, defaults={"steps": steps}
        )


def remove_scales(apps, schema_editor):
    AssessmentScale = apps.get_model("journeys", "AssessmentScale")
    AssessmentScale.objects.filter(organisation=None, name__in=list(SCALES)).delete()


class Migration(migrations.Migration):
    dependencies = [("journeys", "0001_initial")]
    operations = [migrations.RunPython(create_scales, remove_scales)]
