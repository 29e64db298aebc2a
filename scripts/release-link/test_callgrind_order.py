"""Tests of callgrind_order.py on small hand-written inputs in the formats valgrind and lld write.

Run by scripts/test.sh: python3 -m unittest discover -s scripts/release-link
"""
import os
import tempfile
import unittest

import callgrind_order

PROFILE = """\
version: 1
creator: callgrind-3.19.0
events: Ir
ob=/tmp/x/switchboard
fl=???
fn=hot
0 100
cfn=warm
calls=3 0
0 5000
fn=warm
0 400
fn=warm'2
0 5
fn=0x0000000000401000
0 7
ob=/usr/lib/x86_64-linux-gnu/libc.so.6
fn=memcpy
0 100000
ob=/tmp/x/switchboard
fn=cold
0 1
"""

# lld -Map: output sections at indent 0, input sections at 8, symbols at 16 (after the columns).
LINK_MAP = """\
             VMA              LMA     Size Align Out     In      Symbol
          200000           200000      100     8 .rodata
          201000           201000    80000    16 .text
          201000           201000       40    16         /a.o:(.text.hot)
          201000           201000       40     1                 hot
          201040           201040    7a120    16         /lib/libbig.a(big.o):(.text)
          201040           201040       10     1                 helper
          201050           201050       10     1                 warm
          27b160           27b160       10    16         /b.o:(.text.helper)
          27b160           27b160       10     1                 helper
          27b170           27b170    10000    16         /lib/libother.a(other.o):(.text)
          27b170           27b170       10     1                 shared
          28b170           28b170       10    16         /c.o:(.text.shared)
          28b170           28b170       10     1                 shared
          28b180           28b180       10    16         /d.o:(.text.cold)
          28b180           28b180       10     1                 cold
"""


def written(text):
    handle = tempfile.NamedTemporaryFile("w", delete=False, suffix=".txt")
    handle.write(text)
    handle.close()
    return handle.name


class CallgrindOrderTests(unittest.TestCase):
    def setUp(self):
        self.profile = written(PROFILE)
        self.link_map = written(LINK_MAP)

    def tearDown(self):
        os.unlink(self.profile)
        os.unlink(self.link_map)

    def test_functions_of_the_binary_costliest_first_with_self_cost_only(self):
        # warm's own cost (400, and 5 in recursion) is above hot's (100: the 5000 is what hot's
        # calls cost); libc's functions and unnamed addresses are left out.
        self.assertEqual(callgrind_order.executed_functions(self.profile, "switchboard"), ["warm", "hot", "cold"])

    def test_a_name_defined_in_a_large_section_nothing_else_orders_is_left_out(self):
        names = ["hot", "helper", "shared", "cold"]
        definitions = callgrind_order.text_sections_defining(names, self.link_map)
        self.assertEqual(len(definitions["helper"]), 2)
        # helper sits in big.o's 500 KB section, which no unique name orders: left out.
        # shared's large section is 64 KB, more than the 16 KB allowed: left out too.
        self.assertEqual(list(callgrind_order.ordering(names, definitions)), ["hot", "cold"])

    def test_a_large_section_that_is_ordered_anyway_does_not_hold_a_name_back(self):
        # warm is defined only in big.o's section, so that section moves anyway, and helper with it.
        names = ["hot", "warm", "helper", "cold"]
        definitions = callgrind_order.text_sections_defining(names, self.link_map)
        self.assertEqual(list(callgrind_order.ordering(names, definitions)), ["hot", "warm", "helper", "cold"])


if __name__ == "__main__":
    unittest.main()
