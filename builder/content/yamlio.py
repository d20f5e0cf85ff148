"""The one place that parses YAML: ruamel.yaml's C parser, its limits, its errors.

Files are *composed*, not constructed: the node graph keeps every key's and
value's position, duplicate keys stay visible, and nothing is instantiated from
tags. Scalars are resolved here with the YAML 1.2 core schema (what editors use:
« Non » and « yes » stay text).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from typing import Any

import _ruamel_yaml
from ruamel.yaml.cyaml import CSafeLoader
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from builder.model import Pos

MAX_FILE_BYTES = 1024 * 1024
MAX_EXPANDED_NODES = 100_000  # aliases may not expand the document beyond this
MAX_DEPTH = 64

__all__ = ["MappingNode", "Node", "ScalarNode", "SequenceNode", "YamlProblem",
           "NULLS", "compose", "is_null", "resolve_scalar", "pos_of", "c_parser_available"]


def c_parser_available() -> bool:
    return CSafeLoader.__mro__[1].__module__.endswith("_ruamel_yaml")


class Node:
    """A composed YAML node: what the checks need and nothing else (no tag objects).

    ruamel.yaml's node classes build tag and comment objects for every node, a
    third of the loading time; the C composer builds these instead (see `compose`).
    """

    __slots__ = ("tag", "value", "start_mark", "end_mark", "style")

    def __init__(self, tag: Any, value: Any, start_mark: Any = None, end_mark: Any = None,
                 style: Any = None) -> None:
        self.tag = tag
        self.value = value
        self.start_mark = start_mark
        self.end_mark = end_mark
        self.style = style


class ScalarNode(Node):
    __slots__ = ()


class SequenceNode(Node):
    __slots__ = ()


class MappingNode(Node):
    __slots__ = ()


_C_NODE_CLASSES = ("ScalarNode", "SequenceNode", "MappingNode")


class _Composer(CSafeLoader):
    """The C parser without tag resolution: scalars are resolved by `resolve_scalar`."""

    def resolve(self, kind: object, value: object, implicit: object) -> str:
        return "tag:yaml.org,2002:str"

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        """The resolver's path tracking, called for every node: unused without resolution."""

    def ascend_resolver(self) -> None:
        pass


MAX_GUARD_DEPTH = 1000  # libyaml's composer recurses in C: far deeper nesting would crash it
_BRACKETS = re.compile(r"[\[\]{}]")
_INLINE_BLOCKS = re.compile(r"(?:[-?][ \t]+){16,}")


def _too_deep(text: str) -> bool:
    """A cheap over-estimate of flow nesting, and lines that open many block levels at once."""
    if any(pair in text for pair in ("- -", "- ?", "? -", "? ?", "\t")) and _INLINE_BLOCKS.search(text):
        return True
    if text.count("[") + text.count("{") < MAX_GUARD_DEPTH:
        return False
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_GUARD_DEPTH:
            return True
    return False


@dataclass(frozen=True)
class YamlProblem:
    """A file that cannot be read as YAML: the finding's code, position and message."""

    code: str
    pos: Pos
    message: str


_new_pos = tuple.__new__


def pos_of(node: Node, line_offset: int = 0) -> Pos:
    mark = node.start_mark
    return _new_pos(Pos, (mark.line + line_offset, mark.column))


# Parser messages of libyaml, in French with the likely fix.
_PARSER_MESSAGES = [
    ("mapping values are not allowed", "« : » inattendu ici : une valeur qui contient « : » "
     "doit être entre guillemets"),
    ("could not find expected ':'", "« : » attendu après une clé (ligne mal indentée ou guillemet non fermé ?)"),
    ("did not find expected key", "clé attendue : vérifiez l'indentation de cette ligne"),
    ("did not find expected '-' indicator", "élément de liste « - » attendu : vérifiez l'indentation"),
    ("did not find expected ',' or ']'", "« , » ou « ] » attendu dans cette liste entre crochets"),
    ("did not find expected ',' or '}'", "« , » ou « } » attendu dans ce dictionnaire entre accolades"),
    ("found unexpected end of stream", "fin de fichier inattendue : un guillemet ou un crochet n'est pas fermé"),
    ("found undefined alias", "alias « * » qui ne correspond à aucune ancre « & »"),
    ("found unknown escape character", "séquence d'échappement inconnue dans une chaîne entre "
     "guillemets doubles : doublez la barre oblique inverse ou utilisez des guillemets simples"),
    ("found character that cannot start any token", "caractère qui ne peut pas commencer une valeur "
     "(« @ » ou « ` » : mettez la valeur entre guillemets)"),
    ("found a tab character", "tabulation interdite dans l'indentation : utilisez des espaces"),
    ("cannot start any token", "caractère qui ne peut pas commencer une valeur : mettez la valeur "
     "entre guillemets"),
    ("expected a single document", "un seul document YAML est attendu (retirez le second « --- »)"),
    ("found duplicate anchor", "ancre « & » définie deux fois"),
    ("expected <block end>, but found", "indentation incohérente : cette ligne ne s'aligne sur aucun "
     "niveau précédent"),
    ("found unexpected ':'", "« : » inattendu : mettez la valeur entre guillemets"),
    ("while scanning an alias", "nom d'alias invalide après « * »"),
    ("while scanning an anchor", "nom d'ancre invalide après « & »"),
    ("control characters are not allowed", "caractère de contrôle interdit dans le fichier"),
]


