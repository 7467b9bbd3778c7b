// The open document as Koordinator sees it: its kind and forløb (custom document properties the bot writes, else
// the content-control tags), the fields the forløb owns, and the changes that bring them up to date.
// Word batches: proxies are queued, then one context.sync() per phase; never a sync inside a loop.

export type Kind = "kip" | "kriseplan" | "referat";
export type Row = Record<string, string>;
export type FieldValue = string | Row[];

/** GET /api/addin/cases/{id}/documents/{kind}/fields */
export interface CaseFields {
  caseId: number;
  label: string;
  kind: Kind;
  title: string;
  labels: Record<string, string>;
  fields: Record<string, FieldValue>;
}

export interface Agreement {
  what: string;
  who: string;
  sector: string;
  due: string;
}

export const Properties = {
  caseId: "TeamsCoordinator.CaseId",
  kind: "TeamsCoordinator.DocumentKind",
  version: "TeamsCoordinator.Version",
} as const;

export const RepeatPrefix = "repeat:";

/** Tags only one kind's built-in template has (organisations' own templates use the same tags). */
const markers: Array<[Kind, string[]]> = [
  ["kip", ["CprNr", "repeat:Kontaktpersoner", "repeat:Indsatser", "KoordinationsmoedeDato"]],
  ["kriseplan", ["AdvarselsTegn", "repeat:Kontakter", "DetHjaelperMig", "Akutmodtagelse"]],
  ["referat", ["repeat:Deltagere", "Forloeb", "repeat:Dagsorden", "MoedeDato"]],
];

export function kindFromTags(tags: Iterable<string>): Kind | null {
  const present = new Set(Array.from(tags, (t) => t.toLowerCase()));
  let best: Kind | null = null;
  let score = 0;
  for (const [kind, wanted] of markers) {
    const hits = wanted.filter((t) => present.has(t.toLowerCase())).length;
    if (hits > score) [best, score] = [kind, hits];
  }
  return best;
}

export function isKind(value: unknown): value is Kind {
  return value === "kip" || value === "kriseplan" || value === "referat";
}

export interface OpenDocument {
  kind: Kind | null;
  caseId: number | null;
  version: string | null;
}

/** One sync: the custom properties and every content control's tag. */
export async function recognise(context: Word.RequestContext): Promise<OpenDocument> {
  const properties = context.document.properties.customProperties;
  properties.load("items");
  const controls = context.document.contentControls;
  controls.load("items");
  await context.sync();
  const property = (name: string) => properties.items.find((p) => p.key === name)?.value as unknown;
  const storedKind = String(property(Properties.kind) ?? "");
  const caseId = Number(property(Properties.caseId));
  const version = property(Properties.version);
  return {
    kind: isKind(storedKind) ? storedKind : kindFromTags(controls.items.map((c) => c.tag ?? "")),
    caseId: Number.isSafeInteger(caseId) && caseId > 0 ? caseId : null,
    version: version === undefined || version === null || version === "" ? null : String(version),
  };
}

interface Cell {
  control: Word.ContentControl;
  cell: Word.TableCell;
}

interface Record_ {
  cells: Map<string, Cell>;
  first: Cell;
}

interface TextSlot {
  type: "text";
  field: string;
  controls: Word.ContentControl[];
  current: string;
}

interface ListSlot {
  type: "list";
  field: string;
  records: Record_[];
  inTable: boolean;
  /** Which field each table column holds, from the first record's cells. */
  columns: Map<number, string>;
  width: number;
}

type Slot = TextSlot | ListSlot;

export interface Slots {
  slots: Map<string, Slot>;
  missing: string[];
}

export interface Change {
  field: string;
  label: string;
  old: string;
  new: string;
}

/** Content controls whose value people choose in Word: a text replace is not allowed on them everywhere. */
const chosenInWord = new Set(["DropDownList", "CheckBox"]);

