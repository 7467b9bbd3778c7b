// A Word document for office-addin-mock: content controls (tag, text, type, the repeat they sit in, their table
// cell), custom properties, and a record of every write. Each proxy is an OfficeMockObject, so reading a property
// that was not loaded and synced gives the mock's error instead of the value; context.sync() syncs them all.
import { OfficeMockObject } from "office-addin-mock";

export interface ControlModel {
  tag: string;
  text: string;
  type?: string;
  /** Index of the repeat control this one is inside. */
  parent?: number;
  row?: number;
  cell?: number;
}

export interface Writes {
  texts: Array<{ tag: string; text: string }>;
  insertedRows: Array<{ at: number; location: string; count: number; values: string[][] }>;
  deletedRows: number[];
  wrapped: Array<{ row: number; cell: number; tag: string }>;
  tables: Array<{ rows: number; columns: number; location: string; values: string[][] }>;
  properties: Record<string, string>;
  syncs: number;
}

export async function wordContext(controls: ControlModel[], properties: Record<string, string> = {}) {
  const registry: OfficeMockObject[] = [];
  const writes: Writes = { texts: [], insertedRows: [], deletedRows: [], wrapped: [], tables: [], properties: {}, syncs: 0 };
  const mock = (data: object) => {
    const m = new OfficeMockObject(data as never);
    registry.push(m);
    return m;
  };
  const collection = (items: OfficeMockObject[]) => mock({ items });

  const table = {
    getCell: (row: number, cell: number) => ({
      body: {
        insertContentControl: () => {
          const wrapped = { row, cell, tag: "" };
          writes.wrapped.push(wrapped);
          return {
            set tag(value: string) { wrapped.tag = value; },
            set title(_: string) {},
          };
        },
      },
    }),
  };

  const proxies: OfficeMockObject[] = [];
  controls.forEach((c, index) => {
    const inTable = c.row !== undefined;
    const cell = {
      isNullObject: !inTable,
      rowIndex: c.row ?? 0,
      cellIndex: c.cell ?? 0,
      parentRow: {
        insertRows: (location: string, count: number, values: string[][]) => writes.insertedRows.push({ at: c.row ?? -1, location, count, values }),
        delete: () => writes.deletedRows.push(c.row ?? -1),
      },
      parentTable: table,
    };
    proxies[index] = mock({
      tag: c.tag,
      text: c.text,
      type: c.type ?? "RichText",
      insertText: (text: string) => writes.texts.push({ tag: c.tag, text }),
      parentTableCellOrNullObject: cell,
    });
  });
  // office-addin-mock gates a collection's items, not the items' own scalars: Word loads those with "items", so
  // they are loaded here; the collections, the table cells and everything else must be loaded and synced by the code.
  for (const p of proxies) {
    p.load("tag,text,type");
    await p.sync();
  }
  // Inner collections after every proxy exists (a repeat lists the controls inside it, in document order).
  controls.forEach((_, index) => {
    const inner = controls.map((c, i) => (c.parent === index ? proxies[i] : null)).filter((p): p is OfficeMockObject => p !== null);
    (proxies[index] as unknown as { contentControls: OfficeMockObject }).contentControls = collection(inner);
  });

  // Not in the registry: its sync() is replaced below by one that syncs every proxy.
  const context = new OfficeMockObject({
    document: {
      contentControls: {
        items: proxies,
        getByTag: (tag: string) => collection(proxies.filter((_, i) => controls[i].tag === tag)),
      },
      properties: {
        customProperties: {
          items: Object.entries(properties).map(([key, value]) => ({ key, value })),
          add: (key: string, value: string) => (writes.properties[key] = value),
        },
      },
      getSelection: () => ({
        insertTable: (rows: number, columns: number, location: string, values: string[][]) => {
          writes.tables.push({ rows, columns, location, values });
          return {};
        },
      }),
    },
  } as never);
  (context as unknown as { sync: () => Promise<void> }).sync = async () => {
    writes.syncs++;
    await OfficeMockObject.prototype.sync.call(context);
    for (const m of [...registry]) await m.sync();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { context: context as unknown as Word.RequestContext, writes };
}

export const NotLoaded = "Error, property was not loaded";
