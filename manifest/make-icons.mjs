#!/usr/bin/env node
// Draws the Teams app icons from geometry, deterministically (same code, same bytes): two people handing a baton
// to each other. color.png 192×192: white figure on the accent colour; outline.png 32×32: white on transparent.
//   node manifest/make-icons.mjs        (rewrites manifest/color.png, manifest/outline.png and addin/public/icon-*.png)
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { encodePng } from "../tests/e2e/lib/png.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const ACCENT = [0x1f, 0x6e, 0x8c]; // keep equal to accentColor in manifest.json

// Signed distances in unit coordinates (0..1, y down); negative inside.
const circle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;
function capsule(x, y, ax, ay, bx, by, r) {
  const px = x - ax, py = y - ay, dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - t * dx, py - t * dy) - r;
}
function person(x, y, cx) {
  const head = circle(x, y, cx, 0.36, 0.085);
  const body = Math.max(circle(x, y, cx, 0.74, 0.17), y - 0.72); // shoulders: a disc cut flat below
  return Math.min(head, body);
}
function figure(x, y) {
  const people = Math.min(person(x, y, 0.30), person(x, y, 0.70));
  const baton = capsule(x, y, 0.40, 0.64, 0.60, 0.46, 0.04);
  return Math.min(Math.max(people, -(baton - 0.03)), baton); // a gap around the baton keeps it readable
}

/** Coverage of the figure per pixel, 8×8 supersampled, in a `scale`-wide box centred in the image. */
function draw(size, scale, paint) {
  const rgba = new Uint8Array(size * size * 4);
  const n = 8;
  for (let py = 0; py < size; py++)
    for (let px = 0; px < size; px++) {
      let inside = 0;
      for (let sy = 0; sy < n; sy++)
        for (let sx = 0; sx < n; sx++) {
          const u = ((px + (sx + 0.5) / n) / size - 0.5) / scale + 0.5;
          const v = ((py + (sy + 0.5) / n) / size - 0.5) / scale + 0.5;
          if (figure(u, v) <= 0) inside++;
        }
      rgba.set(paint(inside / (n * n)), (py * size + px) * 4);
    }
  return rgba;
}

const mix = (a, b, t) => Math.round(a + (b - a) * t);
const color = draw(192, 0.78, (c) => [mix(ACCENT[0], 255, c), mix(ACCENT[1], 255, c), mix(ACCENT[2], 255, c), 255]);
const outline = draw(32, 1.0, (c) => [255, 255, 255, Math.round(255 * c)]);
writeFileSync(join(here, "color.png"), encodePng(192, 192, color));
writeFileSync(join(here, "outline.png"), encodePng(32, 32, outline));
console.log("wrote manifest/color.png (192×192) and manifest/outline.png (32×32)");

// The Word add-in's ribbon and manifest icons (served by the bot at /addin/icon-N.png): the same figure on the accent colour.
for (const size of [16, 32, 64, 80]) {
  const icon = draw(size, 0.86, (c) => [mix(ACCENT[0], 255, c), mix(ACCENT[1], 255, c), mix(ACCENT[2], 255, c), 255]);
  writeFileSync(join(here, "..", "addin", "public", `icon-${size}.png`), encodePng(size, size, icon));
}
console.log("wrote addin/public/icon-{16,32,64,80}.png");