/** Three syncs, one per phase: the fields' controls; the repeats' inner controls; the table cells they sit in. */
export async function readSlots(context: Word.RequestContext, wanted: CaseFields): Promise<Slots> {
  const all = context.document.contentControls;
  const found = new Map<string, Word.ContentControlCollection>();
  for (const [field, value] of Object.entries(wanted.fields)) {
    const collection = all.getByTag(Array.isArray(value) ? RepeatPrefix + field : field);
    collection.load("items");
    found.set(field, collection);
  }
  await context.sync();

  const inner = new Map<string, Word.ContentControlCollection>();
  for (const [field, collection] of found) {
    if (!Array.isArray(wanted.fields[field]) || collection.items.length === 0) continue;
    const controls = collection.items[0].contentControls;
    controls.load("items");
    inner.set(field, controls);
  }
  await context.sync();

  const cells = new Map<Word.ContentControl, Word.TableCell>();
  for (const controls of inner.values())
    for (const control of controls.items) {
      const cell = control.parentTableCellOrNullObject;
      cell.load("isNullObject,rowIndex,cellIndex");
      cells.set(control, cell);
    }
  await context.sync();

  const slots = new Map<string, Slot>();
  const missing: string[] = [];
  for (const [field, collection] of found) {
    const value = wanted.fields[field];
    if (collection.items.length === 0) {
      missing.push(field);
      continue;
    }
    if (!Array.isArray(value)) {
      slots.set(field, { type: "text", field, controls: collection.items, current: collection.items[0].text.trim() });
      continue;
    }
    const names = new Set(value.flatMap((row) => Object.keys(row)));
    const records: Record_[] = [];
    let current: Record_ | null = null;
    for (const control of inner.get(field)?.items ?? []) {
      if (!names.has(control.tag)) continue;
      const entry = { control, cell: cells.get(control)! };
      // A field seen again starts the next record (the engine repeats the pattern once per record).
      if (current === null || current.cells.has(control.tag)) {
        current = { cells: new Map(), first: entry };
        records.push(current);
      }
      current.cells.set(control.tag, entry);
    }
    const inTable = records.length > 0 && records.every((r) => !r.first.cell.isNullObject);
    const columns = new Map<number, string>();
    if (inTable) for (const [tag, entry] of records[0].cells) columns.set(entry.cell.cellIndex, tag);
    slots.set(field, { type: "list", field, records, inTable, columns, width: Math.max(0, ...columns.keys()) + 1 });
  }
  return { slots, missing };
}

export function rowText(row: Row): string {
  return Object.values(row).filter((v) => v.trim().length > 0).join(" · ");
}

function currentRows(slot: ListSlot): Row[] {
  return slot.records.map((r) => Object.fromEntries([...r.cells].map(([tag, e]) => [tag, e.control.text.trim()])));
}

/** What would change, field by field (old → new); fields already equal are left out. */
export function changes(read: Slots, wanted: CaseFields, empty: string): Change[] {
  const result: Change[] = [];
  for (const [field, slot] of read.slots) {
    const value = wanted.fields[field];
    const label = wanted.labels[field] ?? field;
    if (slot.type === "text") {
      const next = typeof value === "string" ? value : "";
      if (slot.current !== next.trim()) result.push({ field, label, old: slot.current || empty, new: next || empty });
      continue;
    }
    const rows = Array.isArray(value) ? value : [];
    const old = currentRows(slot);
    const same = old.length === rows.length && rows.every((row, i) => Object.entries(row).every(([k, v]) => (old[i][k] ?? "") === v.trim()));
    if (!same)
      result.push({
        field, label,
        old: old.map(rowText).filter((t) => t.length > 0).join("\n") || empty,
        new: rows.map(rowText).join("\n") || empty,
      });
  }
  return result;
}

