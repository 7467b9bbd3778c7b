#!/usr/bin/env bash
# Runs every test of TeamsCoordinator: unit, HTTP-level, card rendering (Chromium), Teams manifest validation and
# end to end against Microsoft 365 Agents Playground. Needs the .NET 10 SDK, Node.js 20+ with npm, and Debian's
# chromium, postgresql, libreoffice-writer-nogui, poppler-utils and zip (.ci/run installs them).
# Ends with the line "N passed, N failed" (skipped tests, if any, are counted on the line before it); exits
# non-zero when a test failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
results="$PWD/TestResults/run-tests"
rm -rf "$results"

# npm packages of every JavaScript test helper (tests/e2e and any later one with a package-lock.json).
mapfile -t npm_dirs < <(find tests -name package-lock.json -not -path '*/node_modules/*' -printf '%h\n' | sort)
tests/e2e/npm-ci-if-needed.sh "${npm_dirs[@]}" addin

# The Word add-in (addin/): type check and build (the bot serves addin/dist at /addin/, the dotnet tests drive it),
# then its unit tests (office-addin-mock), recorded as JUnit next to the trx files and counted in the summary.
echo "==> Word add-in: build and unit tests"
(cd addin && npm run build --silent)
addin_status=0
(cd addin && npx vitest run --reporter=default --reporter=junit --outputFile.junit="$results/addin/vitest.xml") || addin_status=$?

echo "==> dotnet build"
dotnet build TeamsCoordinator.sln --nologo -v quiet -clp:ErrorsOnly

echo "==> dotnet test"
status=0
dotnet test TeamsCoordinator.sln --no-build --nologo --results-directory "$results" --logger trx \
  --blame-hang-timeout 10m || status=$?

# Count outcomes from the trx files, the test runner's own record (not from console text).
[ "$addin_status" -eq 0 ] || echo "addin unit tests exited with $addin_status"
node - "$results" "$status" "$addin_status" <<'JS'
const fs = require("fs"), path = require("path");
const [dir, status] = [process.argv[2], Number(process.argv[3])];
const trx = fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).filter((f) => f.endsWith(".trx")).map((f) => path.join(dir, f)) : [];
const count = { Passed: 0, Failed: 0, NotExecuted: 0 };
const failed = [];
for (const file of trx) {
  for (const [tag] of fs.readFileSync(file, "utf8").matchAll(/<UnitTestResult\b[^>]*>/g)) {
    const outcome = /\boutcome="([^"]+)"/.exec(tag)?.[1] ?? "Failed";
    const name = /\btestName="([^"]+)"/.exec(tag)?.[1] ?? "?";
    if (outcome in count) count[outcome]++; else count.Failed++;
    if (outcome !== "Passed" && outcome !== "NotExecuted") failed.push(name);
  }
}
// The add-in's vitest run (JUnit): one <testcase> per test, a <failure> or <error> inside when it failed.
const junit = fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).filter((f) => f.endsWith(".xml")).map((f) => path.join(dir, f)) : [];
for (const file of junit) {
  for (const [whole, name] of fs.readFileSync(file, "utf8").matchAll(/<testcase\b[^>]*\bname="([^"]*)"[^>]*?(?:\/>|>[\s\S]*?<\/testcase>)/g)) {
    if (/<(failure|error)\b/.test(whole)) { count.Failed++; failed.push(`addin: ${name}`); }
    else if (/<skipped\b/.test(whole)) count.NotExecuted++;
    else count.Passed++;
  }
}
if (Number(process.argv[4] ?? 0) !== 0 && !failed.some((n) => n.startsWith("addin: "))) {
  count.Failed++;
  failed.push(`addin: vitest exited with ${process.argv[4]} (see its output above)`);
}
if (status !== 0 && count.Failed === 0) {
  // The runner failed without a failed test on record (crash, hang, build of a test project): count it.
  count.Failed = 1;
  failed.push(`dotnet test exited with ${status} (see its output above)`);
}
console.log("\n==> summary");
console.log(`trx: ${trx.map((f) => path.relative(process.cwd(), f)).join(", ") || "none"}`);
console.log(`junit: ${junit.map((f) => path.relative(process.cwd(), f)).join(", ") || "none"}`);
for (const name of failed) console.log(`FAILED ${name.replace(/&quot;/g, '"').replace(/&amp;/g, "&")}`);
if (count.NotExecuted > 0) console.log(`${count.NotExecuted} skipped`);
console.log(`${count.Passed} passed, ${count.Failed} failed`);
process.exit(count.Failed > 0 ? 1 : 0);
JS
