#!/usr/bin/env node
// Renders every Adaptive Card JSON file in a folder with Microsoft's own `adaptivecards` renderer (the UMD
// bundle, in headless Debian Chromium), the way Teams would: target version 1.5, a Teams-like host config and a
// markdown handler. Every parse event, validation event, console warning or page error counts as a failure.
//
//   node render-cards.mjs <dir-of-card-json> <out-dir>
//
// Prints one JSON summary on stdout; writes <out-dir>/<card>.png per card. Exit 0: all clean; 1: a card has
// warnings or errors; 2: the tool itself could not run (missing Chromium, bad arguments).
import { chromium } from "playwright-core";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const TARGET_VERSION = "1.5";
const CARD_WIDTH = 450; // about the width Teams gives a bot card in a chat or channel

function fail(message) {
  console.error(message);
  process.exit(2);
}

const [cardDir, outDir] = process.argv.slice(2);
if (!cardDir || !outDir) fail("usage: node render-cards.mjs <dir-of-card-json> <out-dir>");
if (!existsSync(CHROMIUM)) fail(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`);
const files = readdirSync(cardDir).filter((f) => f.endsWith(".json")).sort();
if (files.length === 0) fail(`no *.json card files in ${cardDir}`);
mkdirSync(outDir, { recursive: true });

const hostConfig = JSON.parse(readFileSync(join(here, "teams-host-config.json"), "utf8"));
delete hostConfig.$comment;
const adaptiveCardsJs = require.resolve("adaptivecards/dist/adaptivecards.js");
const adaptiveCardsCss = join(dirname(adaptiveCardsJs), "adaptivecards.css");
const markdownItJs = require.resolve("markdown-it/dist/markdown-it.min.js");

const profile = mkdtempSync(join(tmpdir(), "render-cards-chromium-"));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: CARD_WIDTH + 40, height: 800 },
    deviceScaleFactor: 1,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-quic"],
  });
} catch (e) {
  rmSync(profile, { recursive: true, force: true });
  fail(`Could not start Chromium (${CHROMIUM}): ${e.message}`);
}

const results = [];
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleEvents = [];
  page.on("console", (m) => {
    if (m.type() === "warning" || m.type() === "error") consoleEvents.push({ phase: "Console", event: m.type(), message: m.text() });
  });
  page.on("pageerror", (e) => consoleEvents.push({ phase: "Page", event: "error", message: String(e) }));
  // No network: the page is built from local files only.
  await page.route("**/*", (route) => route.request().url().startsWith("data:") ? route.continue() : route.abort());
  await page.setContent(`<!doctype html><html lang="da"><head><meta charset="utf-8">
    <style>body{margin:0;padding:20px;background:#F5F5F5;font-family:'Segoe UI',sans-serif}
    #card{width:${CARD_WIDTH}px;background:#fff;border-radius:6px;box-shadow:0 1px 2px rgba(0,0,0,.15)}</style>
    </head><body><div id="card"></div></body></html>`);
  await page.addStyleTag({ path: adaptiveCardsCss });
  await page.addScriptTag({ path: markdownItJs });
  await page.addScriptTag({ path: adaptiveCardsJs });

  for (const file of files) {
    const name = basename(file, ".json");
    const events = [];
    let json;
    try {
      json = JSON.parse(readFileSync(join(cardDir, file), "utf8"));
    } catch (e) {
      results.push({ name, file, ok: false, events: [{ phase: "Json", event: "error", message: e.message }] });
      continue;
    }
    consoleEvents.length = 0;
    const rendered = await page.evaluate(({ json, hostConfig, targetVersion }) => {
      const AC = window.AdaptiveCards;
      const md = window.markdownit({ html: false, linkify: true, breaks: false });
      AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
        result.outputHtml = md.render(text);
        result.didProcess = true;
      };
      const names = (enumType, value) => enumType[value] ?? String(value);
      const target = AC.Version.parse(targetVersion, new AC.SerializationContext());
      const context = new AC.SerializationContext(target);
      const card = new AC.AdaptiveCard();
      card.maxVersion = target; // a card declaring a newer version than Teams renders is an error
      card.hostConfig = new AC.HostConfig(hostConfig);
      card.parse(json, context);
      const events = [];
      for (let i = 0; i < context.eventCount; i++) {
        const e = context.getEventAt(i);
        events.push({ phase: names(AC.ValidationPhase, e.phase), event: names(AC.ValidationEvent, e.event), message: e.message });
      }
      for (const e of card.validateProperties().validationEvents)
        events.push({ phase: names(AC.ValidationPhase, e.phase), event: names(AC.ValidationEvent, e.event), message: e.message });
      const host = document.getElementById("card");
      host.innerHTML = "";
      const element = card.render();
      if (!element) return { events, height: 0, text: "" };
      host.appendChild(element);
      return { events, height: element.getBoundingClientRect().height, text: element.innerText };
    }, { json, hostConfig, targetVersion: TARGET_VERSION });

    events.push(...rendered.events, ...consoleEvents);
    if (rendered.height <= 0) events.push({ phase: "Render", event: "error", message: "the card rendered nothing" });
    const screenshot = resolve(outDir, `${name}.png`);
    await page.locator("#card").screenshot({ path: screenshot });
    results.push({ name, file, ok: events.length === 0, events, screenshot, height: Math.round(rendered.height), text: rendered.text });
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

const summary = { targetVersion: TARGET_VERSION, cards: results.length, failed: results.filter((r) => !r.ok).length, results };
// Exit only once stdout is flushed: process.exit() right after a write cuts a piped output past 64 KB.
process.stdout.write(JSON.stringify(summary, null, 2) + "\n", () => process.exit(summary.failed === 0 ? 0 : 1));
