import { describe, expect, it } from "vitest";
import { apply, changes, documentBytes, insertAgreements, kindFromTags, readSlots, recognise, type CaseFields } from "../src/word";
import { NotLoaded, wordContext, type ControlModel } from "./wordMock";

const say = {
  rowsNotTable: (label: string) => `rækker: ${label}`,
  chooseInWord: (label: string, value: string) => `vælg ${value} i ${label}`,
};

/** A KIP as the bot fills it: two team rows in a table, a consent drop-down, a date, and text people wrote. */
function kip(): ControlModel[] {
  return [
    { tag: "Nr", text: "F-2026-0042" },
    { tag: "CprNr", text: "010190-1234" },
    { tag: "AktuelStatus", text: "Skrevet i Word af teamet" },
    { tag: "SamtykkeFraBorger", text: "Ja", type: "DropDownList" },
    { tag: "repeat:Kontaktpersoner", text: "", type: "RepeatingSection" },
    { tag: "Funktion", text: "Koordinator", parent: 4, row: 1, cell: 0 },
    { tag: "TitelOgNavn", text: "Sofie Lund", parent: 4, row: 1, cell: 1 },
    { tag: "Arbejdssted", text: "Region Nordjylland", parent: 4, row: 1, cell: 2 },
    { tag: "Funktion", text: "Sagsbehandler", parent: 4, row: 2, cell: 0 },
    { tag: "TitelOgNavn", text: "Lars Nielsen", parent: 4, row: 2, cell: 1 },
    { tag: "Arbejdssted", text: "Aalborg Kommune", parent: 4, row: 2, cell: 2 },
    { tag: "NaesteMoedeDato", text: "1. marts 2027", type: "DatePicker" },
  ];
}

const team = (...names: string[]) =>
  names.map((n, i) => ({ Funktion: i === 0 ? "Koordinator" : "Medlem", TitelOgNavn: n, Arbejdssted: i === 0 ? "Region Nordjylland" : "Aalborg Kommune" }));

function wanted(fields: CaseFields["fields"]): CaseFields {
  return { caseId: 7, label: "AB · F-2026-0042", kind: "kip", title: "KIP", labels: { Kontaktpersoner: "Kontaktpersoner", NaesteMoedeDato: "Næste møde", SamtykkeFraBorger: "Samtykke fra borger" }, fields };
}

describe("recognising the open document", () => {
  it("takes the forløb, kind and version from the properties the bot writes", async () => {
    const { context, writes } = await wordContext(kip(), { "TeamsCoordinator.CaseId": "7", "TeamsCoordinator.DocumentKind": "kip", "TeamsCoordinator.Version": "3" });
    expect(await recognise(context)).toEqual({ kind: "kip", caseId: 7, version: "3" });
    expect(writes.syncs).toBe(1);
  });

  it("knows the kind from the content-control tags when the document has no properties", async () => {
    const { context } = await wordContext([{ tag: "repeat:Deltagere", text: "" }, { tag: "Forloeb", text: "AB" }]);
    expect(await recognise(context)).toEqual({ kind: "referat", caseId: null, version: null });
    expect(kindFromTags(["AdvarselsTegn", "Navn"])).toBe("kriseplan");
    expect(kindFromTags(["Overskrift"])).toBeNull();
  });

  it("the mock refuses a read before sync, so these tests catch a missing sync", async () => {
    const { context } = await wordContext(kip());
    const controls = context.document.contentControls;
    controls.load("items");
    expect(controls.items as unknown).toBe("Error, context.sync() was not called");
    await context.sync();
    expect(controls.items).toHaveLength(12);
  });
});

