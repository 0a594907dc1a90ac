"""What one rendering of a template may cost: output size, loop iterations (and calls), wall time.

Templates are written through the API and rendered by the worker with event data: a nested loop or
`'x' * 1.5e9` must fail that one message with a clear reason, not hang or exhaust the consumer. The
sandbox of adapters/templates.py renders through this environment, which
- wraps every `for` loop's iterable and every `~` concatenation (a rewrite of the parsed template)
  and intercepts calls, filters and the operators that build large values, counting each step
  against a budget of iterations and a deadline;
- refuses, before they are computed, the values larger than the output limit that `*`, `+`, `%`,
  `**`, padding (`center`, `indent`, ...), `format` widths and `replace` would build.
"""
from __future__ import annotations

import contextvars
import functools
import math
import re
import time
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.runtime import Context, markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment
from jinja2.visitor import NodeTransformer


@dataclass(frozen=True)
class TemplateLimits:
    """Per rendering of one part (subject, body, HTML)."""

    output_chars: int = 100_000
    steps: int = 100_000  # loop iterations, calls and filters, in all
    seconds: float = 1.0


class TemplateLimitExceeded(Exception):
    """A template went past one of its limits; the message says which."""


_BUDGET: contextvars.ContextVar["_Budget | None"] = contextvars.ContextVar("template_budget", default=None)
_PADDING_FILTERS = {"center", "indent", "wordwrap", "truncate", "batch", "slice"}
_PADDING_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}
_PERCENT_WIDTH = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\d*|\*)(?:\.(\d+|\*))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*?:([^{}]*)\}")
_NESTED_SPEC = re.compile(r"\{[^{}]*:[^{}]*\{")
_SIZED = (str, list, tuple)


class _Budget:
    def __init__(self, limits: TemplateLimits):
        self.limits, self.steps = limits, 0
        self.ends = time.monotonic() + limits.seconds

    def step(self) -> None:
        self.steps += 1
        if self.steps > self.limits.steps:
            raise TemplateLimitExceeded(f"template exceeded {self.limits.steps} loop iterations and calls")
        if time.monotonic() > self.ends:
            raise TemplateLimitExceeded(f"template exceeded the time limit of {self.limits.seconds:g} s")


def _step() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.step()


def render_limited(template, context: dict[str, Any], limits: TemplateLimits) -> str:
    """Render a template of LimitedSandbox within `limits`; TemplateLimitExceeded past one."""
    token = _BUDGET.set(_Budget(limits))
    try:
        parts, size = [], 0
        for chunk in template.generate(context):
            size += len(chunk)
            if size > limits.output_chars:
                raise _too_long(limits.output_chars)
            parts.append(chunk)
            _step()
        return "".join(parts)
    finally:
        _BUDGET.reset(token)


def _too_long(cap: int) -> TemplateLimitExceeded:
    return TemplateLimitExceeded(f"template exceeded the output limit of {cap} characters")


class _Guards(Extension):
    """Reached from templates rewritten by _Rewrite (an extension attribute: a template cannot shadow it)."""

    def loop(self, iterable):
        """Each iteration of a `for` costs a step."""
        for item in iterable:
            _step()
            yield item

    def concat(self, *parts):
        """`a ~ b`, refused when the result would pass the output limit."""
        _step()
        texts = [str(p) for p in parts]
        if sum(map(len, texts)) > self.environment.limits.output_chars:
            raise _too_long(self.environment.limits.output_chars)
        return markup_join(parts) if self.environment.autoescape else str_join(parts)


_GUARDS = _Guards.identifier


