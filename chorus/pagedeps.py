"""What a page was rendered from, as digests a later build can check before rendering it.

A page's inputs are found by watching its render, not by guessing: while a template
renders, every top-level name it looks up in its context is logged (``ReadLog``, fed by
a Jinja ``Context`` subclass), and so is every key read from a ``TrackedMapping`` (a
big lookup table such as ``share_cards`` that each page reads at a few keys). The
page's fingerprint is the digest of the value of each logged name (deep: every object
reachable from it, see ``Digests``) and of each logged mapping read. A later build
with the same template sources, code, settings and, for every logged read, a value
with the same digest would run the same template code over the same values, so it
would write the same bytes: the page is not rendered again.

It is conservative by construction. A value it cannot serialise (an open file, a
generator, a function that reads the whole context without saying what) makes the
page unstatable, and an unstatable page is rendered on every build. Every value a
page reads is digested, so a withdrawn name or a changed consent changes the digest
of every page that showed it.

State lives on objects of one build (``Digests``, ``ReadLog``), never in module globals.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import decimal
import enum
import hashlib
import io
import types
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import PurePath
from typing import Any

ABSENT = b"\0absent"


class Unstatable(Exception):
    """A value whose digest cannot be stated: the page that read it is always rendered."""


class ReadLog:
    """The names and mapping keys read while the current page renders (None: not rendering)."""

    def __init__(self) -> None:
        self._stack: list[tuple[set[str], set[tuple]]] = []

    @property
    def active(self) -> bool:
        return bool(self._stack)

    def name(self, key: str) -> None:
        if self._stack:
            self._stack[-1][0].add(key)

    def lookup(self, path: str, op: str, key: Any = None) -> None:
        if self._stack:
            try:
                encoded = encode_key(key)
            except Unstatable:
                op, encoded = "all", "n"   # depend on the whole mapping instead
            self._stack[-1][1].add((path, op, encoded))

    @contextlib.contextmanager
    def capture(self) -> Iterator[tuple[set[str], set[tuple]]]:
        """Collect the reads of the block (nested captures also count for the outer ones)."""
        reads: tuple[set[str], set[tuple]] = (set(), set())
        self._stack.append(reads)
        try:
            yield reads
        finally:
            self._stack.pop()
            self.replay(reads)

    def replay(self, reads: tuple[set[str], set[tuple]]) -> None:
        """Count ``reads`` (made earlier, e.g. by a reused fragment) as reads of the current page."""
        if self._stack:
            self._stack[-1][0].update(reads[0])
            self._stack[-1][1].update(reads[1])


def encode_key(key: Any) -> str:
    """A mapping key as a string for the record (kind and value), or raise Unstatable."""
    if key is None:
        return "n"
    if isinstance(key, str):
        return "s" + key
    if isinstance(key, int) and not isinstance(key, bool):
        return f"i{key}"
    if isinstance(key, dt.date) and not isinstance(key, dt.datetime):
        return "d" + key.isoformat()
    raise Unstatable(f"mapping key of type {type(key).__name__}")


def decode_key(key: str) -> Any:
    kind, text = key[:1], key[1:]
    if kind == "n":
        return None
    if kind == "i":
        return int(text)
    if kind == "d":
        return dt.date.fromisoformat(text)
    return text


class TrackedMapping(Mapping):
    """A read-only lookup table whose reads are logged one key at a time.

    ``path`` says where a page finds it ("share_cards", "chorus_hub.advocates"), so a
    later build can look the same keys up again. Reading it whole (iterating, ``items``)
    logs a read of every entry."""

    def __init__(self, path: str, data: Mapping | None = None, log: ReadLog | None = None):
        self._path, self._data_dict, self._log = path, dict(data or {}), log

    def attach_read_log(self, log: ReadLog) -> None:
        self._log = log

    def reads_logged_to(self, log: ReadLog) -> bool:
        return self._log is log

    def _data(self) -> Mapping:
        return self._data_dict

    def _note(self, op: str, key: Any = None) -> None:
        if self._log is not None and self._log.active:
            self._log.lookup(self._path, op, key)

    def __getitem__(self, key):
        self._note("get", key)
        return self._data()[key]

    def get(self, key, default=None):
        self._note("get", key)
        return self._data().get(key, default)

    def __contains__(self, key) -> bool:
        self._note("get", key)
        return key in self._data()

    def __len__(self) -> int:
        self._note("len")
        return len(self._data())

    def __bool__(self) -> bool:   # ``{% if feed_links %}`` depends on emptiness alone
        self._note("bool")
        return bool(self._data())

    def __iter__(self):
        self._note("all")
        return iter(self._data())

    def chorus_digest_token(self) -> str:
        return f"tracked:{self._path}"


class TrackedSequence(Sequence):
    """A read-only list whose reads are logged: its length alone (``{% if products %}``), or
    all of it (iterating, indexing). ``path`` as for ``TrackedMapping``."""

    def __init__(self, path: str, items=(), log: ReadLog | None = None):
        self._path, self._items, self._log = path, list(items), log

    def attach_read_log(self, log: ReadLog) -> None:
        self._log = log

    def reads_logged_to(self, log: ReadLog) -> bool:
        return self._log is log

    def _note(self, op: str) -> None:
        if self._log is not None and self._log.active:
            self._log.lookup(self._path, op)

    def __len__(self) -> int:
        self._note("len")
        return len(self._items)

    def __bool__(self) -> bool:
        self._note("bool")
        return bool(self._items)

    def __getitem__(self, index):
        self._note("all")
        return self._items[index]

    def __iter__(self):
        self._note("all")
        return iter(self._items)

    def chorus_digest_token(self) -> str:
        return f"tracked:{self._path}"


def replay_lookup(mapping: Any, op: str, key: Any) -> Any:
    """What the logged read ``op``/``key`` of ``mapping`` gives now (without logging it)."""
    if isinstance(mapping, TrackedSequence):
        items = mapping._items
        return len(items) if op == "len" else bool(items) if op == "bool" else list(items)
    if not isinstance(mapping, TrackedMapping):
        raise Unstatable("a logged mapping is no longer a tracked mapping")
    data = mapping._data()
    if op == "get":
        key = decode_key(key)
        return (key in data, data.get(key))
    if op == "len":
        return len(data)
    if op == "bool":
        return bool(data)
    return sorted(((encode_key(k), v) for k, v in data.items()), key=lambda item: repr(item[0]))


def resolve_path(context: Mapping, path: str) -> Any:
    """``chorus_hub.advocates`` -> context["chorus_hub"].advocates."""
    head, *rest = path.split(".")
    value = context.get(head)
    for name in rest:
        value = getattr(value, name, None)
    return value


_HEAP_TYPE = 1 << 9   # Py_TPFLAGS_HEAPTYPE: a class defined by a class statement
_SCALARS = (str, bytes, int, float, bool, type(None), decimal.Decimal, complex)
_PLAIN_SCALARS = frozenset((int, float, bool, type(None)))   # exact types: ``_scalar``'s last case


class Digests:
    """Canonical digests of values, memoised by identity for one build.

    Objects (anything with a ``__dict__``, ``__slots__`` or dataclass fields) form a
    graph that may have cycles (a story lists its advocate's other stories, which list
    it). Each object gets one digest per build, a Merkle digest: its own fields (plain
    values inline, objects as references) and the digests of the objects it refers to,
    so a value's digest covers everything reachable from it, yet each object is encoded
    and hashed once per build however many pages reach it (the objects are new every
    build). Which of an object's direct references are one and the same object is part
    of its digest; deeper, two distinct objects with equal digests hold the same data
    and are interchangeable for a template, which shows values, not identities.

    Cycles are found as strongly connected components (Tarjan). The members of one are
    put in the order of the digests of their own fields, references inside it become
    positions in that order, and each member's digest is the component's digest and its
    position; if two members' own fields are equal, no such order exists and their
    digests walk the whole graph reachable from them instead (``_walk_digest``, which
    numbers objects in the order first met, so sharing and cycles are stated).
    """

    def __init__(self, skip: Callable[[Any, str, Any], bool] | None = None,
                 extra: Callable[[Any], Mapping[str, Any]] | None = None,
                 read_log: ReadLog | None = None,
                 derived: Callable[[Any], tuple | None] | None = None):
        self._read_log = read_log
        self._derived = derived or (lambda value: None)
        self._skip = skip or (lambda owner, name, value: False)
        self._extra = extra or (lambda node: {})
        self._own: dict[int, tuple[Any, bytes, list[Any]]] = {}   # id -> (obj, fields, refs)
        self._nodes: dict[int, tuple[Any, bytes]] = {}   # id -> (obj, Merkle digest)
        self._whole: dict[int, tuple[Any, str]] = {}
        self._strings: dict[str, str] = {}
        self._plain: dict[tuple[type, Any], str] = {}
        self._plans: dict[type, tuple[bytes, bool, tuple]] = {}   # class -> see ``_plan``
        self._dict_keys: dict[tuple, list[tuple[str, bytes]]] = {}   # see ``_encode_dict``
        self._names: dict[str, bytes] = {}   # field name -> its encoding
        self._object_kinds: set[type] = set()   # classes whose values are plain references

    def digest(self, value: Any) -> str:
        """The digest of ``value`` and everything reachable from it (raises Unstatable)."""
        if type(value) is str:   # names and URLs come back on every page
            found = self._strings.get(value)
            if found is None:
                found = self._strings[value] = hashlib.sha256(self._scalar(value)).hexdigest()
            return found
        kind = type(value)
        if kind in _PLAIN_SCALARS and kind is not float:   # flags and counts on every page
            found = self._plain.get((kind, value))
            if found is None:
                found = self._plain[(kind, value)] = hashlib.sha256(self._scalar(value)).hexdigest()
            return found
        found = self._whole.get(id(value))   # objects and containers met on earlier pages
        if found is not None and found[0] is value:
            return found[1]
        if isinstance(value, _SCALARS):
            return hashlib.sha256(self._scalar(value)).hexdigest()
        source = self._derived(value)
        result = self._derived_digest(source) if source is not None else self._value_digest(value)
        self._whole[id(value)] = (value, result)
        return result

    def _derived_digest(self, source: tuple) -> str:
        """A value worked out from others (a paginator's page from the paginator and its
        number): the digest of what it comes from, each digested (and memoised) whole."""
        hasher = hashlib.sha256(b"derived")
        for part in source:
            hasher.update(self.digest(part).encode())
        return hasher.hexdigest()

    def _value_digest(self, value: Any) -> str:
        """The value's inline encoding, then the digests of the objects it refers to."""
        out: list[bytes] = []
        refs: list[Any] = []
        self._encode(value, out, refs)
        out.append(b";")
        out.append(self._refs_digests(refs, None))
        return hashlib.sha256(b"".join(out)).hexdigest()

    def _refs_digests(self, refs: list[Any], inside: dict[int, int] | None) -> bytes:
        """Each reference as the first position of the same object in ``refs`` (sharing) and
        its object's digest, or its position in the component being digested (``inside``)."""
        parts, first, nodes = [], {}, self._nodes
        for position, ref in enumerate(refs):
            key = id(ref)
            rank = inside.get(key) if inside is not None else None
            if rank is not None:
                parts.append(b"i" + rank.to_bytes(4, "big"))
                continue
            done = nodes.get(key)   # (every reference out of a component is digested by now)
            parts.append(b"x" + first.setdefault(key, position).to_bytes(4, "big")
                         + (done[1] if done is not None and done[0] is ref else self._node(ref)))
        return b"".join(parts)

    def _fields(self, node: Any) -> tuple[Any, bytes, list[Any]]:
        found = self._own.get(id(node))
        if found is not None and found[0] is node:
            return found
        # not memoised when Unstatable: a tracked table may get this build's read log later
        return self._own_fields(node)

    def _node(self, root: Any) -> bytes:
        """The Merkle digest of an object, with those of every object it reaches (once per build)."""
        nodes = self._nodes
        found = nodes.get(id(root))
        if found is not None and found[0] is root:
            return found[1]
        index: dict[int, int] = {id(root): 0}
        low: dict[int, int] = {id(root): 0}
        stack, on_stack = [root], {id(root)}
        calls = [(root, iter(self._fields(root)[2]))]
        while calls:   # Tarjan's algorithm without recursion (object graphs can be deep)
            node, pending = calls[-1]
            for ref in pending:
                key = id(ref)
                done = nodes.get(key)
                if done is not None and done[0] is ref:
                    continue
                if key not in index:
                    index[key] = low[key] = len(index)
                    stack.append(ref)
                    on_stack.add(key)
                    calls.append((ref, iter(self._fields(ref)[2])))
                    break
                if key in on_stack:
                    low[id(node)] = min(low[id(node)], index[key])
            else:
                calls.pop()
                if calls:
                    parent = id(calls[-1][0])
                    low[parent] = min(low[parent], low[id(node)])
                if low[id(node)] == index[id(node)]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(id(member))
                        component.append(member)
                        if member is node:
                            break
                    self._finish(component)
        return nodes[id(root)][1]

    def _finish(self, component: list[Any]) -> None:
        """Digest a strongly connected component whose references outside are all digested."""
        nodes, own = self._nodes, self._own
        if len(component) == 1:
            node = component[0]
            _, fields, refs = own[id(node)]
            if not any(ref is node for ref in refs):
                nodes[id(node)] = (node, hashlib.sha256(
                    b"N" + fields + self._refs_digests(refs, None)).digest())
                return
        ordered = sorted(component, key=lambda member: own[id(member)][1])
        if len({own[id(member)][1] for member in component}) < len(component):
            for member in component:   # no order from the fields alone: walk from each
                nodes[id(member)] = (member, bytes.fromhex(self._walk_digest(member)))
            return
        inside = {id(member): rank for rank, member in enumerate(ordered)}
        hasher = hashlib.sha256(b"C" + len(ordered).to_bytes(4, "big"))
        for member in ordered:
            _, fields, refs = own[id(member)]
            hasher.update(fields + self._refs_digests(refs, inside) + b";")
        whole = hasher.digest()
        for rank, member in enumerate(ordered):
            nodes[id(member)] = (member, hashlib.sha256(b"S" + whole + rank.to_bytes(4, "big")).digest())

    def _walk_digest(self, value: Any) -> str:
        """Breadth first from ``value``: each node's own fields (digested once per build),
        then the numbers of the nodes it refers to, numbered in the order first met (the
        root is 0 and nothing refers to it). One hash over the whole stream."""
        out: list[bytes] = [b"W"]
        refs: list[Any] = []
        self._encode(value, out, refs)
        chunks, order, index = [b"".join(out)], [], {}
        encode_object, position = self._fields, 0
        while True:
            numbers = array("L")
            for ref in refs:
                number = index.get(id(ref))
                if number is None:
                    order.append(ref)
                    number = index[id(ref)] = len(order)
                numbers.append(number)
            chunks.append(numbers.tobytes() + b";")
            if position == len(order):
                return hashlib.sha256(b"".join(chunks)).hexdigest()
            node = order[position]
            position += 1
            found = encode_object(node)
            chunks.append(found[1])
            refs = found[2]

    def _own_fields(self, node: Any) -> tuple[Any, bytes, list[Any]]:
        """The digest of ``node``'s own fields and the objects they refer to, once per build."""
        out: list[bytes] = []
        refs: list[Any] = []
        self._encode_object(node, out, refs)
        found = self._own[id(node)] = (node, hashlib.sha256(b"".join(out)).digest(), refs)
        return found

    @staticmethod
    def _scalar(value: Any) -> bytes:
        if type(value) is str:
            return b"s" + str(len(value)).encode() + b":" + value.encode("utf-8", "surrogatepass")
        if isinstance(value, bytes):
            return b"b" + str(len(value)).encode() + b":" + value
        if isinstance(value, str):   # Markup and other str types render differently
            return f"{type(value).__qualname__}:".encode() + Digests._scalar(str(value))
        return f"{type(value).__name__}:{value!r};".encode()

    def _encode(self, value: Any, out: list[bytes], refs: list[Any]) -> None:
        """Inline encoding of plain values and containers; objects become references."""
        kind = type(value)   # the common exact types first: the same bytes, without the checks below
        if kind in self._object_kinds and "chorus_digest_token" not in getattr(value, "__dict__", ()):
            out.append(b"R")
            refs.append(value)
        elif kind is str:
            out.append(b"s" + str(len(value)).encode() + b":" + value.encode("utf-8", "surrogatepass"))
        elif kind in _PLAIN_SCALARS:
            out.append(f"{kind.__name__}:{value!r};".encode())
        elif kind is list or kind is tuple:
            out.append(f"{kind.__name__}[{len(value)}".encode())
            object_kinds = self._object_kinds
            for item in value:   # lists of pieces: their references without a call each
                if type(item) in object_kinds and "chorus_digest_token" not in getattr(item, "__dict__", ()):
                    out.append(b"R")
                    refs.append(item)
                else:
                    self._encode(item, out, refs)
            out.append(b"]")
        elif kind is dict:
            self._encode_dict(value, out, refs)
        elif kind is dt.datetime or kind is dt.date:
            out.append(_moment(value))
        elif isinstance(value, _SCALARS):
            out.append(self._scalar(value))
        elif isinstance(value, (dt.date, dt.time, dt.timedelta)):
            out.append(_moment(value))
        elif isinstance(value, (enum.Enum, PurePath, dt.tzinfo)):
            out.append(f"{type(value).__qualname__}:{value!r};".encode())
        elif isinstance(value, (list, tuple)):
            out.append(f"{type(value).__name__}[{len(value)}".encode())
            for item in value:
                self._encode(item, out, refs)
            out.append(b"]")
        elif isinstance(value, (set, frozenset)):
            items = []
            for item in value:
                part: list[bytes] = []
                self._encode(item, part, refs_probe := [])
                if refs_probe:
                    raise Unstatable("a set of objects has no stable order")
                items.append(b"".join(part))
            out.append(b"set{" + b",".join(sorted(items)) + b"}")
        elif isinstance(value, (dict, types.MappingProxyType)):
            if type(value) is not dict:
                out.append(b"D" + self._scalar(_function_name(type(value))))
            self._encode_dict(value, out, refs)
        elif isinstance(value, types.ModuleType):
            out.append(b"M" + self._scalar(value.__name__))
        else:
            token = getattr(value, "chorus_digest_token", None)
            if callable(token):
                logged = getattr(value, "reads_logged_to", None)
                if logged is not None and not logged(self._read_log):
                    # its reads are not in this page's log: its token would hide them
                    raise Unstatable(f"{type(value).__name__} does not log its reads to this build")
                out.append(b"T" + self._scalar(token()))
            elif isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type)):
                if getattr(value, "jinja_pass_arg", None) is not None and not getattr(
                        value, "chorus_logs_its_reads", False):
                    raise Unstatable(f"{_function_name(value)} reads the whole template context")
                out.append(b"F" + self._scalar(_function_name(value)) + _code_of(value))
            else:
                out.append(b"R")
                refs.append(value)
                if token is None and not hasattr(kind, "__getattr__"):
                    self._object_kinds.add(kind)   # its class has no token: its values are references

    def _encode_dict(self, value: Mapping, out: list[bytes], refs: list[Any]) -> None:
        """Keys in ``_key_order``; for keys that are all plain strings, their order and encoding
        are worked out once per build for each tuple of keys met (e.g. every story's metadata);
        equal keys of other types may encode differently (0.0 and -0.0, a str and Markup)."""
        keys = tuple(value)
        out.append(f"dict[{len(value)}".encode())
        if set(map(type, keys)) != {str}:
            for key in sorted(keys, key=_key_order):
                self._encode(key, out, refs)
                self._encode(value[key], out, refs)
        else:
            found = self._dict_keys.get(keys)
            if found is None:
                found = self._dict_keys[keys] = [(key, self._scalar(key)) for key in sorted(keys, key=_key_order)]
            self._encode_fields(value, found, out, refs)
        out.append(b"]")

    def _encode_fields(self, values: Mapping, names: list[tuple[str, bytes]], out: list[bytes],
                       refs: list[Any]) -> None:
        """Each of ``names`` (a name and its encoding), then its value in ``values``."""
        encode = self._encode
        for name, encoded in names:
            out.append(encoded)
            item = values[name]
            kind = type(item)   # the same bytes as ``_encode``, without a call for the common cases
            if kind is str:
                out.append(b"s%d:" % len(item) + item.encode("utf-8", "surrogatepass"))
            elif kind in _PLAIN_SCALARS:
                out.append(f"{kind.__name__}:{item!r};".encode())
            else:
                encode(item, out, refs)

    def _encode_object(self, node: Any, out: list[bytes], refs: list[Any]) -> None:
        kind = type(node)
        plan = self._plans.get(kind)
        if plan is None:
            plan = self._plans[kind] = _plan(kind)
        header, refused, layout = plan
        out.append(header)
        if kind is types.MethodType:
            out.append(self._scalar(_function_name(node.__func__)))
            self._encode(node.__self__, out, refs)
            return
        if refused or (node.__class__ is not kind and isinstance(node, (io.IOBase, Iterator))):
            # a type written in C (a lock, a compiled pattern), a file or an iterator:
            # its fields say nothing of what it gives
            raise Unstatable(f"a value of type {kind.__name__}")
        if getattr(node, "jinja_pass_arg", None) is not None:
            raise Unstatable(f"{kind.__name__} reads the whole template context")
        state = _state(node, layout)
        extra = self._extra(node)   # computed values a page shows (Pelican's link-resolved content)
        if extra:
            state = {**state, **{f"\0{name}": value for name, value in extra.items()}}
        skip, names, fields = self._skip, self._names, []
        for name in sorted(state):
            if skip(node, name, state[name]):
                continue
            encoded = names.get(name)
            if encoded is None:
                encoded = names[name] = self._scalar(name)
            fields.append((name, encoded))
        self._encode_fields(state, fields, out, refs)


