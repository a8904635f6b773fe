"""Every change of state in the risk app: index methods, indicator values, the index computation,
boundaries and programme evaluations.

The index (:func:`compute_index`) is vectorised with NumPy: a regions × indicators matrix of raw
values (NaN = missing), each column normalised to 0–1 (min–max, z-score through the normal curve,
or percentile rank), flipped where a lower value means higher vulnerability, then weighted. A
region without a value for an indicator leaves that indicator out and its other weights are
renormalised to 100 % (the method's stated missing-data treatment); the explanation says so.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _
from scipy.special import ndtr
from scipy.stats import rankdata

from netra.core.exceptions import OutOfScope
from netra.core.scoping import can, may_in_region
from netra.regions.selectors import region_get, regions_at_level

from .choices import (
    CODE_LENGTH,
    Category,
    Direction,
    Normalisation,
    SourceKind,
    level_of,
)
from .indicators import indicator_source
from .models import (
    Boundary,
    Evaluation,
    EvaluationAction,
    EvaluationIndicator,
    EvaluationScore,
    IndexMethod,
    IndexScore,
    Indicator,
    IndicatorValue,
)
from .permissions import RiskAction

if TYPE_CHECKING:
    from netra.core.typing import AnyUser
    from netra.elections.selectors import Election
    from netra.orgs.selectors import Organisation

WEIGHT_TOTAL = Decimal("100")


# --- Methods and indicators -------------------------------------------------------------------


def _require(actor: AnyUser, obj: Any) -> None:
    if not can(actor, RiskAction.CHANGE, obj):
        raise OutOfScope


def validate_weights(weights: Iterable[Decimal | float | int]) -> None:
    """Weights of a method's indicators must add up to exactly 100 %."""
    total = sum((Decimal(str(w)) for w in weights), Decimal("0"))
    if total != WEIGHT_TOTAL:
        raise ValidationError(
            _("The indicator weights add up to %(total)s %%; they must add up to exactly "
              "100 %%.") % {"total": f"{total.normalize():f}"},
            code="weights",
        )


def _refuse_if_frozen(method: IndexMethod) -> None:
    if method.is_frozen:
        raise ValidationError(
            _("Version %(version)s of this method has already been used for scores and can no "
              "longer change; make a new version.") % {"version": method.version},
            code="frozen",
        )


@dataclass(frozen=True)
class IndicatorSpec:
    key: str
    label: str
    weight: Decimal
    source_kind: str = SourceKind.IMPORTED
    source_key: str = ""
    direction: str = Direction.HIGHER_RISKIER
    normalisation: str = Normalisation.MIN_MAX


def _check_specs(specs: Sequence[IndicatorSpec]) -> None:
    if not specs:
        raise ValidationError(_("A method needs at least one indicator."), code="empty")
    keys = [s.key for s in specs]
    if len(set(keys)) != len(keys):
        raise ValidationError(_("Each indicator key may appear only once."), code="duplicate")
    for spec in specs:
        if spec.source_kind == SourceKind.COMPUTED and indicator_source(spec.source_key) is None:
            raise ValidationError(
                _("Indicator %(key)s: there is no computed source %(source)s.")
                % {"key": spec.key, "source": spec.source_key or "—"},
                code="source",
            )
    validate_weights(s.weight for s in specs)


@transaction.atomic
def create_method(*, actor: AnyUser, key: str, name: str, region_code: str, level: int,
                  indicators: Sequence[IndicatorSpec], description: str = "",
                  low_below: float = 40.0, high_from: float = 60.0) -> IndexMethod:
    """A new method (version 1, or the next version of ``key``) owned by the office of
    ``region_code``; refused when the weights do not add up to 100 % or thresholds are crossed."""
    if not may_in_region(actor, RiskAction.CHANGE, region_code):
        raise OutOfScope
    _check_thresholds(low_below, high_from)
    _check_specs(indicators)
    latest = IndexMethod.objects.filter(key=key).order_by("-version").first()
    method = IndexMethod.objects.create(
        key=key, version=(latest.version + 1) if latest else 1, name=name,
        description=description, region_code=region_code, level=level,
        low_below=low_below, high_from=high_from,
    )
    Indicator.objects.bulk_create([
        Indicator(method=method, key=s.key, label=s.label, weight=Decimal(str(s.weight)),
                  source_kind=s.source_kind, source_key=s.source_key, direction=s.direction,
                  normalisation=s.normalisation, position=i)
        for i, s in enumerate(indicators)
    ])
    return method


