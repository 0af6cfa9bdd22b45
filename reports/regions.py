"""The region table in the database, loaded from the gazetteer's data file."""

from django.db import transaction

from reports.gazetteer import Gazetteer
from reports.models import Region


def load_regions(gazetteer: Gazetteer | None = None, region_model=Region) -> dict[str, int]:
    """Create or update every division; safe to run again. Returns counts.

    `region_model` is the Region model to write through: a data migration passes its historical one.
    """
    gazetteer = gazetteer or Gazetteer.default()
    Region = region_model  # noqa: N806 - the model class, current or historical
    existing = {region.adcode: region for region in Region.objects.all()}
    created = updated = 0
    with transaction.atomic():
        for division in gazetteer:  # parents come before their children
            values = {
                "name": division.name,
                "short_name": division.short_name,
                "level": division.level,
                "parent_id": division.parent,
                "former_names": "|".join(division.former_names),
            }
            region = existing.get(division.adcode)
            if region is None:
                Region.objects.create(adcode=division.adcode, **values)
                created += 1
            elif any(getattr(region, field) != value for field, value in values.items()):
                Region.objects.filter(pk=division.adcode).update(**values)
                updated += 1
    return {"created": created, "updated": updated, "total": len(gazetteer)}


def find_region(name_or_adcode: str) -> Region | None:
    """A region from an adcode or a (possibly qualified) name such as 温州市瓯海区."""
    value = name_or_adcode.strip()
    if value.isdigit():
        return Region.objects.filter(pk=value).first()
    match = Gazetteer.default().resolve(value)
    if match.division is None:
        return None
    return Region.objects.filter(pk=match.division.adcode).first()