/**
 * Writes the chosen fields in one batch and one sync: text fields replaced; a list's records written row by row,
 * rows added (before the last record's row, so they stay inside the repeat) or removed to match. Returns the
 * fields it could not update, each with why, in the pane's language.
 */
export async function apply(context: Word.RequestContext, read: Slots, wanted: CaseFields, fields: string[],
  say: { rowsNotTable: (label: string) => string; chooseInWord: (label: string, value: string) => string }): Promise<string[]> {
  const problems: string[] = [];
  for (const field of fields) {
    const slot = read.slots.get(field);
    const value = wanted.fields[field];
    const label = wanted.labels[field] ?? field;
    if (!slot) continue;
    if (slot.type === "text") {
      const text = typeof value === "string" ? value : "";
      for (const control of slot.controls) {
        if (chosenInWord.has(control.type)) problems.push(say.chooseInWord(label, text));
        else control.insertText(text, "Replace");
      }
      continue;
    }
    const rows = Array.isArray(value) ? value : [];
    const n = slot.records.length;
    if (n === 0 || (rows.length !== n && !slot.inTable)) {
      problems.push(say.rowsNotTable(label));
      continue;
    }
    const write = (record: Record_, row: Row | undefined) => {
      for (const [tag, entry] of record.cells) entry.control.insertText(row?.[tag] ?? "", "Replace");
    };
    if (rows.length > n) {
      const last = slot.records[n - 1];
      const added = rows.slice(n - 1, rows.length - 1);
      const values = added.map((row) => Array.from({ length: slot.width }, (_, i) => row[slot.columns.get(i) ?? ""] ?? ""));
      last.first.cell.parentRow.insertRows("Before", added.length, values);
      const table = last.first.cell.parentTable;
      const at = last.first.cell.rowIndex;
      added.forEach((_, j) => {
        for (const [column, tag] of slot.columns) {
          const control = table.getCell(at + j, column).body.insertContentControl();
          control.tag = tag;
          control.title = tag;
        }
      });
      slot.records.slice(0, n - 1).forEach((record, i) => write(record, rows[i]));
      write(last, rows[rows.length - 1]);
    } else {
      slot.records.forEach((record, i) => {
        if (i < rows.length || i === 0) write(record, rows[i]);
        else record.first.cell.parentRow.delete();
      });
    }
  }
  await context.sync();
  return problems;
}

/** The open agreements as a table after the cursor's paragraph: a header row, then one row per agreement. */
export async function insertAgreements(context: Word.RequestContext, agreements: Agreement[], header: string[]): Promise<void> {
  const values = [header, ...agreements.map((a) => [a.what, a.who, a.sector, a.due])];
  const table = context.document.getSelection().insertTable(values.length, header.length, "After", values);
  table.headerRowCount = 1;
  await context.sync();
}

/** The whole document as .docx bytes (Office.FileType.Compressed), read slice by slice. */
export function documentBytes(office: typeof Office, sliceSize = 4 * 1024 * 1024): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    office.context.document.getFileAsync(office.FileType.Compressed, { sliceSize }, (opened) => {
      if (opened.status !== office.AsyncResultStatus.Succeeded) return reject(new Error(opened.error?.message ?? "getFileAsync"));
      const file = opened.value;
      const slices: Uint8Array[] = [];
      const next = (index: number) =>
        file.getSliceAsync(index, (slice) => {
          if (slice.status !== office.AsyncResultStatus.Succeeded) {
            file.closeAsync();
            return reject(new Error(slice.error?.message ?? "getSliceAsync"));
          }
          slices.push(new Uint8Array(slice.value.data as ArrayLike<number>));
          if (index + 1 < file.sliceCount) next(index + 1);
          else {
            file.closeAsync();
            const bytes = new Uint8Array(slices.reduce((n, s) => n + s.length, 0));
            let at = 0;
            for (const s of slices) {
              bytes.set(s, at);
              at += s.length;
            }
            resolve(bytes);
          }
        });
      next(0);
    });
  });
}