def _check_thresholds(low_below: float, high_from: float) -> None:
    if not 0 <= low_below <= high_from <= 100:
        raise ValidationError(
            _("The thresholds must satisfy 0 ≤ low below ≤ high from ≤ 100."), code="thresholds"
        )


@transaction.atomic
def update_method(*, actor: AnyUser, method: IndexMethod, name: str, low_below: float,
                  high_from: float,
                  weights: dict[str, Decimal], description: str | None = None) -> IndexMethod:
    """Change a method version that has not been used yet: name, thresholds, weights."""
    _require(actor, method)
    method = IndexMethod.objects.select_for_update().get(pk=method.pk)
    _refuse_if_frozen(method)
    _check_thresholds(low_below, high_from)
    indicators = list(method.indicators.all())
    validate_weights(weights.get(i.key, i.weight) for i in indicators)
    for indicator in indicators:
        new = Decimal(str(weights.get(indicator.key, indicator.weight)))
        if new != indicator.weight:
            indicator.weight = new
            indicator.save(update_fields=["weight", "updated_at"])
    method.name = name
    method.low_below = low_below
    method.high_from = high_from
    fields = ["name", "low_below", "high_from", "updated_at"]
    if description is not None:
        method.description = description
        fields.append("description")
    method.save(update_fields=fields)
    return method


@transaction.atomic
def new_method_version(*, actor: AnyUser, method: IndexMethod) -> IndexMethod:
    """Copy a method's indicators into its next version (editable again); imported values are
    copied along so the new version starts from the same data."""
    _require(actor, method)
    specs = [IndicatorSpec(i.key, i.label, i.weight, i.source_kind, i.source_key, i.direction,
                           i.normalisation) for i in method.indicators.all()]
    new = create_method(actor=actor, key=method.key, name=method.name,
                        region_code=method.region_code, level=method.level, indicators=specs,
                        description=method.description, low_below=method.low_below,
                        high_from=method.high_from)
    by_key = {i.key: i for i in new.indicators.all()}
    IndicatorValue.objects.bulk_create([
        IndicatorValue(indicator=by_key[v.indicator.key], election_id=v.election_id,
                       region_code=v.region_code, value=v.value, import_job_id=v.import_job_id)
        for v in IndicatorValue.objects.filter(indicator__method=method).select_related("indicator")
    ])
    return new


# --- Indicator values ------------------------------------------------------------------------


def missing_value_message() -> str:
    return _("No value: the region is left out of this indicator and the weights of its other "
             "indicators are renormalised.")


def parse_value(raw: str) -> float | None:
    """A number as written in an Indonesian or English spreadsheet (``12,5`` or ``12.5``);
    None when empty."""
    text = (raw or "").strip().replace("\u00a0", "").replace(" ", "")
    if text in ("", "-", "—"):
        return None
    if "," in text and "." in text:
        # 1.234,5 (Indonesian) or 1,234.5 (English): the last separator is the decimal one.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError as exc:
        raise ValidationError(_("%(value)s is not a number.") % {"value": raw},
                              code="number") from exc
    if not math.isfinite(number):
        raise ValidationError(_("%(value)s is not a number.") % {"value": raw}, code="number")
    return number