_KEY_LINE = re.compile(r"( *)(- +)?([^\s:#\-\[{][^:#]*?):(?:[ \t]|$)")


def misindented(text: str, line: int) -> tuple[int, int, str] | None:
    """(line, column, message) when the parser's complaint comes from a key shifted by a space or two.

    libyaml reports a key indented one space too far as « mapping values are not
    allowed » (it reads it as the previous value's continuation): compare the
    column of the key on the reported line, or the line before, with that of the
    keys around it, and name the shift.
    """
    lines = text.split("\n")
    for candidate in (line, line - 1):
        if not 0 <= candidate < len(lines):
            continue
        match = _KEY_LINE.match(lines[candidate])
        if not match:
            continue
        column = len(match.group(1)) + len(match.group(2) or "")
        above = _previous_key(lines, candidate)
        if above and above[1] < column and above[3] and _opens_block(lines, candidate, column):
            return candidate, column, (f"indentation : « {match.group(3).strip()} » est plus indenté que "
                                       f"« {above[2]} » (ligne {above[0] + 1}), qui a déjà sa valeur sur sa ligne")
        columns = _key_columns(lines, candidate)
        if column in columns or not columns:
            continue
        nearest = min(columns, key=lambda c: (abs(c - column), -c))
        if 0 < abs(nearest - column) <= 2:
            key = match.group(3).strip()
            shift = column - nearest
            spaces = f"{abs(shift)} espace{'s' if abs(shift) > 1 else ''}"
            return candidate, column, (f"indentation : « {key} » est décalé de {spaces} vers la "
                               f"{'droite' if shift > 0 else 'gauche'} (colonne {column + 1} ; les clés voisines "
                               f"commencent en colonne {nearest + 1})")
    return None


def _opens_block(lines: list[str], line: int, column: int) -> bool:
    """Whether the next line that says something is indented deeper than `column`."""
    for text in lines[line + 1:]:
        if text.strip() and not text.lstrip().startswith("#"):
            return len(text) - len(text.lstrip(" ")) > column
    return False


def _previous_key(lines: list[str], line: int) -> tuple[int, int, str, bool] | None:
    """(line, column, key, has a value on its line) of the nearest key line above, if the next line up is one."""
    index = line - 1
    while index >= 0 and (not lines[index].strip() or lines[index].lstrip().startswith("#")):
        index -= 1
    match = _KEY_LINE.match(lines[index]) if index >= 0 else None
    if not match:
        return None
    rest = lines[index][match.end():].split(" #")[0].strip()
    return index, len(match.group(1)) + len(match.group(2) or ""), match.group(3).strip(), bool(rest)


def _key_columns(lines: list[str], line: int) -> set[int]:
    """Columns where the keys of the lines around `line` begin (list items included)."""
    columns: set[int] = set()
    for index in (*range(max(0, line - 12), line), *range(line + 1, min(len(lines), line + 6))):
        match = _KEY_LINE.match(lines[index])
        if match:
            columns.add(len(match.group(1)) + len(match.group(2) or ""))
            if match.group(2):
                columns.add(len(match.group(1)))
    return columns


def _french(error: MarkedYAMLError) -> str:
    problem = f"{error.problem or ''} {error.context or ''}"
    for needle, french in _PARSER_MESSAGES:
        if needle in problem:
            return french
    return f"syntaxe YAML invalide : {(error.problem or error.context or 'erreur inconnue').strip()}"


_TAB_INDENT = re.compile(r"^( *)\t", re.M)


