#!/usr/bin/env python3
"""Summarise test result files for .ci/run: TRX (dotnet test --logger trx) and JUnit XML (Pester).

Usage: test_summary.py FILE...
Prints one line per test project, the failed tests (first lines of their messages), and last a
line exactly 'N passed, N failed' (', N skipped' appended when tests were skipped).
Exit status: 0 all good; 1 a test failed or a run did not complete; 2 no test was executed.
"""
import os
import sys
import xml.etree.ElementTree as ET

BAD_RUN_OUTCOMES = {"failed", "error", "aborted", "timeout"}


def local(tag):
    return tag.rsplit("}", 1)[-1]


def first(root, name):
    for e in root.iter():
        if local(e.tag) == name:
            return e
    return None


def num(e, attr):
    try:
        return int(e.get(attr, "0") or 0)
    except ValueError:
        return 0


def trx(path, root):
    project = None
    for e in root.iter():
        if local(e.tag) == "TestMethod" and e.get("codeBase"):
            project = os.path.splitext(os.path.basename(e.get("codeBase")))[0]
            break
    c = first(root, "Counters")
    rs = first(root, "ResultSummary")
    total = num(c, "total") if c is not None else 0
    executed = num(c, "executed") if c is not None else 0
    passed = num(c, "passed") if c is not None else 0
    failed = sum(num(c, a) for a in ("failed", "error", "timeout", "aborted")) if c is not None else 0
    skipped = max(total - executed, num(c, "notExecuted") if c is not None else 0, 0)
    failures = []
    for r in root.iter():
        if local(r.tag) == "UnitTestResult" and r.get("outcome", "") in ("Failed", "Error", "Timeout", "Aborted"):
            msg = first(r, "Message")
            text = (msg.text or "").strip().splitlines()[0] if msg is not None and msg.text else ""
            failures.append((r.get("testName", "?"), text))
    problems = []
    outcome = (rs.get("outcome", "") if rs is not None else "").lower()
    if outcome in BAD_RUN_OUTCOMES:
        problems.append("run outcome %s" % rs.get("outcome"))
        for t in (e for e in (rs.iter() if rs is not None else []) if local(e.tag) == "Text"):
            if t.text and t.text.strip():
                problems.append(t.text.strip().splitlines()[0][:300])
    return project or os.path.basename(path), executed, passed, failed, skipped, failures, problems


def junit(path, root):
    suites = [root] if local(root.tag) == "testsuite" else [s for s in root if local(s.tag) == "testsuite"]
    if not suites and local(root.tag) == "testsuites":
        suites = [root]
    tests = sum(num(s, "tests") for s in suites)
    failed = sum(num(s, "failures") + num(s, "errors") for s in suites)
    skipped = sum(num(s, "skipped") + num(s, "disabled") for s in suites)
    failures = []
    for tc in root.iter():
        if local(tc.tag) != "testcase":
            continue
        for f in tc:
            if local(f.tag) in ("failure", "error"):
                text = (f.get("message") or f.text or "").strip().splitlines()
                failures.append((tc.get("name", "?"), text[0] if text else ""))
    executed = tests - skipped
    name = root.get("name") or os.path.splitext(os.path.basename(path))[0]
    return name, executed, executed - failed, failed, skipped, failures, []


def main(paths):
    tot_p = tot_f = tot_s = tot_x = 0
    bad_run = False
    if not paths:
        print("no test result files found")
    for path in paths:
        try:
            root = ET.parse(path).getroot()
        except (ET.ParseError, OSError) as ex:
            print("  %s: unreadable result file (%s)" % (path, ex))
            bad_run = True
            continue
        kind = trx if local(root.tag) == "TestRun" else junit
        name, executed, passed, failed, skipped, failures, problems = kind(path, root)
        line = "  %-28s %5d passed, %d failed" % (name + ":", passed, failed)
        if skipped:
            line += ", %d skipped" % skipped
        print(line + "   (%s)" % os.path.relpath(path))
        for tn, msg in failures[:25]:
            print("      FAILED %s%s" % (tn, (": " + msg[:200]) if msg else ""))
        if len(failures) > 25:
            print("      ... and %d more failed tests" % (len(failures) - 25))
        for p in problems:
            print("      RUN PROBLEM: %s" % p)
            bad_run = True
        tot_p += passed
        tot_f += failed
        tot_s += skipped
        tot_x += executed
    final = "%d passed, %d failed" % (tot_p, tot_f)
    if tot_s:
        final += ", %d skipped" % tot_s
    print(final)
    if tot_f or bad_run:
        return 1
    if tot_x == 0:
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
