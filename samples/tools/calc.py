#!/usr/bin/env python3
"""The calc tool: evaluates an arithmetic expression safely (numbers, + - * / // % **, parentheses)."""
import ast
import json
import operator
import sys

OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
       ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
       ast.Pow: operator.pow, ast.USub: operator.neg, ast.UAdd: operator.pos}


def ev(node):
    if isinstance(node, ast.Expression):
        return ev(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in OPS:
        if isinstance(node.op, ast.Pow) and abs(ev(node.right)) > 1000:
            raise ValueError("exponent too large")
        return OPS[type(node.op)](ev(node.left), ev(node.right))
    if isinstance(node, ast.UnaryOp) and type(node.op) in OPS:
        return OPS[type(node.op)](ev(node.operand))
    raise ValueError("not an arithmetic expression")


try:
    expr = json.load(sys.stdin)["expression"]
    print(ev(ast.parse(expr, mode="eval")))
except Exception as e:  # the message goes to the model as the error
    print(f"calc: {e}", file=sys.stderr)
    sys.exit(1)