def compose(text: str, line_offset: int = 0) -> Node | None | YamlProblem:
    """Parse one YAML document into its node graph, or say why it cannot be."""
    tab = _TAB_INDENT.search(text) if "\t" in text else None
    if tab:
        line = text.count("\n", 0, tab.start())
        return YamlProblem("YM003", Pos(line + line_offset, len(tab.group(1))),
                           "tabulation dans l'indentation : YAML n'accepte que des espaces")
    if _too_deep(text):
        return YamlProblem("YM006", Pos(line_offset, 0), f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)")
    loader = _Composer(text)
    originals = [getattr(_ruamel_yaml, name) for name in _C_NODE_CLASSES]
    try:
        _ruamel_yaml.ScalarNode, _ruamel_yaml.SequenceNode, _ruamel_yaml.MappingNode = \
            ScalarNode, SequenceNode, MappingNode
        root = loader.get_single_node()
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        pos = Pos(mark.line + line_offset, mark.column) if mark else Pos(line_offset, 0)
        code = "YM008" if "single document" in str(error.context) else "YM001"
        shifted = misindented(text, mark.line) if mark and code == "YM001" else None
        if shifted:
            line, column, message = shifted
            return YamlProblem(code, Pos(line + line_offset, column), message)
        return YamlProblem(code, pos, _french(error))
    except (YAMLError, ValueError) as error:
        return YamlProblem("YM001", Pos(line_offset, 0), f"syntaxe YAML invalide : {error}")
    except RecursionError:
        return YamlProblem("YM006", Pos(line_offset, 0),
                           f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)")
    finally:
        _ruamel_yaml.ScalarNode, _ruamel_yaml.SequenceNode, _ruamel_yaml.MappingNode = originals
        loader.dispose()
    if root is not None and ("&" in text or "*" in text):  # without anchors there is nothing to expand
        problem = _check_expansion(root, line_offset)
        if problem:
            return problem
    return root


def _check_expansion(root: Node, line_offset: int) -> YamlProblem | None:
    """Refuse alias bombs, recursive aliases and deep nesting, in linear time.

    Aliases share nodes, so the composed graph is small even when its expansion is
    huge; counting each shared node once with memoised sizes finds out without expanding.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    problem: list[YamlProblem] = []

    def size(node: Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in on_path:
            problem.append(YamlProblem("YM006", pos_of(node, line_offset),
                                       "alias récursif : une ancre se contient elle-même"))
            return MAX_EXPANDED_NODES + 1
        if depth > MAX_DEPTH:
            problem.append(YamlProblem("YM006", pos_of(node, line_offset),
                                       f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)"))
            return MAX_EXPANDED_NODES + 1
        total = 1
        if isinstance(node, (MappingNode, SequenceNode)):
            on_path.add(key)
            children = (c for pair in node.value for c in pair) if isinstance(node, MappingNode) \
                else iter(node.value)
            for child in children:
                total += size(child, depth + 1)
                if total > MAX_EXPANDED_NODES:
                    break
            on_path.discard(key)
        sizes[key] = total
        return total

    total = size(root, 0)
    if problem:
        return problem[0]
    if total > MAX_EXPANDED_NODES:
        # point at the first value whose expansion is too large
        culprit = root
        while isinstance(culprit, (MappingNode, SequenceNode)):
            children = [v for _, v in culprit.value] if isinstance(culprit, MappingNode) else culprit.value
            big = [c for c in children if sizes.get(id(c), 0) > MAX_EXPANDED_NODES // 10]
            if not big:
                break
            culprit = big[0]
        return YamlProblem("YM006", pos_of(culprit, line_offset),
                           f"les alias de ce fichier se développent en plus de "
                           f"{MAX_EXPANDED_NODES:,} nœuds (bombe d'alias ?)".replace(",", " "))
    return None


_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")


NULLS = frozenset(("", "~", "null", "Null", "NULL"))


def is_null(node: ScalarNode) -> bool:
    """Whether a scalar is null under the YAML 1.2 core schema (what resolve_scalar gives None for)."""
    return not node.style and node.value in NULLS


def resolve_scalar(node: ScalarNode) -> object:
    """The value of a scalar under the YAML 1.2 core schema."""
    value: str = node.value
    if node.style:  # quoted or block: always text
        return value
    if value in NULLS:
        return None
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if _INT.match(value):
        return int(value)
    if _OCT.match(value):
        return int(value[2:], 8)
    if _HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if value in (".inf", ".Inf", ".INF", "+.inf", "-.inf", ".nan", ".NaN", ".NAN"):
        return float(value.replace(".", "", 1).lower())
    return value
