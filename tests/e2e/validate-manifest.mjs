#!/usr/bin/env node
// Validates a Teams app manifest with Microsoft's own validator (npm @microsoft/app-manifest, schema bundled in
// the package, so no network), and optionally the zipped app package: the manifest inside it, the files it names,
// and the icons (color 192×192; outline 32×32, white on transparent).
//
//   node validate-manifest.mjs <manifest.json> [package.zip]
//
// Prints one JSON summary on stdout. Exit 0: valid; 1: problems found; 2: the tool itself could not run.
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { readZip } from "./lib/zip.mjs";
import { decodePng } from "./lib/png.mjs";

const require = createRequire(import.meta.url);
const { AppManifestUtils, TeamsManifestConverter } = require("@microsoft/app-manifest");
const SCHEMA_URL = /^https:\/\/developer\.microsoft\.com\/json-schemas\/teams\/v(\d+\.\d+)\/MicrosoftTeams\.schema\.json$/;
const ICONS = { color: { width: 192, height: 192 }, outline: { width: 32, height: 32 } };

const [manifestPath, packagePath] = process.argv.slice(2);
if (!manifestPath) {
  console.error("usage: node validate-manifest.mjs <manifest.json> [package.zip]");
  process.exit(2);
}

/** Schema + Microsoft's strict type converter + the Teams rules the schema does not express. */
async function validateManifest(text, where) {
  const problems = [];
  let manifest;
  try {
    manifest = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    return { manifest: undefined, problems: [`${where}: not valid JSON: ${e.message}`] };
  }
  const match = SCHEMA_URL.exec(manifest.$schema ?? "");
  if (!match) problems.push(`${where}: $schema must be Microsoft's Teams schema URL, got ${JSON.stringify(manifest.$schema)}`);
  else if (match[1] !== manifest.manifestVersion)
    problems.push(`${where}: $schema is for v${match[1]} but manifestVersion is ${manifest.manifestVersion}`);
  // Load the schema from the package explicitly: the validator would otherwise download it.
  const schemaFile = join(dirname(require.resolve("@microsoft/app-manifest/package.json")), "build", "json-schemas", "teams",
    `v${manifest.manifestVersion}`, "MicrosoftTeams.schema.json");
  if (!existsSync(schemaFile)) {
    problems.push(`${where}: manifestVersion ${manifest.manifestVersion} has no schema in @microsoft/app-manifest`);
    return { manifest, problems };
  }
  const schema = JSON.parse(readFileSync(schemaFile, "utf8").replace(/\\a/g, "\\u0007").replace(/\\v/g, "\\u000b"));
  for (const error of await AppManifestUtils.validateAgainstSchema(manifest, schema)) problems.push(`${where}: schema:${error}`);
  try {
    TeamsManifestConverter.jsonToManifest(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    problems.push(`${where}: type check: ${e.message}`);
  }
  if (text.includes("${{")) problems.push(`${where}: unreplaced \${{…}} placeholder (build the package with manifest/build.sh)`);
  // The command menu limits Teams documented for manifest versions before the schema relaxed them (32 / 128).
  for (const list of manifest.bots?.[0]?.commandLists ?? []) {
    const seen = new Set();
    for (const c of list.commands ?? []) {
      if (c.title.length > 32) problems.push(`${where}: command "${c.title}" is longer than 32 characters`);
      if (c.description.length > 128) problems.push(`${where}: description of "${c.title}" is longer than 128 characters`);
      if (seen.has(c.title.toLowerCase())) problems.push(`${where}: command "${c.title}" appears twice in one list`);
      seen.add(c.title.toLowerCase());
    }
  }
  return { manifest, problems };
}

function checkIcon(kind, name, bytes, where) {
  const problems = [];
  let png;
  try {
    png = decodePng(bytes);
  } catch (e) {
    return [`${where}: ${kind} icon ${name}: ${e.message}`];
  }
  const want = ICONS[kind];
  if (png.width !== want.width || png.height !== want.height)
    problems.push(`${where}: ${kind} icon ${name} is ${png.width}×${png.height}, Teams needs ${want.width}×${want.height}`);
  if (kind === "outline") {
    if (!png.hasAlpha) problems.push(`${where}: outline icon ${name} has no transparency`);
    let coloured = 0, opaque = 0;
    for (let i = 0; i < png.rgba.length; i += 4) {
      if (png.rgba[i + 3] === 0) continue;
      opaque++;
      if (png.rgba[i] !== 255 || png.rgba[i + 1] !== 255 || png.rgba[i + 2] !== 255) coloured++;
    }
    if (coloured > 0) problems.push(`${where}: outline icon ${name} has ${coloured} pixels that are not white`);
    if (opaque === 0) problems.push(`${where}: outline icon ${name} is fully transparent`);
    if (opaque === png.width * png.height) problems.push(`${where}: outline icon ${name} has no transparent background`);
  }
  return problems;
}

const summary = { manifest: resolve(manifestPath), package: packagePath ? resolve(packagePath) : undefined, problems: [] };
try {
  const { manifest, problems } = await validateManifest(readFileSync(manifestPath, "utf8"), "manifest");
  summary.problems.push(...problems);
  if (manifest) {
    summary.manifestVersion = manifest.manifestVersion;
    summary.botId = manifest.bots?.[0]?.botId;
    for (const kind of Object.keys(ICONS)) {
      const file = manifest.icons?.[kind];
      if (!file) continue;
      const path = join(dirname(manifestPath), file);
      if (!existsSync(path)) summary.problems.push(`manifest: ${kind} icon ${file} not found next to the manifest`);
      else summary.problems.push(...checkIcon(kind, file, readFileSync(path), "manifest"));
    }
  }

  if (packagePath) {
    const entries = readZip(packagePath);
    summary.packageEntries = [...entries.keys()];
    for (const name of entries.keys())
      if (name.includes("/")) summary.problems.push(`package: ${name} is in a folder; Teams wants every file at the zip's root`);
    const inner = entries.get("manifest.json");
    if (!inner) summary.problems.push("package: manifest.json missing at the zip's root");
    else {
      const { manifest: packaged, problems } = await validateManifest(inner.toString("utf8"), "package/manifest.json");
      summary.problems.push(...problems);
      for (const kind of Object.keys(ICONS)) {
        const file = packaged?.icons?.[kind];
        if (!file) continue;
        const bytes = entries.get(file);
        if (!bytes) summary.problems.push(`package: ${kind} icon ${file} named in the manifest is not in the zip`);
        else summary.problems.push(...checkIcon(kind, file, bytes, "package"));
      }
    }
  }
} catch (e) {
  console.error(`validate-manifest: ${e.stack ?? e}`);
  process.exit(2);
}

summary.valid = summary.problems.length === 0;
console.log(JSON.stringify(summary, null, 2));
process.exit(summary.valid ? 0 : 1);