def record_indicator_value(*, actor: AnyUser, method: IndexMethod, election: Election,
                           region_code: str,
                           indicator_key: str, raw_value: str, import_job_id: int | None = None
                           ) -> str:
    """Store one imported value (one row of an indicator file): ``"created"``, ``"updated"`` or
    ``"duplicate"``; ValidationError for an unknown region or indicator, a computed indicator,
    a region of another level or outside the method, or a missing value."""
    region_code = (region_code or "").strip()
    indicator = method.indicators.filter(key=(indicator_key or "").strip()).first()
    if indicator is None:
        raise ValidationError(
            _("Unknown indicator %(key)s for this method.") % {"key": indicator_key or "—"},
            code="indicator",
        )
    if indicator.source_kind != SourceKind.IMPORTED:
        raise ValidationError(
            _("Indicator %(key)s is computed from Netra data and cannot be imported.")
            % {"key": indicator.key}, code="computed",
        )
    if region_get(region_code) is None:
        raise ValidationError(
            _("Unknown region code %(code)s: it is not in the Kemendagri list.")
            % {"code": region_code or "—"}, code="region",
        )
    if level_of(region_code) != method.level or not _within(region_code, method.region_code):
        raise ValidationError(
            _("Region %(code)s is not a %(level)s inside this method's area.")
            % {"code": region_code, "level": method.get_level_display().lower()},
            code="level",
        )
    value = parse_value(raw_value)
    if value is None:
        raise ValidationError(missing_value_message(), code="missing")
    existing = IndicatorValue.objects.filter(indicator=indicator, election=election,
                                             region_code=region_code).first()
    if existing is None:
        IndicatorValue.objects.create(indicator=indicator, election=election,
                                      region_code=region_code, value=value,
                                      import_job_id=import_job_id)
        return "created"
    if existing.value == value:
        return "duplicate"
    existing.value = value
    existing.import_job_id = import_job_id
    existing.save(update_fields=["value", "import_job_id", "updated_at"])
    return "updated"


def _within(code: str, prefix: str) -> bool:
    return prefix == "" or code == prefix or code.startswith(prefix + ".")


# --- The index -------------------------------------------------------------------------------


def normalise(column: np.ndarray, how: str) -> np.ndarray:
    """Normalise one column to 0–1, NaN (missing) kept; a column without spread gives 0.5."""
    out = np.full(column.shape, np.nan)
    present = ~np.isnan(column)
    values = column[present]
    if values.size == 0:
        return out
    if how == Normalisation.RANK:
        if values.size == 1:
            out[present] = 0.5
        else:
            out[present] = (rankdata(values, method="average") - 1) / (values.size - 1)
        return out
    low, high = values.min(), values.max()
    if high == low:
        out[present] = 0.5
        return out
    if how == Normalisation.Z_SCORE:
        out[present] = ndtr((values - values.mean()) / values.std())
    else:
        out[present] = (values - low) / (high - low)
    return out


@dataclass
class IndexResult:
    """Scores of ``codes`` (aligned arrays) and the per-indicator detail behind them."""

    codes: list[str]
    scores: np.ndarray
    raw: np.ndarray
    normalised: np.ndarray
    points: np.ndarray
    effective_weights: np.ndarray
    keys: list[str] = field(default_factory=list)


def score_matrix(raw: np.ndarray, weights: Sequence[float], normalisations: Sequence[str],
                 directions: Sequence[str], codes: list[str], keys: list[str]) -> IndexResult:
    """The arithmetic of the index on a regions × indicators matrix (NaN = missing)."""
    normalised = np.column_stack([
        normalise(raw[:, j], normalisations[j]) for j in range(raw.shape[1])
    ]) if raw.size else np.empty(raw.shape)
    lower = np.array([d == Direction.LOWER_RISKIER for d in directions])
    if lower.any():
        normalised[:, lower] = 1.0 - normalised[:, lower]
    w = np.asarray(weights, dtype=float)
    present = ~np.isnan(normalised)
    available = (present * w).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        effective = np.where(present, w, 0.0) * (100.0 / available)[:, None]
        points = np.where(present, normalised, 0.0) * effective
    scores = np.where(available > 0, points.sum(axis=1), np.nan)
    return IndexResult(codes=codes, scores=scores, raw=raw, normalised=normalised, points=points,
                       effective_weights=effective, keys=keys)


def category_for(score: float, method: IndexMethod) -> str:
    if score < method.low_below:
        return Category.LOW
    if score >= method.high_from:
        return Category.HIGH
    return Category.MEDIUM


