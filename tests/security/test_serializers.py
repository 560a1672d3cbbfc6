"""Every API serializer lists its fields explicitly, and every writable reference to another
record is limited to what the requesting user may see (issue 8, serializers)."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from rest_framework import serializers

from accounts.models import Region
from wsp_crm.api_support import ScopedPrimaryKeyRelatedField

# Reference data anyone signed in may name: the 35 labour-market regions (public). The services
# decide whether the user may use another region than their own (tests/security/
# test_mass_assignment.py).
PUBLIC_REFERENCE_MODELS = {Region}


def _serializer_classes():
    for config in apps.get_app_configs():
        if Path(config.path).parent != Path(settings.BASE_DIR):
            continue  # not one of the project's own apps
        for module_name in ("serializers", "api"):
            try:
                importlib.import_module(f"{config.name}.{module_name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.{module_name}":
                    raise
    found, todo = set(), [serializers.ModelSerializer]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub.__module__.split(".")[0] not in ("rest_framework", "drf_spectacular"):
                found.add(sub)
            todo.append(sub)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


SERIALIZERS = _serializer_classes()


def test_the_project_has_model_serializers():
    assert len(SERIALIZERS) >= 15


@pytest.mark.parametrize("serializer", SERIALIZERS, ids=lambda cls: cls.__qualname__)
def test_fields_are_listed_explicitly(serializer):
    meta = serializer.Meta
    assert not hasattr(meta, "exclude"), "exclude lets new model fields through"
    assert isinstance(meta.fields, list | tuple), "fields must be an explicit list, not __all__"


@pytest.mark.django_db
@pytest.mark.parametrize("serializer", SERIALIZERS, ids=lambda cls: cls.__qualname__)
def test_writable_references_are_scoped_to_the_user(serializer):
    for name, field in serializer().fields.items():
        child = getattr(field, "child_relation", field)
        if field.read_only or not isinstance(child, serializers.RelatedField):
            continue
        if isinstance(child, ScopedPrimaryKeyRelatedField):
            continue
        assert child.queryset.model in PUBLIC_REFERENCE_MODELS, (
            f"{serializer.__qualname__}.{name} accepts any {child.queryset.model.__name__}"
        )
