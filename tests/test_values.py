"""kot.values: how kot declares its types without dataclasses, and what it still gives those that expect one
(pydantic at the file boundary, dataclasses.replace, asdict, fields)."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from kot import values
from kot.errors import Problem
from kot.model import Dosage
from kot.values import FrozenInstanceError, field, record, replace, value


@value
class Point:
    """A test value."""

    x: int
    y: int = 0
    tags: list[str] = field(default_factory=list)


@record
class Tally:
    name: str
    seen: list[str] = field(default_factory=list)
    total: int = 0


def test_a_value_takes_keywords_fills_defaults_and_makes_a_fresh_list_each_time():
    a, b = Point(x=1), Point(x=2, y=3)
    assert (a.x, a.y, a.tags, b.y) == (1, 0, [], 3)
    assert a.tags is not b.tags
    with pytest.raises(TypeError, match="missing the keyword argument 'x'"):
        Point()
    with pytest.raises(TypeError, match="unexpected keyword argument 'z'"):
        Point(x=1, z=2)


def test_a_value_is_slotted_frozen_hashable_and_equal_by_its_fields():
    point = Point(x=1, y=2)
    assert not hasattr(point, "__dict__")
    with pytest.raises(FrozenInstanceError):
        point.x = 5  # type: ignore[misc]
    assert point == Point(x=1, y=2) and point != Point(x=1, y=3)
    assert hash(Point(x=1, y=2, tags=())) == hash(Point(x=1, y=2, tags=()))  # type: ignore[arg-type]
    assert repr(point) == "Point(x=1, y=2, tags=[])"
    assert pickle.loads(pickle.dumps(point)) == point


def test_a_record_takes_positions_and_changes_in_place():
    tally = Tally("knee", ["a"])
    tally.total += 1
    assert (tally.name, tally.seen, tally.total) == ("knee", ["a"], 1)
    assert Tally("x").seen is not Tally("y").seen
    with pytest.raises(TypeError, match="two values for 'name'"):
        Tally("x", name="y")


def test_replace_copies_with_changes_and_keeps_the_rest():
    point = Point(x=1, y=2, tags=["a"])
    moved = replace(point, y=9)
    assert moved == Point(x=1, y=9, tags=["a"]) and point.y == 2
    assert dataclasses.replace(point, x=4) == Point(x=4, y=2, tags=["a"])  # what pydantic and others use


def test_ordered_records_sort_by_their_fields():
    problems = [Problem("b.yaml", 1), Problem("a.yaml", 9), Problem("a.yaml", 2, 5)]
    assert sorted(problems) == [Problem("a.yaml", 2, 5), Problem("a.yaml", 9), Problem("b.yaml", 1)]
    assert len({Problem("a.yaml", 1), Problem("a.yaml", 1)}) == 1


def test_what_dataclasses_would_describe_is_made_by_dataclasses_on_first_use():
    @value
    class Fresh:
        x: int
        y: int = 0
        tags: list[str] = field(default_factory=list)

    assert type(Fresh.__dict__["__dataclass_fields__"]).__name__ == "_Described"  # a stand-in until asked
    assert [f.name for f in dataclasses.fields(Fresh)] == ["x", "y", "tags"]
    assert type(Fresh.__dict__["__dataclass_fields__"]) is dict
    assert dataclasses.is_dataclass(Fresh) and Fresh.__dataclass_params__.frozen is False  # type: ignore[attr-defined]
    assert dataclasses.asdict(Fresh(x=1)) == {"x": 1, "y": 0, "tags": []}
    described = dataclasses.fields(Fresh)
    assert described[1].default == 0 and described[2].default_factory is list and described[0].kw_only


def test_a_file_type_validates_into_the_same_class():
    from kot.boundary import validate

    dose = validate(Dosage, {"sets": 2, "reps": [8, 12]})
    assert type(dose) is Dosage and (dose.sets, dose.reps, dose.rest_seconds) == ((2, 2), (8, 12), 60)


def test_declaring_with_a_dataclasses_field_or_a_shared_mutable_default_is_refused():
    with pytest.raises(TypeError, match="kot.values.field"):

        @value
        class Wrong:
            items: list[int] = dataclasses.field(default_factory=list)

    with pytest.raises(ValueError, match="mutable default"):

        @record
        class Shared:
            items: list[int] = []  # noqa: RUF012 - the mistake under test


def test_plain_walks_values_and_stdlib_dataclasses_alike():
    @dataclasses.dataclass
    class Old:
        a: int

    assert values.plain([Point(x=1), Old(2)]) == [{"x": 1, "y": 0, "tags": []}, {"a": 2}]
