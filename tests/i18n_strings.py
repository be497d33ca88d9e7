"""Collect the translatable source strings of the plugin (tr() and translate() calls)."""

import ast
import os

PACKAGE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "steunstructuur_plugin")


def _literal(node):
    try:
        value = ast.literal_eval(node)
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def source_strings(package: str = PACKAGE):
    found = {}
    for folder, _, files in os.walk(package):
        for name in files:
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            tree = ast.parse(open(path, encoding="utf-8").read(), path)
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                fname = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if fname == "tr" and node.args:
                    text = _literal(node.args[0])
                elif fname == "translate" and len(node.args) >= 2:
                    text = _literal(node.args[1])
                else:
                    continue
                if text is not None:
                    found.setdefault(text, f"{os.path.relpath(path, package)}:{node.lineno}")
    return found