def _raw_matrix(method: IndexMethod, indicators: list[Indicator], election: Election,
                codes: list[str], actor: AnyUser) -> np.ndarray:
    """The regions × indicators matrix of raw values (NaN = missing). Imported values are read
    with one plain query (no model or per-row ORM work) and placed with NumPy fancy indexing."""
    position = {code: i for i, code in enumerate(codes)}
    raw = np.full((len(codes), len(indicators)), np.nan)
    imported = [j for j, i in enumerate(indicators) if i.source_kind == SourceKind.IMPORTED]
    if imported:
        column_of = {indicators[j].pk: j for j in imported}
        query = IndicatorValue.objects.filter(
            indicator__in=[indicators[j] for j in imported], election=election,
        ).order_by().values_list("indicator_id", "region_code", "value")
        sql, params = query.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if rows:
            get = position.get
            row_index = np.array([get(r[1], -1) for r in rows], dtype=np.int64)
            col_index = np.array([column_of[r[0]] for r in rows], dtype=np.int64)
            value_array = np.array([r[2] for r in rows], dtype=float)
            known = row_index >= 0
            raw[row_index[known], col_index[known]] = value_array[known]
    for j, indicator in enumerate(indicators):
        if indicator.source_kind != SourceKind.COMPUTED:
            continue
        source = indicator_source(indicator.source_key)
        if source is None:
            continue
        for code, value in source.values(codes, election, user=actor).items():
            row = position.get(code)
            if row is not None and value is not None:
                raw[row, j] = float(value)
    return raw


def _json_rows(values: np.ndarray, missing: np.ndarray) -> list[str]:
    """Each row of ``values`` as the inside of a JSON array (``0.5, null, 12.25``), rounded to
    6 decimals, ``null`` where missing. One flat pass of ``float.__repr__`` (what ``json.dumps``
    writes) over the whole matrix, then one join per row; ``numpy.char.mod`` is 3× slower."""
    n, k = values.shape
    flat = list(map(repr, (np.round(np.where(missing, 0.0, values), 6) + 0.0).ravel().tolist()))
    for index in np.flatnonzero(missing.ravel()).tolist():
        flat[index] = "null"
    return [", ".join(flat[i * k:(i + 1) * k]) for i in range(n)]


def explanations(result: IndexResult) -> list[str]:
    """Each region's ``contributions`` as JSON text: four lists aligned with the method's
    indicators (in their order, frozen with the method): raw value, normalised value (0–1),
    effective weight after missing-data treatment (%) and points; ``null`` where the region has
    no value. Built for all regions at once from the matrices (``+ 0.0`` turns ``-0.0`` into
    ``0.0``): 7,200 of them are written per computation (bench/bench_risk.py), and a
    ``json.dumps`` per region cost a quarter of the computation."""
    missing = np.isnan(result.raw)
    columns = [_json_rows(values, missing) for values in (
        result.raw, result.normalised, result.effective_weights, result.points)]
    template = ('{"raw": [%s], "normalised": [%s], "effective_weight": [%s], '
                '"points": [%s]}')
    return [template % row for row in zip(*columns, strict=True)]


SCORE_FIELDS = ("created_at", "updated_at", "region_code", "method", "election", "level",
                "region_name", "score", "rank", "category", "contributions", "computed_at")
SCORE_UPDATED = ("updated_at", "level", "region_name", "score", "rank", "category",
                 "contributions", "computed_at")