def _moment(value: Any) -> bytes:
    return (f"{type(value).__name__}:{value.isoformat() if hasattr(value, 'isoformat') else value!r}"
            f"|{getattr(getattr(value, 'tzinfo', None), 'key', None) or getattr(value, 'tzinfo', None)!r};"
            .encode())


def _key_order(key: Any) -> tuple[str, str]:
    return (type(key).__name__, repr(key))


def _code_of(function: Any) -> bytes:
    """A function's compiled code (a filter defined in pelicanconf.py may change there)."""
    code = getattr(function, "__code__", None)
    return b"" if code is None else hashlib.sha256(_code_bytes(code)).digest()


def _code_bytes(code: types.CodeType) -> bytes:
    consts = [_code_bytes(c) if isinstance(c, types.CodeType)   # by content, not address
              else repr(sorted(map(repr, c))).encode() if isinstance(c, frozenset)  # hash order varies
              else repr(c).encode() for c in code.co_consts]
    return code.co_code + b"\0".join(consts) + repr(code.co_names).encode()


def _function_name(function: Any) -> str:
    return f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', repr(function))}"


def _plan(kind: type) -> tuple[bytes, bool, tuple[tuple[str, ...] | None, tuple[str, ...]]]:
    """What ``_encode_object`` works out once per class: the encoded class name, whether its
    values are refused (a type written in C, a file, an iterator), and its ``_layout``."""
    header = b"O" + Digests._scalar(f"{kind.__module__}.{kind.__qualname__}")
    refused = not kind.__flags__ & _HEAP_TYPE or issubclass(kind, (io.IOBase, Iterator))
    return header, refused, _layout(kind)


def _layout(kind: type) -> tuple[tuple[str, ...] | None, tuple[str, ...]]:
    """A class's dataclass fields (None: not a dataclass) and slots, for ``_state``."""
    fields = tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None
    slots = tuple(name for klass in kind.__mro__ for name in getattr(klass, "__slots__", ())
                  if name not in ("__dict__", "__weakref__"))
    return fields, slots


def _state(node: Any, layout: tuple[tuple[str, ...] | None, tuple[str, ...]] | None = None) -> dict[str, Any]:
    fields, slots = layout or _layout(type(node))
    if fields is not None:
        state = {name: getattr(node, name) for name in fields}
        return {**getattr(node, "__dict__", {}), **state}
    state = dict(getattr(node, "__dict__", {}))
    for name in slots:
        if hasattr(node, name):
            state[name] = getattr(node, name)
    if not state and not hasattr(node, "__dict__"):
        raise Unstatable(f"a value of type {type(node).__name__} with no readable state")
    return state
