#!/usr/bin/env node
// Reads the XML add-in-only manifest with Microsoft's office-addin-manifest parser (offline; its full validation
// posts XML manifests to an online Microsoft service, which is unreachable here) and prints what it understood.
//   node scripts/check-xml-manifest.mjs <manifest.xml>
// Exit 0: parsed, with an id, version, default locale and display name; 1: not; 2: could not run.
import { OfficeAddinManifest } from "office-addin-manifest";

const [path] = process.argv.slice(2);
if (!path) {
  console.error("usage: node scripts/check-xml-manifest.mjs <manifest.xml>");
  process.exit(2);
}
try {
  const info = await OfficeAddinManifest.readManifestFile(path);
  const problems = [];
  for (const key of ["id", "version", "defaultLocale", "displayName", "providerName", "officeAppType"])
    if (!info[key]) problems.push(`${key} is missing`);
  console.log(JSON.stringify({ id: info.id, version: info.version, defaultLocale: info.defaultLocale, displayName: info.displayName,
    officeAppType: info.officeAppType, hosts: info.hosts, problems }, null, 2));
  process.exit(problems.length === 0 ? 0 : 1);
} catch (e) {
  console.log(JSON.stringify({ problems: [`not readable: ${e.message ?? e}`] }, null, 2));
  process.exit(1);
}