def _upsert_scores(params: list[tuple[Any, ...]], *, method: IndexMethod, election: Election,
                   now: datetime) -> None:
    """Insert or update the scores in one ``executemany`` (INSERT … ON CONFLICT DO UPDATE, the
    same on SQLite and PostgreSQL). ``params`` are ``(region_code, region_name, score, rank,
    category, contributions JSON text)``. ``bulk_create(update_conflicts=True)`` prepares every
    value through the ORM and, on SQLite, splits 7,200 rows into ~90 statements: about 4× slower
    (bench/bench_risk.py). Thousands of district scores leave no audit entry each; the audit
    trail keeps the method's freeze and the imported values."""
    if not params:
        return
    ops = connection.ops
    meta = IndexScore._meta

    def column(name: str) -> str:
        field = meta.get_field(name)
        if not isinstance(field, Field) or not field.column:  # concrete fields only
            raise TypeError(name)
        return ops.quote_name(field.column)

    columns = ", ".join(column(name) for name in SCORE_FIELDS)
    # The explanation is already JSON text; PostgreSQL casts it to jsonb.
    json_placeholder = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    placeholders = ", ".join(json_placeholder if name == "contributions" else "%s"
                             for name in SCORE_FIELDS)
    conflict = ", ".join(column(n) for n in ("method", "election", "region_code"))
    updates = ", ".join(f"{column(n)} = excluded.{column(n)}" for n in SCORE_UPDATED)
    table = ops.quote_name(meta.db_table)
    # Every name comes from the model's _meta, every value is a parameter.
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "  # noqa: S608
    sql += f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
    when = ops.adapt_datetimefield_value(now)
    rows = [(when, when, code, method.pk, election.pk, method.level, name, score, rank,
             category, contributions, when)
            for code, name, score, rank, category, contributions in params]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


@dataclass(frozen=True)
class ComputeSummary:
    method_id: int
    election_id: int
    scored: int
    without_data: int


def categories(scores: np.ndarray, method: IndexMethod) -> np.ndarray:
    """:func:`category_for` over an array of scores."""
    return np.where(scores < method.low_below, Category.LOW,
                    np.where(scores >= method.high_from, Category.HIGH, Category.MEDIUM))


@transaction.atomic
def compute_index(*, actor: AnyUser, method: IndexMethod, election: Election) -> ComputeSummary:
    """Compute (or recompute) the index of every region of the method's level inside its area
    for ``election``, freeze the method version, and replace the stored scores."""
    _require(actor, method)
    method = IndexMethod.objects.select_for_update().get(pk=method.pk)
    indicators = list(method.indicators.all())
    regions = regions_at_level(method.level, within=method.region_code)
    codes = [code for code, _name in regions]
    raw = _raw_matrix(method, indicators, election, codes, actor)
    result = score_matrix(
        raw, [float(i.weight) for i in indicators], [i.normalisation for i in indicators],
        [i.direction for i in indicators], codes, [i.key for i in indicators],
    )
    now = timezone.now()
    rounded = np.round(result.scores, 2)
    order = np.argsort(-np.nan_to_num(rounded, nan=-1.0), kind="stable")
    order = order[~np.isnan(rounded[order])]  # regions without any value get no score
    names = [name for _code, name in regions]
    texts = explanations(result)
    params = list(zip(
        [codes[i] for i in order.tolist()], [names[i] for i in order.tolist()],
        rounded[order].tolist(), range(1, len(order) + 1),
        categories(rounded[order], method).tolist(),
        [texts[i] for i in order.tolist()],
        strict=True,
    ))
    _upsert_scores(params, method=method, election=election, now=now)
    # Drop the regions that lost all their data since the last computation.
    stale = IndexScore.objects.filter(method=method, election=election).exclude(
        computed_at=now)
    if stale.exists():
        stale.delete()
    if not method.is_frozen:
        method.frozen_at = now
        method.save(update_fields=["frozen_at", "updated_at"])
    return ComputeSummary(method.pk, election.pk, len(params), len(codes) - len(params))


# --- Boundaries ------------------------------------------------------------------------------

CODE_PROPERTIES = ("region_code", "kode_wilayah", "kode", "code", "kode_kemendagri", "kdepum",
                   "KDEPUM", "ADM_CODE", "kd_wilayah")
DEFAULT_TOLERANCE = 0.0005  # degrees, about 50 m: enough for a choropleth


@dataclass
class BoundaryReport:
    imported: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # feature no, code, message


def _feature_code(properties: dict[str, Any], code_property: str) -> str:
    if code_property:
        return str(properties.get(code_property, "") or "").strip()
    for name in CODE_PROPERTIES:
        if properties.get(name):
            return str(properties[name]).strip()
    return ""


