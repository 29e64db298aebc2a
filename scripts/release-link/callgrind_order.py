#!/usr/bin/env python3
"""Turns a callgrind profile into a linker symbol-ordering file.

Usage: callgrind_order.py CALLGRIND_OUT BINARY_NAME LINK_MAP > switchboard.order

Prints the symbols of the functions the binary itself ran (not the shared libraries'), the ones
that cost the most instructions first, one per line, as lld's --symbol-ordering-file reads them.
The profile must be written with --compress-strings=no --demangle=no, so names are the mangled
symbols. LINK_MAP is lld's -Map output for the profiled binary.

A name defined more than once (a local helper that many objects carry, such as a value witness
or a closure context's destructor) moves every section that defines it. Most of those are small
sections of their own, but a few sit in large sections of the toolchain's static libraries that
were not compiled with one section per function (480 KB of _RegexParser for one `$sSqwxx`). A
name with such a definition is left out unless that section is ordered anyway.
"""
import collections
import re
import sys

SMALL_SECTION = 16 * 1024


def executed_functions(path, binary_name):
    cost = collections.Counter()
    in_binary = False
    function = None
    cost_is_a_calls = False
    with open(path, errors="replace") as profile:
        for line in profile:
            if line.startswith("ob="):
                in_binary = line[3:].strip().endswith("/" + binary_name)
            elif line.startswith("fn="):
                # callgrind marks recursion depth with a 'N suffix.
                function = re.sub(r"'\d+$", "", line[3:].strip()) if in_binary else None
                if function is not None:
                    cost[function] += 0
            elif line.startswith("calls="):
                cost_is_a_calls = True  # the next cost line is a call's inclusive cost
            elif line[:1].isdigit() or line[:1] in "+-*":
                if cost_is_a_calls:
                    cost_is_a_calls = False
                elif function is not None:
                    fields = line.split()
                    if len(fields) >= 2:
                        cost[function] += int(fields[1])
            elif not line.startswith(("cfn=", "cob=", "cfi=", "cfl=")):
                cost_is_a_calls = False
    # Functions callgrind could not name (0x...) cannot be ordered by name; local-functions.ld
    # gathers the unnamed ones.
    return [name for name, _ in sorted(cost.items(), key=lambda item: -item[1]) if not name.startswith("0x")]


def text_sections_defining(names, map_path):
    """For each name, the (size, section) pairs of the code sections that define it."""
    wanted = set(names)
    definitions = collections.defaultdict(list)
    line_format = re.compile(r"\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s+\d+ (\s*)(.*)$")
    in_code = False
    section = None
    with open(map_path, errors="replace") as link_map:
        for line in link_map:
            match = line_format.match(line)
            if not match:
                continue
            indent, name = len(match.group(2)), match.group(3).strip()
            if indent == 0:  # an output section
                in_code = name.startswith(".text")
            elif not in_code:
                continue
            elif indent == 8:  # an input section
                section = (int(match.group(1), 16), name)
            elif indent == 16 and name in wanted:  # a symbol in it
                definitions[name].append(section)
    return definitions


def ordering(names, definitions):
    ordered_anyway = {sections[0] for sections in definitions.values() if len(sections) == 1}
    for name in names:
        sections = definitions.get(name, [])
        if len(sections) > 1 and any(size > SMALL_SECTION and (size, section) not in ordered_anyway
                                     for size, section in sections):
            continue
        yield name


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    names = executed_functions(sys.argv[1], sys.argv[2])
    if len(names) < 1000:
        sys.exit(f"callgrind_order: only {len(names)} functions of {sys.argv[2]} in the profile; is it the right binary?")
    print("\n".join(ordering(names, text_sections_defining(names, sys.argv[3]))))
