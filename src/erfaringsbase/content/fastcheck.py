"""A quick yes/no check of a document against our JSON Schemas, for the common case.

``jsonschema`` walks a schema keyword by keyword through its reference resolver: about a
millisecond per entry, four times what reading and parsing the file costs. Nearly every
file is valid, and for a valid file only the answer matters. So each schema is compiled
once into plain Python closures that answer "certainly valid?"; only when the answer is
no does ``jsonschema`` run, to find and explain the errors (``schema.check``).

The compiled check must give jsonschema's answer exactly (``oneOf`` counts branches, so
"no" is not always the safe answer). It therefore knows only the keywords our schemas use,
in their 2020-12 meaning, with jsonschema's equality (``1 == 1.0``, ``true != 1``); a schema
with any other keyword is not compiled (``compile_schema`` returns None) and is always
left to ``jsonschema``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from .patterns import ecma_regex

Check = Callable[[Any], bool]
Lookup = Callable[[str, str], tuple[Mapping[str, Any], str]]
#: Format name → whether a value has it (jsonschema's ``FormatChecker`` is made of the same).
Formats = Mapping[str, Callable[[object], bool]]

#: Keywords that only describe; they never make a document invalid.
_ANNOTATIONS: Final = frozenset(
    {"$schema", "$id", "$defs", "$comment", "title", "description", "examples", "default"}
)


class _Unsupported(Exception):
    pass


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


_TYPES: Final[dict[str, Check]] = {
    "string": lambda v: isinstance(v, str),
    "integer": _is_integer,
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def _same(value: Any) -> Any:
    """A hashable stand-in with jsonschema's equality: 1 equals 1.0, but true is not 1."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, list):
        return ("list", tuple(_same(x) for x in value))
    if isinstance(value, dict):
        return ("dict", frozenset((k, _same(x)) for k, x in value.items()))
    return value


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# The checks below run for every value of every file, in every build and validate: plain
# loops and two-way ``and`` instead of ``all()`` over generators halve their time.
def _every(checks: list[Check]) -> Check:
    """A check that passes when all of ``checks`` do (tried in order)."""
    if not checks:
        return lambda v: True
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda v: first(v) and second(v)

    def every(v: Any) -> bool:
        for check in checks:  # noqa: SIM110  (all() over a generator: twice the time)
            if not check(v):
                return False
        return True

    return every


class _Compiler:
    def __init__(self, lookup: Lookup, formats: Formats) -> None:
        self.lookup = lookup
        self.formats = formats
        self.depth = 0

    def compile(self, schema: Any, base: str) -> Check:
        if schema is True:
            return lambda v: True
        if not isinstance(schema, Mapping):
            raise _Unsupported(repr(schema))
        self.depth += 1
        if self.depth > 40:  # a reference cycle: leave it to jsonschema
            raise _Unsupported("too deep")
        try:
            checks = [self._keyword(key, value, schema, base) for key, value in schema.items()]
        finally:
            self.depth -= 1
        return _every([c for c in checks if c is not None])

    def _keyword(self, key: str, value: Any, schema: Mapping[str, Any], base: str) -> Check | None:
        if key in _ANNOTATIONS:
            return None
        if key == "$ref":
            target, target_base = self.lookup(value, base)
            return self.compile(target, target_base)
        if key == "type":
            names = [value] if isinstance(value, str) else list(value)
            tests = [_TYPES[n] for n in names]
            if len(tests) == 1:
                return tests[0]
            return lambda v: any(t(v) for t in tests)
        if key == "enum":
            allowed = frozenset(_same(x) for x in value)
            return lambda v: _same(v) in allowed
        if key == "required":
            required = tuple(value)
            return lambda v: not isinstance(v, dict) or all(n in v for n in required)
        if key == "properties":
            props = {name: self.compile(sub, base) for name, sub in value.items()}

            def properties(v: Any) -> bool:
                if not isinstance(v, dict):
                    return True
                for k, x in v.items():
                    check = props.get(k)
                    if check is not None and not check(x):
                        return False
                return True

            return properties
        if key == "additionalProperties":
            if value is not False or "patternProperties" in schema:
                raise _Unsupported("additionalProperties")
            known = frozenset(schema.get("properties", {}))
            return lambda v: not isinstance(v, dict) or known.issuperset(v)
        if key == "items":
            if "prefixItems" in schema:
                raise _Unsupported("prefixItems")
            item = self.compile(value, base)

            def items(v: Any) -> bool:
                if not isinstance(v, list):
                    return True
                for x in v:  # noqa: SIM110
                    if not item(x):
                        return False
                return True

            return items
        if key == "minItems":
            return lambda v: not isinstance(v, list) or len(v) >= value
        if key == "uniqueItems":
            if not value:
                return None

            def unique(v: Any) -> bool:
                return not isinstance(v, list) or len({_same(x) for x in v}) == len(v)

            return unique
        if key in ("minLength", "maxLength"):
            low = value if key == "minLength" else 0
            high = value if key == "maxLength" else None
            return lambda v: (
                not isinstance(v, str) or (len(v) >= low and (high is None or len(v) <= high))
            )
        if key == "pattern":
            pattern = ecma_regex(value)  # ``$`` is the very end, as in JSON Schema
            return lambda v: not isinstance(v, str) or pattern.search(v) is not None
        if key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            bound = value
            compare: Callable[[Any], bool] = {
                "minimum": lambda x: x >= bound,
                "maximum": lambda x: x <= bound,
                "exclusiveMinimum": lambda x: x > bound,
                "exclusiveMaximum": lambda x: x < bound,
            }[key]
            return lambda v: not _number(v) or compare(v)
        if key == "format":
            name = value
            ok = self.formats.get(name)
            if ok is None:
                return None  # jsonschema ignores formats its checker does not know
            return ok
        if key in ("oneOf", "anyOf", "allOf"):
            branches = [self.compile(sub, base) for sub in value]
            if key == "allOf":
                return _every(branches)
            if key == "anyOf":
                return lambda v: any(b(v) for b in branches)
            return lambda v: sum(1 for b in branches if b(v)) == 1
        raise _Unsupported(key)


def compile_schema(
    schema: Mapping[str, Any], base: str, lookup: Lookup, formats: Formats
) -> Check | None:
    """A function that is True only for documents ``jsonschema`` would accept; or None if
    the schema uses a keyword this module does not know."""
    try:
        return _Compiler(lookup, formats).compile(schema, base)
    except _Unsupported:
        return None
