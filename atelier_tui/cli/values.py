"""Values that start with a minus sign are values: `sheet measure REF rate "-3 s/d"` or
`stock adjust KEY LOT -2` without `--`.

Click reads any word that starts with '-' as an option, so a negative quantity given as an
argument was "No such option: -3". Every command of `atelier` is made by `ValueGroup` (the group
class of `cli`, inherited by each subgroup), whose parser takes a word that reads as a signed number
('-3', '-0.5 ml', '-.2', '-3 s/d') as a value wherever an option name is not expected; an option
value already took such words. A word that is not a number ('-x', '--posiiton') is still refused
as an unknown option."""

from __future__ import annotations

import re
from typing import Any

import click

# A minus sign, then a digit (or a decimal point and a digit): a number, with its unit if any.
SIGNED_VALUE = re.compile(r"-\.?\d")


def reads_as_value(word: str) -> bool:
    return bool(SIGNED_VALUE.match(word))


def _taking_signed_values(parser: Any) -> Any:
    """The parser, with words that read as signed numbers kept as arguments."""
    process_opts = parser._process_opts  # click's own step for a word that starts with '-'

    def values_may_start_with_minus(word: str, state: Any) -> None:
        if reads_as_value(word) and word not in parser._short_opt and word not in parser._long_opt:
            state.largs.append(word)
            return
        process_opts(word, state)

    parser._process_opts = values_may_start_with_minus
    return parser


class ValueCommand(click.Command):
    def make_parser(self, ctx: click.Context) -> Any:
        return _taking_signed_values(super().make_parser(ctx))


class ValueGroup(click.Group):
    command_class = ValueCommand
    group_class = type  # a subgroup is a ValueGroup too, and so are its commands
