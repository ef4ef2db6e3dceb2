#!/usr/bin/env python3
"""Prints the test run's summary ('N passed, N failed, N skipped') and line coverage from the
TRX and Cobertura files under a results folder; exits 1 on a failure, no tests, or coverage below the bar."""
import glob
import sys
import xml.etree.ElementTree as ET

results, threshold = sys.argv[1], float(sys.argv[2])
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}

passed = failed = skipped = 0
for trx in glob.glob(f"{results}/**/*.trx", recursive=True):
    counters = ET.parse(trx).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(counters.get("passed"))
    failed += int(counters.get("failed")) + int(counters.get("error")) + int(counters.get("timeout")) + int(counters.get("aborted"))
    # NUnit's ignored tests are not 'notExecuted' in the counters: they are the ones never executed.
    skipped += int(counters.get("total")) - int(counters.get("executed")) + int(counters.get("inconclusive"))

covered = valid = 0
for report in glob.glob(f"{results}/**/coverage.cobertura.xml", recursive=True):
    root = ET.parse(report).getroot()
    covered += int(root.get("lines-covered"))
    valid += int(root.get("lines-valid"))

coverage = 100.0 * covered / valid if valid else 0.0
print(f"Line coverage (outside migrations): {coverage:.2f}% ({covered}/{valid} lines), required {threshold:.0f}%")
print(f"{passed} passed, {failed} failed, {skipped} skipped")

ok = True
if failed or passed == 0:
    ok = False
if coverage < threshold:
    print(f"Coverage {coverage:.2f}% is below {threshold:.0f}%", file=sys.stderr)
    ok = False
sys.exit(0 if ok else 1)