class _Rewrite(NodeTransformer):
    def visit_For(self, node: nodes.For) -> nodes.For:
        self.generic_visit(node)
        node.iter = nodes.Call(nodes.ExtensionAttribute(_GUARDS, "loop"), [node.iter], [], None, None,
                               lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Call:
        self.generic_visit(node)
        return nodes.Call(nodes.ExtensionAttribute(_GUARDS, "concat"), node.nodes, [], None, None,
                          lineno=node.lineno)


class LimitedSandbox(SandboxedEnvironment):
    """The sandbox with the limits above; compile with `compile_limited`, render with `render_limited`."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, limits: TemplateLimits = TemplateLimits(), **options):
        super().__init__(extensions=[_Guards], **options)
        self.limits = limits
        self.globals.pop("lipsum", None)  # pages of generated text on demand: nothing a notification needs
        self.filters = {name: self._guarded(name, f) for name, f in self.filters.items()}

    def compile_limited(self, source: str):
        """The template, its loops and concatenations rewritten to count against the budget."""
        return self.from_string(_Rewrite().visit(self.parse(source)))

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        """An operator, refused when its result would pass the limits."""
        _step()
        self._check_binop(operator, left, right)
        return self._sized(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (jinja2's signature)
        """A call (a method, a macro, a global), counted and checked."""
        _step()
        name = getattr(__obj, "__name__", "")
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            __self._check_method(owner, name, args, kwargs)
        return __self._sized(SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any):
        """`'{:>9}'.format(...)`, which the sandbox wraps: widths are checked before formatting."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        pattern = value.__self__

        def checked(*args, **kwargs):
            self._check_format(pattern, args, kwargs)
            return self._sized(wrapped(*args, **kwargs))
        return checked

    def _guarded(self, name: str, function):
        @functools.wraps(function)  # keeps jinja's pass_context markers
        def guarded(*args, **kwargs):
            _step()
            values = [a for a in args if not _is_jinja_context(a)]
            if name in _PADDING_FILTERS:
                self._check_widths(values[1:], kwargs)
            elif name == "format" and values and isinstance(values[0], str):
                self._check_format(values[0], values[1:], kwargs)
            elif name == "replace" and len(values) >= 3:
                self._check_replace(str(values[0]), str(values[1]), str(values[2]))
            return self._sized(function(*args, **kwargs))
        return guarded

    def _check_binop(self, operator: str, left: Any, right: Any) -> None:
        cap = self.limits.output_chars
        if operator == "*":
            seq, times = (left, right) if isinstance(left, _SIZED) else (right, left)
            if isinstance(seq, _SIZED) and isinstance(times, (int, float)) and len(seq) * times > cap:
                raise _too_long(cap)
        elif operator == "+" and isinstance(left, _SIZED) and isinstance(right, _SIZED):
            if len(left) + len(right) > cap:
                raise _too_long(cap)
        elif operator == "%" and isinstance(left, str):
            self._check_format(left, right if isinstance(right, tuple) else (right,), {})
        elif operator == "**" and isinstance(left, (int, float)) and isinstance(right, (int, float)):
            if abs(left) > 1 and right > 0 and right * math.log2(abs(left)) > 4096:
                raise TemplateLimitExceeded("template exceeded the size of numbers (2**4096)")

    def _check_method(self, text: str, name: str, args: tuple, kwargs: dict) -> None:
        if name in _PADDING_METHODS:
            self._check_widths(args, kwargs)
        elif name in ("format", "format_map"):
            self._check_format(text, args, kwargs)
        elif name == "replace" and len(args) >= 2:
            self._check_replace(text, str(args[0]), str(args[1]))

    def _check_widths(self, args, kwargs: dict) -> None:
        cap = self.limits.output_chars
        if any(isinstance(v, (int, float)) and v > cap for v in (*args, *kwargs.values())):
            raise _too_long(cap)

    def _check_format(self, pattern: str, args, kwargs: dict) -> None:
        widths = [int(n) for match in _PERCENT_WIDTH.finditer(pattern) for n in match.groups() if n and n != "*"]
        widths += [int(n) for spec in _BRACE_SPEC.findall(pattern) for n in re.findall(r"\d+", spec)]
        if any(w > self.limits.output_chars for w in widths):
            raise _too_long(self.limits.output_chars)
        if "*" in pattern or _NESTED_SPEC.search(pattern):  # a width taken from the arguments
            self._check_widths(args if isinstance(args, (tuple, list)) else (args,), kwargs)

    def _check_replace(self, text: str, old: str, new: str) -> None:
        count = text.count(old) if old else len(text) + 1
        if len(text) + count * (len(new) - len(old)) > self.limits.output_chars:
            raise _too_long(self.limits.output_chars)

    def _sized(self, value: Any) -> Any:
        if isinstance(value, _SIZED) and len(value) > self.limits.output_chars:
            raise _too_long(self.limits.output_chars)
        return value


def _is_jinja_context(value: Any) -> bool:
    return isinstance(value, (Context, nodes.EvalContext))
