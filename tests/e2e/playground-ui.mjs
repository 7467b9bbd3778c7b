#!/usr/bin/env node
// What a newcomer does after ./run-bot.sh: opens Agents Playground's web page in a browser, picks a chat, types a
// command and sees the bot's answer. Drives Playground 0.2.28's page in headless Debian Chromium.
//
//   node playground-ui.mjs <playground-url> <chat name as listed> <text> <expected answer text> <screenshot.png>
//
// In a team channel the bot is @mentioned through the page's mention picker first. Prints a JSON summary; exit 0
// when one more element showing the expected text appeared, 1 when not, 2 when the tool could not run.
import { chromium } from "playwright-core";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const BOT_NAME = "Koordinator";
const [url, chat, text, expected, screenshot] = process.argv.slice(2);
if (!screenshot) {
  console.error("usage: node playground-ui.mjs <playground-url> <chat name> <text> <expected answer text> <screenshot.png>");
  process.exit(2);
}
if (!existsSync(CHROMIUM)) {
  console.error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH.`);
  process.exit(2);
}
mkdirSync(dirname(screenshot), { recursive: true });

const profile = mkdtempSync(join(tmpdir(), "playground-ui-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic"],
});
let ok = false;
let error;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url, { waitUntil: "networkidle", timeout: 60_000 });
  await page.getByText(chat, { exact: true }).first().click({ timeout: 30_000 });
  const answers = page.getByText(expected, { exact: true });
  await page.waitForTimeout(1000); // the chat's history renders
  const before = await answers.count();

  const channel = await page.getByText("Start a new post").count() > 0;
  const editor = page.locator("[data-lexical-editor=true]").first();
  await editor.click();
  if (channel) {
    await page.keyboard.type(`@${BOT_NAME.slice(0, 5)}`);
    await page.getByRole("menuitem", { name: BOT_NAME }).click({ timeout: 15_000 }); // the mention picker
    await page.keyboard.type(` ${text}`);
    await page.getByRole("button", { name: "Post" }).click();
  } else {
    await page.keyboard.type(text);
    await page.keyboard.press("Enter");
  }
  await answers.nth(before).waitFor({ state: "visible", timeout: 30_000 });
  ok = true;
  await page.screenshot({ path: screenshot });
} catch (e) {
  error = e.message;
  try { await context.pages()[0]?.screenshot({ path: screenshot }); } catch { /* nothing to show */ }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify({ ok, chat, text, expected, screenshot, error }, null, 2));
process.exit(ok ? 0 : 1);