def _normalise_code(code: str) -> str:
    """``3673010`` style codes without dots become ``36.73.01`` (2-2-2-4 digits)."""
    if "." in code or not code.isdigit():
        return code
    widths = (2, 2, 2, 4)
    parts, rest = [], code
    for width in widths:
        if not rest:
            break
        parts.append(rest[:width])
        rest = rest[width:]
    return ".".join(parts)


def parse_geojson(data: bytes) -> list[dict[str, Any]]:
    import json

    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValidationError(_("The file is not valid GeoJSON (JSON could not be read)."),
                              code="json") from exc
    if not isinstance(document, dict):
        raise ValidationError(_("The file is not a GeoJSON FeatureCollection."), code="type")
    if document.get("type") == "Feature":
        return [document]
    if document.get("type") != "FeatureCollection" or not isinstance(
            document.get("features"), list):
        raise ValidationError(_("The file is not a GeoJSON FeatureCollection."), code="type")
    if not document["features"]:
        raise ValidationError(_("The GeoJSON file has no features."), code="empty")
    features: list[dict[str, Any]] = document["features"]
    return features


def import_boundaries(*, actor: AnyUser, data: bytes, source_name: str = "",
                      code_property: str = "",
                      tolerance: float = DEFAULT_TOLERANCE) -> BoundaryReport:
    """Import administrative boundaries from a GeoJSON FeatureCollection.

    Each feature's region code (from ``code_property`` or a usual property name) must be a known
    province, regency/city or district inside the actor's jurisdiction; its geometry must be a
    polygon or multipolygon, repaired with ``make_valid`` when invalid (and reported). Valid
    features are stored simplified (a feature that fails is reported with its number and stores
    nothing); all in one transaction.
    """
    from shapely.geometry import mapping, shape
    from shapely.geometry.base import BaseGeometry
    from shapely.validation import explain_validity, make_valid

    features = parse_geojson(data)
    report = BoundaryReport()
    with transaction.atomic():
        for number, feature in enumerate(features, start=1):
            properties = (feature or {}).get("properties") or {}
            code = _normalise_code(_feature_code(properties, code_property))
            if not code:
                report.errors.append((number, "", _("No region code in the feature's "
                                                    "properties.")))
                continue
            region = region_get(code)
            if region is None or level_of(code) > 3:
                report.errors.append((number, code, _(
                    "Unknown region code %(code)s: it is not a province, regency/city or district "
                    "in the Kemendagri list.") % {"code": code}))
                continue
            if not may_in_region(actor, RiskAction.CHANGE, code):
                report.errors.append((number, code, _("Region %(code)s is outside your "
                                                      "jurisdiction.") % {"code": code}))
                continue
            try:
                geometry: BaseGeometry = shape(feature.get("geometry") or {})
            except (ValueError, TypeError, AttributeError, KeyError):
                report.errors.append((number, code, _("The geometry cannot be read.")))
                continue
            repaired = False
            if not geometry.is_valid:
                reason = explain_validity(geometry)
                geometry = make_valid(geometry)
                geometry = _polygonal(geometry)
                repaired = True
                report.repaired.append(f"{code}: {reason}")
            if geometry is None or geometry.is_empty or geometry.geom_type not in (
                    "Polygon", "MultiPolygon"):
                report.errors.append((number, code, _("The geometry is not a polygon or "
                                                      "multipolygon.")))
                continue
            simplified = geometry.simplify(tolerance, preserve_topology=True)
            if simplified.is_empty:
                simplified = geometry
            Boundary.objects.update_or_create(
                region_code=code,
                defaults={"level": level_of(code), "name": region.name,
                          "geometry": _rounded(mapping(simplified)), "repaired": repaired,
                          "source_name": source_name[:200]},
            )
            report.imported.append(code)
    return report


