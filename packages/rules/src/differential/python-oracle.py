"""Evaluates pattern/subject/replace triples with Python's own `re`, for Herald's differential test.

Reads a JSON list of {"pattern", "subject", "replace"} on stdin and writes a JSON list of results
on stdout, one per input, in order: {"error": "..."} when the pattern does not compile, else
{"match": false} or {"match": true, "groups": [...], "named": {...}, "expand": "..." |
"expandError": "..."}. Groups include group 0; unmatched groups are null.
"""
import json
import re
import sys
import warnings

warnings.simplefilter("ignore")


def evaluate(item):
    try:
        compiled = re.compile(item["pattern"], re.IGNORECASE)
    except Exception as error:  # re.error, OverflowError, RecursionError, ...
        return {"error": f"{type(error).__name__}: {error}"}
    found = compiled.fullmatch(item["subject"])
    if found is None:
        return {"match": False}
    result = {
        "match": True,
        "groups": [found.group(0), *found.groups()],
        "named": found.groupdict(),
    }
    try:
        result["expand"] = found.expand(item["replace"])
    except Exception as error:
        result["expandError"] = f"{type(error).__name__}: {error}"
    return result


json.dump([evaluate(item) for item in json.load(sys.stdin)], sys.stdout)
