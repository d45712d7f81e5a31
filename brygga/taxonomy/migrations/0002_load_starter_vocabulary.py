"""Load the starter vocabulary (brygga/taxonomy/data/starter.json); re-runnable, adds only what is missing."""

from types import SimpleNamespace

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def load(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from brygga.taxonomy.loaders import read_starter
    from brygga.taxonomy.services import load_batch

    models = SimpleNamespace(
        Concept=apps.get_model("taxonomy", "Concept"),
        Label=apps.get_model("taxonomy", "Label"),
        Relation=apps.get_model("taxonomy", "Relation"),
    )
    load_batch(read_starter(), models)


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_concepts_labels_relations")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