def _polygonal(geometry: Any) -> Any:
    """The polygonal part of a repaired geometry (make_valid may return a collection)."""
    from shapely.geometry import MultiPolygon

    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    if geometry.geom_type == "GeometryCollection":
        polygons = []
        for part in geometry.geoms:
            if part.geom_type == "Polygon":
                polygons.append(part)
            elif part.geom_type == "MultiPolygon":
                polygons.extend(part.geoms)
        if polygons:
            return MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]
    return None


def _rounded(geometry: dict[str, Any]) -> dict[str, Any]:
    """Coordinates rounded to 5 decimals (about 1 m), as plain lists."""

    def walk(value: Any) -> Any:
        if isinstance(value, list | tuple):
            if value and isinstance(value[0], int | float):
                return [round(float(v), 5) for v in value]
            return [walk(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def delete_boundaries(*, actor: AnyUser, region_codes: Sequence[str]) -> int:
    qs = Boundary.objects.visible_to(actor, RiskAction.CHANGE).filter(region_code__in=region_codes)
    count, _detail = qs.delete()
    return count


# --- Programme evaluation --------------------------------------------------------------------


@transaction.atomic
def open_evaluation(*, actor: AnyUser, organisation: Organisation,
                    election: Election) -> Evaluation:
    """The evaluation of ``organisation`` for ``election``, created with one row per indicator
    (evidence pre-filled from Netra figures where a source exists) when it does not exist yet."""
    if not may_in_region(actor, RiskAction.CHANGE, organisation.region_code):
        raise OutOfScope
    evaluation, created = Evaluation.objects.get_or_create(
        organisation=organisation, election=election,
        defaults={"region_code": organisation.region_code},
    )
    if created:
        from .selectors import evaluation_prefill

        prefill = evaluation_prefill(user=actor, organisation=organisation, election=election)
        EvaluationScore.objects.bulk_create([
            EvaluationScore(evaluation=evaluation, indicator=indicator,
                            evidence=prefill.get(indicator.prefill_key, ""))
            for indicator in EvaluationIndicator.objects.all()
        ])
    return evaluation


@transaction.atomic
def save_evaluation_scores(*, actor: AnyUser, evaluation: Evaluation,
                           scores: dict[int, tuple[int | None, str, str]],
                           summary: str | None = None) -> int:
    """Save the scores ``{indicator_id: (score 1–5 or None, evidence, notes)}``; returns how many
    rows changed."""
    _require(actor, evaluation)
    changed = 0
    for row in evaluation.scores.select_for_update():
        if row.indicator_id not in scores:
            continue
        score, evidence, notes = scores[row.indicator_id]
        if score is not None and not 1 <= score <= 5:
            raise ValidationError(_("A score is a whole number from 1 to 5."), code="score")
        if (row.score, row.evidence, row.notes) != (score, evidence, notes):
            row.score, row.evidence, row.notes = score, evidence, notes
            row.save(update_fields=["score", "evidence", "notes", "updated_at"])
            changed += 1
    if summary is not None and summary != evaluation.summary:
        evaluation.summary = summary
        evaluation.save(update_fields=["summary", "updated_at"])
    return changed


def add_evaluation_action(*, actor: AnyUser, evaluation: Evaluation, description: str, owner: str,
                          due_on: date) -> EvaluationAction:
    _require(actor, evaluation)
    if not description.strip() or not owner.strip():
        raise ValidationError(_("Give the recommendation and the position responsible for it."),
                              code="action")
    return EvaluationAction.objects.create(evaluation=evaluation, description=description.strip(),
                                           owner=owner.strip(), due_on=due_on)


def set_action_status(*, actor: AnyUser, action: EvaluationAction, status: str) -> EvaluationAction:
    _require(actor, action.evaluation)
    if status != action.status:
        action.status = status
        action.save(update_fields=["status", "updated_at"])
    return action


__all__ = [
    "CODE_LENGTH", "BoundaryReport", "ComputeSummary", "IndicatorSpec", "add_evaluation_action",
    "compute_index", "create_method", "import_boundaries", "new_method_version", "normalise",
    "open_evaluation", "parse_value", "record_indicator_value", "save_evaluation_scores",
    "score_matrix", "set_action_status", "update_method", "validate_weights",
]
