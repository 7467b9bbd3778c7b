// docxtemplater filling bench/documents/KIP-docxtemplater.docx (the KIP in {placeholder} syntax, written by
// tools/TemplateBuilder) with the same data as our fill, one document after another.
// Usage: node docxtemplater.mjs DATA.json SECONDS  → prints "docxtemplater docs/s count seconds"
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import PizZip from "pizzip";
import Docxtemplater from "docxtemplater";

const here = path.dirname(fileURLToPath(import.meta.url));
const template = readFileSync(path.join(here, "KIP-docxtemplater.docx"));
const data = JSON.parse(readFileSync(process.argv[2], "utf8"));
const seconds = Number(process.argv[3] ?? 10);

function one() {
  const doc = new Docxtemplater(new PizZip(template), { paragraphLoop: true, linebreaks: true });
  doc.render(data);
  return doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" }).length;
}

const warmUntil = performance.now() + (seconds * 1000) / 5;
while (performance.now() < warmUntil) one();
let count = 0;
const start = performance.now();
while (performance.now() - start < seconds * 1000) { one(); count++; }
const elapsed = (performance.now() - start) / 1000;
console.log(`docxtemplater ${(count / elapsed).toFixed(1)} ${count} ${elapsed.toFixed(2)}`);