describe("Opdatér fra forløbet", () => {
  it("shows old → new only for the fields that differ, in three syncs and none per field", async () => {
    const { context, writes } = await wordContext(kip());
    const want = wanted({ Nr: "F-2026-0042", Kontaktpersoner: team("Sofie Lund", "Lars Nielsen", "Nina Nyborg"), NaesteMoedeDato: "1. marts 2027" });
    const list = changes(await readSlots(context, want), want, "(tomt)");
    expect(list).toHaveLength(1);
    expect(list[0].field).toBe("Kontaktpersoner");
    expect(list[0].old).toContain("Lars Nielsen");
    expect(list[0].new).toContain("Nina Nyborg");
    expect(JSON.stringify(list)).not.toContain(NotLoaded);
    expect(writes.syncs).toBe(3);
  });

  it("adds a member's row inside the team table and tags its cells, in one sync after reading", async () => {
    const { context, writes } = await wordContext(kip());
    const want = wanted({ Kontaktpersoner: team("Sofie Lund", "Lars Nielsen", "Nina Nyborg") });
    const read = await readSlots(context, want);
    const before = writes.syncs;
    expect(await apply(context, read, want, ["Kontaktpersoner"], say)).toEqual([]);
    expect(writes.syncs - before).toBe(1);
    // One row before the last record's row (row 2), holding the second record; the old last row takes the new last one.
    expect(writes.insertedRows).toEqual([{ at: 2, location: "Before", count: 1, values: [["Medlem", "Lars Nielsen", "Aalborg Kommune"]] }]);
    expect(writes.wrapped).toEqual([
      { row: 2, cell: 0, tag: "Funktion" }, { row: 2, cell: 1, tag: "TitelOgNavn" }, { row: 2, cell: 2, tag: "Arbejdssted" },
    ]);
    expect(writes.texts.filter((w) => w.tag === "TitelOgNavn").map((w) => w.text)).toEqual(["Sofie Lund", "Nina Nyborg"]);
  });

  it("removes the rows of members who left", async () => {
    const { context, writes } = await wordContext(kip());
    const want = wanted({ Kontaktpersoner: team("Sofie Lund") });
    await apply(context, await readSlots(context, want), want, ["Kontaktpersoner"], say);
    expect(writes.deletedRows).toEqual([2]);
    expect(writes.insertedRows).toEqual([]);
  });

  it("leaves text people wrote and fields not chosen untouched", async () => {
    const { context, writes } = await wordContext(kip());
    const want = wanted({ Kontaktpersoner: team("Sofie Lund", "Lars Nielsen", "Nina Nyborg"), NaesteMoedeDato: "1. juni 2027" });
    await apply(context, await readSlots(context, want), want, ["NaesteMoedeDato"], say);
    expect(writes.texts).toEqual([{ tag: "NaesteMoedeDato", text: "1. juni 2027" }]);
    expect(writes.insertedRows).toEqual([]);
  });

  it("asks the user to choose in a drop-down instead of replacing its text", async () => {
    const { context, writes } = await wordContext(kip());
    const want = wanted({ SamtykkeFraBorger: "Nej" });
    const problems = await apply(context, await readSlots(context, want), want, ["SamtykkeFraBorger"], say);
    expect(problems).toEqual(["vælg Nej i Samtykke fra borger"]);
    expect(writes.texts).toEqual([]);
  });

  it("reports a field the document does not have", async () => {
    const { context } = await wordContext(kip());
    const read = await readSlots(context, wanted({ Handlekommune: "Aalborg Kommune" }));
    expect(read.missing).toEqual(["Handlekommune"]);
  });
});

describe("Indsæt aftaler", () => {
  it("inserts a header row and one row per agreement after the cursor", async () => {
    const { context, writes } = await wordContext([]);
    await insertAgreements(context, [{ what: "Ansøge om bostøtte", who: "Lars Nielsen", sector: "Aalborg Kommune", due: "15. januar 2027" }], ["Hvad", "Hvem", "Sektor", "Hvornår"]);
    expect(writes.tables).toEqual([{ rows: 2, columns: 4, location: "After", values: [["Hvad", "Hvem", "Sektor", "Hvornår"], ["Ansøge om bostøtte", "Lars Nielsen", "Aalborg Kommune", "15. januar 2027"]] }]);
    expect(writes.syncs).toBe(1);
  });
});

describe("Gem som ny version", () => {
  it("reads the compressed file slice by slice and closes it", async () => {
    const closed: boolean[] = [];
    const slices = [[80, 75, 3], [4, 20]];
    const office = {
      FileType: { Compressed: "compressed" },
      AsyncResultStatus: { Succeeded: "succeeded" },
      context: {
        document: {
          getFileAsync: (type: string, options: { sliceSize: number }, done: (r: unknown) => void) => {
            expect(type).toBe("compressed");
            expect(options.sliceSize).toBe(4 * 1024 * 1024);
            done({
              status: "succeeded",
              value: {
                sliceCount: slices.length,
                getSliceAsync: (i: number, cb: (r: unknown) => void) => cb({ status: "succeeded", value: { data: slices[i] } }),
                closeAsync: () => closed.push(true),
              },
            });
          },
        },
      },
    } as unknown as typeof Office;
    expect(Array.from(await documentBytes(office))).toEqual([80, 75, 3, 4, 20]);
    expect(closed).toEqual([true]);
  });
});
