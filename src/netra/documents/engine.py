"""Template engines for administrator-written templates, and the checks run when one is saved.

Two kinds of template exist:

* an HTML body in Django template syntax, rendered by a restricted engine: the default tags
  (less ``debug``) and filters plus ``i18n``/``l10n``, no file loaders (``include`` and
  ``extends`` find nothing), autoescaping on;
* an uploaded Word file with docxtpl placeholders (``{{ case.number }}``, ``{% for p in
  reported_persons %}``), rendered by Jinja's ``SandboxedEnvironment`` with autoescaping (the
  output is XML), so that a template can reach no Python internals.

Both only ever see plain data (dicts, lists, strings) built by the app that owns the kind. On
save a template is compiled, every placeholder is checked against the kind's sample context
(an unknown name such as ``{{ case.nmber }}`` is refused, naming it and listing what exists),
and it is rendered once with the sample data.
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import cast

from django.core.exceptions import ValidationError
from django.template import Context, Engine, Library, TemplateSyntaxError, defaulttags
from django.template.base import FilterExpression, Node, NodeList, TokenType, Variable
from django.template.defaulttags import ForNode, IfNode, TemplateLiteral, WithNode
from django.template.smartif import TokenBase
from django.templatetags.i18n import BlockTranslateNode
from django.utils.translation import gettext as _

# Tags an administrator's template may not use: ``debug`` would print the server's modules.
FORBIDDEN_TAGS = frozenset({"debug"})
# Largest Word template accepted (letters with a logo stay far below this).
MAX_DOCX_BYTES = 5 * 1024 * 1024

_OPAQUE = object()  # a value whose inner structure is not checked (loop helpers, set variables)


@functools.cache
def template_engine() -> Engine:
    """The Django engine for HTML bodies (see the module docstring)."""
    engine = Engine(
        loaders=[("django.template.loaders.locmem.Loader", {})],
        libraries={"i18n": "django.templatetags.i18n", "l10n": "django.templatetags.l10n"},
        autoescape=True,
        debug=False,
        string_if_invalid="",
    )
    restricted = Library()
    restricted.tags = {
        name: tag for name, tag in defaulttags.register.tags.items() if name not in FORBIDDEN_TAGS
    }
    restricted.filters = dict(defaulttags.register.filters)
    engine.template_builtins = [
        restricted if library is defaulttags.register else library
        for library in engine.template_builtins
    ]
    return engine


@functools.cache
def jinja_environment():
    """The sandboxed Jinja environment docxtpl renders Word templates with."""
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=True)


def render_html_body(body: str, context: dict) -> str:
    return template_engine().from_string(body).render(Context(context))


# --- Placeholder checks ---------------------------------------------------------------------


def _resolve(path: list[str], scope: dict) -> str | None:
    """The first unknown part of ``path`` (``"case.nmber"``), or None when it resolves.

    Below a string or number the path is not checked (``case.number.upper``); a list accepts a
    numeric index."""
    head = path[0]
    if head not in scope:
        return head
    value = scope[head]
    for index, part in enumerate(path[1:], start=2):
        if value is _OPAQUE:
            return None
        if isinstance(value, dict):
            if part not in value:
                return ".".join(path[:index])
            value = value[part]
        elif isinstance(value, list):
            if not part.isdigit():
                return None
            value = value[int(part)] if len(value) > int(part) else _OPAQUE
        else:
            return None
    return None


def _element(value):
    """The example item of a list in the sample context (what a loop variable looks like)."""
    if isinstance(value, list) and value:
        return value[0]
    return _OPAQUE


def _value(path: list[str], scope: dict):
    if _resolve(path, scope) is not None or path[0] not in scope:
        return _OPAQUE
    value = scope[path[0]]
    for part in path[1:]:
        if isinstance(value, dict):
            value = value.get(part, _OPAQUE)
        elif isinstance(value, list) and part.isdigit() and len(value) > int(part):
            value = value[int(part)]
        else:
            return _OPAQUE
    return value


# Django templates.


def _variables(expression: FilterExpression) -> Iterator[list[str]]:
    """Every context lookup in a filter expression: its variable and variable arguments."""
    var = expression.var
    if isinstance(var, Variable) and var.lookups:
        yield list(var.lookups)
    for _func, args in expression.filters:
        for is_variable, arg in args:
            if is_variable and isinstance(arg, Variable) and arg.lookups:
                yield list(arg.lookups)


def _condition_variables(condition) -> Iterator[list[str]]:
    if isinstance(condition, TemplateLiteral):
        yield from _variables(cast(FilterExpression, condition.value))
    elif isinstance(condition, TokenBase):
        for operand in (getattr(condition, "first", None), getattr(condition, "second", None)):
            if operand is not None:
                yield from _condition_variables(operand)


def _node_expressions(node: Node) -> Iterator[FilterExpression]:
    for value in vars(node).values():
        if isinstance(value, FilterExpression):
            yield value
        elif isinstance(value, list | tuple):
            yield from (v for v in value if isinstance(v, FilterExpression))
        elif isinstance(value, dict):
            yield from (v for v in value.values() if isinstance(v, FilterExpression))


def _django_unknown(nodelist: Iterable[Node], scope: dict) -> Iterator[str]:
    for node in nodelist:
        if isinstance(node, ForNode):
            expression = cast(FilterExpression, node.sequence)
            for path in _variables(expression):
                if (bad := _resolve(path, scope)) is not None:
                    yield bad
            sequence = expression.var
            item = (
                _element(_value(list(sequence.lookups), scope))
                if isinstance(sequence, Variable) and sequence.lookups
                else _OPAQUE
            )
            inner = dict(scope, forloop=_OPAQUE)
            if len(node.loopvars) == 1:
                inner[node.loopvars[0]] = item
            else:
                inner.update(dict.fromkeys(node.loopvars, _OPAQUE))
            yield from _django_unknown(cast(NodeList, node.nodelist_loop), inner)
            yield from _django_unknown(cast(NodeList, node.nodelist_empty), scope)
            continue
        if isinstance(node, IfNode):
            for condition, branch in node.conditions_nodelists:
                if condition is not None:
                    for path in _condition_variables(condition):
                        if (bad := _resolve(path, scope)) is not None:
                            yield bad
                yield from _django_unknown(branch, scope)
            continue
        if isinstance(node, BlockTranslateNode):
            bound = set(node.extra_context)
            if node.countervar:
                bound.add(node.countervar)
            for value in [*node.extra_context.values(), node.counter]:
                if isinstance(value, FilterExpression):
                    for path in _variables(value):
                        if (bad := _resolve(path, scope)) is not None:
                            yield bad
            for token in [*node.singular, *(node.plural or [])]:
                if token.token_type != TokenType.VAR or token.contents in bound:
                    continue
                if (bad := _resolve(token.contents.split("."), scope)) is not None:
                    yield bad
            continue
        for expression in _node_expressions(node):
            for path in _variables(expression):
                if (bad := _resolve(path, scope)) is not None:
                    yield bad
        inner = scope
        if isinstance(node, WithNode):
            inner = dict(scope)
            for name, expression in node.extra_context.items():
                var = expression.var
                inner[name] = (
                    _value(list(var.lookups), scope)
                    if isinstance(var, Variable) and var.lookups
                    else _OPAQUE
                )
        for attribute in getattr(node, "child_nodelists", ()):
            child = getattr(node, attribute, None)
            if isinstance(child, NodeList):
                yield from _django_unknown(child, inner)


# Jinja (docxtpl) templates.


def _jinja_bound_names(tree) -> set[str]:
    """Names a Jinja template assigns itself (``set``, ``with``, macro arguments)."""
    from jinja2 import nodes

    names: set[str] = {"loop", "range", "lipsum", "dict", "cycler", "joiner", "namespace"}
    for node in tree.find_all(
        (nodes.Assign, nodes.AssignBlock, nodes.With, nodes.Macro, nodes.CallBlock)
    ):
        targets = []
        if isinstance(node, nodes.Assign | nodes.AssignBlock):
            targets = [node.target]
        elif isinstance(node, nodes.With):
            targets = list(node.targets)
        else:
            targets = list(node.args)
        for target in targets:
            names.update(n.name for n in target.find_all(nodes.Name))
            if isinstance(target, nodes.Name):
                names.add(target.name)
    return names


def _jinja_path(node) -> list[str] | None:
    from jinja2 import nodes

    parts: list[str] = []
    while True:
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
            node = node.node
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            parts.append(str(node.arg.value))
            node = node.node
        elif isinstance(node, nodes.Name):
            parts.append(node.name)
            return list(reversed(parts))
        else:
            return None


def _jinja_unknown(node, scope: dict) -> Iterator[str]:
    from jinja2 import nodes

    if isinstance(node, nodes.For):
        yield from _jinja_unknown(node.iter, scope)
        path = _jinja_path(node.iter)
        item = _element(_value(path, scope)) if path else _OPAQUE
        inner = dict(scope)
        if isinstance(node.target, nodes.Name):
            inner[node.target.name] = item
        else:
            inner.update(dict.fromkeys((n.name for n in node.target.find_all(nodes.Name)), _OPAQUE))
        for child in [*node.body, *(node.test and [node.test] or [])]:
            yield from _jinja_unknown(child, inner)
        for child in node.else_:
            yield from _jinja_unknown(child, scope)
        return
    if isinstance(node, nodes.Getattr | nodes.Getitem | nodes.Name):
        path = _jinja_path(node)
        if path is not None:
            if isinstance(node, nodes.Name) and node.ctx != "load":
                return
            if (bad := _resolve(path, scope)) is not None:
                yield bad
            return
    for child in node.iter_child_nodes():
        yield from _jinja_unknown(child, scope)


def _error(field: str, message: str, code: str) -> ValidationError:
    """A refusal on ``field`` whose message keeps its code."""
    return ValidationError({field: [ValidationError(message, code=code)]})


def _unknown_error(field: str, unknown: list[str], sample: dict) -> ValidationError:
    names = ", ".join(sorted(sample))
    return ValidationError(
        {
            field: [
                ValidationError(
                    _("Unknown placeholder “%(name)s”. The data available is: %(names)s.")
                    % {"name": name, "names": names},
                    code="unknown_placeholder",
                )
                for name in dict.fromkeys(unknown)
            ]
        }
    )


def check_html_template(body: str, sample: dict, *, field: str = "body") -> None:
    """Compile ``body``, check its placeholders against ``sample`` and render it once; raise
    ``ValidationError`` on ``field`` with a message for the administrator."""
    try:
        template = template_engine().from_string(body)
    except TemplateSyntaxError as exc:
        raise _error(
            field,
            _("The template has a syntax error: %(error)s") % {"error": exc},
            "template_syntax",
        ) from exc
    scope = dict(sample)
    unknown = list(_django_unknown(template.nodelist, scope))
    if unknown:
        raise _unknown_error(field, unknown, sample)
    try:
        template.render(Context(sample))
    except Exception as exc:  # noqa: BLE001 - any failure of an admin's template is a message
        raise _error(
            field,
            _("The template cannot be rendered: %(error)s") % {"error": exc},
            "template_render",
        ) from exc


def docx_source(data: bytes) -> str:
    """The Jinja source docxtpl builds from a Word file (body, headers and footers)."""
    from docx import Document
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate

    template = DocxTemplate(io.BytesIO(data))
    document = Document(io.BytesIO(data))
    source = template.patch_xml(template.xml_to_string(document._element.body))
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        for relation in document.part.rels.values():
            if relation.reltype == uri and relation.target_part.blob:
                xml = template.xml_to_string(parse_xml(relation.target_part.blob))
                source += template.patch_xml(xml)
    return source


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def check_docx_template(data: bytes, sample: dict, *, field: str = "docx_file") -> None:
    """Check an uploaded Word template: a real .docx, placeholders that parse and exist in
    ``sample``, and one render with the sample data."""
    from jinja2 import TemplateSyntaxError as JinjaSyntaxError

    if len(data) > MAX_DOCX_BYTES:
        raise _error(
            field,
            _("The Word template is larger than %(size)s MB.")
            % {"size": MAX_DOCX_BYTES // (1024 * 1024)},
            "docx_too_large",
        )
    if not _is_docx(data):
        raise _error(field, _("The file is not a Word document (.docx)."), "docx_invalid")
    try:
        source = docx_source(data)
        tree = jinja_environment().parse(source)
    except JinjaSyntaxError as exc:
        raise _error(
            field,
            _("The Word template has a placeholder syntax error: %(error)s")
            % {"error": exc.message},
            "template_syntax",
        ) from exc
    except Exception as exc:  # noqa: BLE001 - a damaged Word file is a message, not a 500
        raise _error(
            field, _("The Word template cannot be read: %(error)s") % {"error": exc}, "docx_invalid"
        ) from exc
    scope = dict(sample)
    scope.update(dict.fromkeys(_jinja_bound_names(tree) - set(scope), _OPAQUE))
    unknown = list(_jinja_unknown(tree, scope))
    if unknown:
        raise _unknown_error(field, unknown, sample)
    try:
        render_docx_template(data, sample)
    except Exception as exc:  # noqa: BLE001
        raise _error(
            field,
            _("The template cannot be rendered: %(error)s") % {"error": exc},
            "template_render",
        ) from exc


def render_docx_template(data: bytes, context: dict) -> bytes:
    """Fill a Word template's placeholders with ``context`` (docxtpl, sandboxed Jinja)."""
    from docxtpl import DocxTemplate

    template = DocxTemplate(io.BytesIO(data))
    template.render(context, jinja_env=jinja_environment(), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
