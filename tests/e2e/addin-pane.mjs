#!/usr/bin/env node
// Drives the real Word task pane (the bot's /addin/ page) in headless Chromium, with Office.js replaced by the
// in-page Word fake (lib/word-fake.js) holding the content controls of a document the bot generated.
//
//   node addin-pane.mjs <bot base url> <document.json>
//
// document.json: { controls: [...], properties: {...}, docxBase64 } (see EndToEnd/AddinPaneTests.cs). Clicks
// "Opdatér fra forløbet", accepts the changes, "Indsæt aftaler", then "Gem som ny version", and prints one JSON
// summary on stdout: what the pane showed, the fake's controls afterwards, the response headers, console errors.
// Exit 0: ran (the caller asserts); 2: could not run.
import { chromium } from "playwright-core";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const [base, documentPath] = process.argv.slice(2);
const fail = (message) => {
  console.error(`addin-pane: ${message}`);
  process.exit(2);
};
if (!base || !documentPath) fail("usage: node addin-pane.mjs <bot base url> <document.json>");
if (!existsSync(CHROMIUM)) fail(`Chromium not found at ${CHROMIUM}`);

const model = readFileSync(documentPath, "utf8");
const fake = `window.__wordModel = ${model};\n${readFileSync(join(here, "lib", "word-fake.js"), "utf8")}`;
const origin = new URL(base).origin;

const profile = mkdtempSync(join(tmpdir(), "addin-pane-chromium-"));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 360, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-quic"],
  });
} catch (e) {
  rmSync(profile, { recursive: true, force: true });
  fail(`Could not start Chromium (${CHROMIUM}): ${e.message}`);
}

const summary = { console: [], requests: [], blocked: [] };
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") summary.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => summary.console.push(`pageerror: ${e}`));
  // Office.js from Microsoft's CDN becomes the fake; the bot is the only other origin the page may reach.
  await page.route("**/*", async (route) => {
    const url = route.request().url();
    if (url.startsWith("https://appsforoffice.microsoft.com/"))
      return route.fulfill({ status: 200, contentType: "application/javascript", body: fake });
    if (url.startsWith(origin)) {
      summary.requests.push(`${route.request().method()} ${new URL(url).pathname}`);
      return route.continue();
    }
    summary.blocked.push(url);
    return route.abort();
  });

  const response = await page.goto(`${base}/addin/`);
  summary.page = { status: response.status(), headers: response.headers() };
  const asset = await page.evaluate(() => document.querySelector("script[type=module]")?.getAttribute("src"));
  const assetResponse = await page.request.get(new URL(asset, base).href);
  summary.asset = { path: asset, headers: assetResponse.headers() };

  const message = () => page.locator("#message").innerText();
  const waitForMessage = async (pattern) => {
    await page.waitForFunction((p) => new RegExp(p).test(document.querySelector("#message")?.textContent ?? ""), pattern.source, { timeout: 60_000 });
    return message();
  };

  await page.waitForFunction(() => {
    const b = document.querySelector("#refresh");
    return b && !b.disabled && !document.querySelector("#document").hidden;
  }, null, { timeout: 60_000 });
  summary.documentInfo = await page.locator("#document-info").innerText();
  summary.buttons = await page.locator("#document button").allInnerTexts();

  await page.click("#refresh");
  await page.waitForSelector("#changes:not([hidden])", { timeout: 60_000 });
  summary.changes = await page.locator("#change-list li").allInnerTexts();
  summary.controlsBefore = await page.evaluate(() => structuredClone(window.__word.controls));
  await page.click("#apply");
  summary.refreshed = await waitForMessage(/opdateret|updated|lykkedes/);
  summary.controlsAfter = await page.evaluate(() => structuredClone(window.__word.controls.filter((c) => !c.deleted)));

  await page.click("#insert");
  summary.inserted = await waitForMessage(/sat ind|aftaler|lykkedes/);
  summary.insertedTables = await page.evaluate(() => structuredClone(window.__word.insertedTables));

  await page.click("#save");
  summary.saved = await waitForMessage(/gemt som version|lykkedes/);
  summary.propertiesAfter = await page.evaluate(() => structuredClone(window.__word.properties));
  summary.syncs = await page.evaluate(() => window.__word.syncs);
} catch (e) {
  summary.error = String(e?.stack ?? e);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(summary, null, 2));
