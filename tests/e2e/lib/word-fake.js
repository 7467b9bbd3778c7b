// A small in-page stand-in for Office.js in Word, served in place of https://appsforoffice.microsoft.com/.../office.js
// by tests/e2e/addin-pane.mjs. It holds the content controls of a real document (window.__wordModel, read from a
// .docx the bot generated) and answers the part of the Word API the task pane uses, the way Word batches it:
// calls are queued and run at context.sync(); a property read before load() and sync() throws as Office.js does.
// It encodes one assumption that only real Word can confirm: rows inserted before a row of a repeating section
// belong to that section.
(function () {
  "use strict";
  const model = window.__wordModel;
  const state = {
    controls: model.controls.map((c, i) => ({ ...c, id: i + 1, deleted: false })),
    properties: { ...model.properties },
    insertedTables: [],
    syncs: 0,
    nextId: model.controls.length + 1,
  };
  window.__word = state;

  const notLoaded = (name) =>
    Object.assign(new Error(`The property '${name}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`), { code: "PropertyNotLoaded" });

  class Context {
    constructor() {
      this.queue = [];
      this.loads = [];
      this.document = new Document(this);
    }
    async sync() {
      state.syncs++;
      const work = this.queue.splice(0);
      for (const run of work) run();
      const loads = this.loads.splice(0);
      for (const load of loads) load();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  /** A proxy whose listed properties become readable at the next sync after load(). */
  class Proxy {
    constructor(context, names, read) {
      this.context = context;
      this._values = {};
      this._read = read;
      for (const name of names)
        Object.defineProperty(this, name, {
          get: () => {
            if (!(name in this._values)) throw notLoaded(name);
            return this._values[name];
          },
          configurable: true,
        });
    }
    load() {
      this.context.loads.push(() => Object.assign(this._values, this._read()));
      return this;
    }
  }

  const live = () => state.controls.filter((c) => !c.deleted);
  const byPosition = (a, b) => (a.table ?? -1) - (b.table ?? -1) || (a.row ?? -1) - (b.row ?? -1) || (a.cell ?? -1) - (b.cell ?? -1) || a.id - b.id;
  const isInside = (c, ancestor) => {
    for (let p = c.parent; p !== null && p !== undefined; p = state.controls.find((x) => x.id === p)?.parent) if (p === ancestor.id) return true;
    return false;
  };

  class ContentControlCollection extends Proxy {
    constructor(context, select) {
      super(context, ["items"], () => ({ items: select().map((c) => new ContentControl(context, c, true)) }));
    }
    getByTag(tag) {
      return new ContentControlCollection(this.context, () => live().filter((c) => c.tag === tag));
    }
  }

  class ContentControl extends Proxy {
    constructor(context, control, loaded) {
      super(context, ["tag", "text", "type", "title"], () => ({ tag: control.tag, text: control.text, type: control.type, title: control.tag }));
      this.control = control;
      if (loaded) Object.assign(this._values, this._read());
      this.contentControls = new ContentControlCollection(context, () => live().filter((c) => isInside(c, control)).sort(byPosition));
      this.parentTableCellOrNullObject = new TableCell(context, control);
    }
    insertText(text, location) {
      if (location !== "Replace") throw new Error(`the fake supports insertText(…, "Replace") only, got ${location}`);
      if (this.control.type === "DropDownList" || this.control.type === "CheckBox")
        throw Object.assign(new Error("NotAllowed: the content control does not take text"), { code: "NotAllowed" });
      this.context.queue.push(() => (this.control.text = text));
    }
  }

  class TableCell extends Proxy {
    constructor(context, control) {
      super(context, ["isNullObject", "rowIndex", "cellIndex"], () => ({
        isNullObject: control.table === null || control.table === undefined,
        rowIndex: control.row ?? 0,
        cellIndex: control.cell ?? 0,
      }));
      this.parentRow = new TableRow(context, control);
      this.parentTable = new Table(context, control);
    }
  }

  class TableRow {
    constructor(context, control) {
      this.context = context;
      this.control = control;
    }
    insertRows(location, count, values) {
      const { table, row, parent } = this.control;
      this.context.queue.push(() => {
        const at = location === "Before" ? row : row + 1;
        for (const c of live()) if (c.table === table && c.row >= at) c.row += count;
        const cells = state.pendingCells ?? (state.pendingCells = []);
        values.forEach((rowValues, j) => rowValues.forEach((text, cell) => cells.push({ table, row: at + j, cell, text, parent })));
      });
    }
    delete() {
      const { table, row } = this.control;
      this.context.queue.push(() => {
        for (const c of live()) if (c.table === table && c.row === row) c.deleted = true;
        for (const c of live()) if (c.table === table && c.row > row) c.row -= 1;
      });
    }
  }

  class Table {
    constructor(context, control) {
      this.context = context;
      this.control = control;
    }
    getCell(row, cell) {
      const context = this.context;
      const table = this.control.table;
      return {
        body: {
          insertContentControl() {
            const created = { id: state.nextId++, tag: "", text: "", type: "RichText", table, row, cell, parent: null, deleted: false };
            context.queue.push(() => {
              const plain = (state.pendingCells ?? []).find((p) => p.table === table && p.row === row && p.cell === cell);
              created.text = plain?.text ?? "";
              created.parent = plain?.parent ?? null;
              state.controls.push(created);
            });
            return {
              set tag(value) { created.tag = value; },
              set title(_) {},
            };
          },
        },
      };
    }
  }

  class CustomProperties extends Proxy {
    constructor(context) {
      super(context, ["items"], () => ({ items: Object.entries(state.properties).map(([key, value]) => ({ key, value })) }));
    }
    add(key, value) {
      this.context.queue.push(() => (state.properties[key] = value));
    }
  }

  class Document {
    constructor(context) {
      this.contentControls = new ContentControlCollection(context, () => live());
      this.properties = { customProperties: new CustomProperties(context) };
      this.getSelection = () => ({
        insertTable: (rows, columns, location, values) => {
          context.queue.push(() => state.insertedTables.push({ rows, columns, location, values }));
          return { set headerRowCount(_) {} };
        },
      });
    }
  }

  const docx = Uint8Array.from(atob(model.docxBase64), (ch) => ch.charCodeAt(0));

  window.Word = { run: async (batch) => batch(new Context()) };
  window.Office = {
    HostType: { Word: "Word" },
    PlatformType: { OfficeOnline: "OfficeOnline", PC: "PC" },
    FileType: { Compressed: "compressed" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    context: {
      displayLanguage: model.displayLanguage ?? "da-DK",
      platform: model.platform ?? "PC",
      requirements: { isSetSupported: () => true },
      document: {
        url: model.url ?? "",
        getFileAsync(type, options, done) {
          if (type !== "compressed") return done({ status: "failed", error: { message: `fake: file type ${type}` } });
          const size = options.sliceSize;
          const sliceCount = Math.max(1, Math.ceil(docx.length / size));
          done({
            status: "succeeded",
            value: {
              sliceCount,
              size: docx.length,
              getSliceAsync: (i, cb) => cb({ status: "succeeded", value: { index: i, data: Array.from(docx.subarray(i * size, (i + 1) * size)) } }),
              closeAsync: (cb) => cb?.({ status: "succeeded" }),
            },
          });
        },
      },
    },
    auth: { getAccessToken: () => Promise.reject(new Error("fake: no Office SSO here")) },
    onReady(callback) {
      const info = { host: "Word", platform: this.context.platform };
      setTimeout(() => callback?.(info), 0);
      return Promise.resolve(info);
    },
  };
})();
