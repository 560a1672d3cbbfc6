"""The API's JSON parser (REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]): DRF's JSONParser with a
depth limit. A body nested thousands of levels deep made Python's json module raise
RecursionError (a 500); no request of this API nests more than a few levels, so a body deeper
than MAX_DEPTH is refused with 400 before it is parsed."""

import json
import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, get_encoding
from rest_framework.utils.json import strict_constant

MAX_DEPTH = 20
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")


def too_deep(text, limit=MAX_DEPTH):
    """True when arrays and objects in the JSON text nest deeper than `limit` (brackets inside
    strings do not count)."""
    depth = 0
    for bracket in _NOT_A_BRACKET.sub("", _STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > limit:
            return True
    return False


def loads(text, limit=MAX_DEPTH):
    """json.loads for a request body: ValueError for a body that is not JSON or nests too deep
    (for any view that reads a JSON body itself)."""
    if too_deep(text, limit):
        raise ValueError(_("The JSON nests more than %(depth)d levels deep.") % {"depth": limit})
    try:
        return json.loads(text, parse_constant=strict_constant)
    except RecursionError:
        raise ValueError(_("The JSON nests too deep.")) from None


class DepthLimitedJSONParser(JSONParser):
    max_depth = MAX_DEPTH

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})
        try:
            return loads(stream.read().decode(encoding), self.max_depth)
        except ValueError as exc:  # also UnicodeDecodeError
            raise ParseError(_("JSON parse error - %(problem)s") % {"problem": exc}) from exc
