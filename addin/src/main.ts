// The task pane: recognise the document and its forløb, then the three actions.
import { Api, ApiError, type CaseSummary } from "./api";
import { tokenSource, webNeedsCloudDocument } from "./auth";
import { textsFor, type Texts } from "./texts";
import { apply, changes, documentBytes, insertAgreements, Properties, readSlots, recognise, type CaseFields, type Kind } from "./word";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

interface State {
  kind: Kind | null;
  caseId: number | null;
  title: string;
  cases: CaseSummary[];
  pending: CaseFields | null;
}

function show(id: string, visible: boolean) {
  $(id).hidden = !visible;
}

function say(text: string) {
  $("message").textContent = text;
}

async function failed(t: Texts, e: unknown) {
  const detail = e instanceof ApiError ? e.message : e instanceof TypeError ? t.offline : e instanceof Error ? e.message : String(e);
  say(`${t.failed} ${detail}`);
}

async function busy(buttons: string[], work: () => Promise<void>) {
  for (const id of buttons) $<HTMLButtonElement>(id).disabled = true;
  try {
    await work();
  } finally {
    for (const id of buttons) $<HTMLButtonElement>(id).disabled = false;
  }
}

const titles: Record<Kind, string> = { kip: "KIP", kriseplan: "Kriseplan", referat: "Referat" };

export async function start(office: typeof Office, word: typeof Word) {
  const t = textsFor(office.context.displayLanguage);
  $("title").textContent = "Koordinator";
  $("refresh").textContent = t.refresh;
  $("insert").textContent = t.insert;
  $("save").textContent = t.save;
  $("apply").textContent = t.apply;
  $("cancel").textContent = t.cancel;
  $("changes-title").textContent = t.changesTitle;
  $("refresh").classList.add("primary");

  const config = await Api.config();
  if (!config.development && webNeedsCloudDocument(office)) {
    $("notice").textContent = t.webNeedsCloud;
    show("notice", true);
  }
  const api = new Api(tokenSource(config, office));
  const state: State = { kind: null, caseId: null, title: "", cases: [], pending: null };
  const open = await word.run((context) => recognise(context));
  state.kind = open.kind;
  state.title = open.kind ? titles[open.kind] : "";

  $("status").textContent = t.signingIn;
  try {
    state.cases = await api.cases();
  } catch (e) {
    $("status").textContent = t.signInFailed;
    if (office.context.platform === office.PlatformType.OfficeOnline) {
      $("notice").textContent = t.webNeedsCloud;
      show("notice", true);
    }
    await failed(t, e);
    return;
  }
  $("status").textContent = "";
  show("document", true);

  const describe = () => {
    const c = state.cases.find((x) => x.id === state.caseId);
    $("document-info").textContent = !state.kind ? t.unknownKind : c ? t.known(state.title, c.label, open.version) : t.pickCase;
    for (const id of ["refresh", "save"]) $<HTMLButtonElement>(id).disabled = !state.kind || !c;
    $<HTMLButtonElement>("insert").disabled = !c;
  };

  if (open.caseId !== null && state.cases.some((c) => c.id === open.caseId)) state.caseId = open.caseId;
  else {
    if (open.caseId !== null) say(t.caseGone);
    const picker = $<HTMLSelectElement>("picker");
    $("picker-label").textContent = state.cases.length === 0 ? t.noCases : t.pickCase;
    picker.replaceChildren(new Option(t.pickPlaceholder, ""), ...state.cases.map((c) => new Option(c.label, String(c.id))));
    picker.onchange = () => {
      state.caseId = picker.value ? Number(picker.value) : null;
      describe();
    };
    show("picker-label", true);
    show("picker", state.cases.length > 0);
  }
  describe();

  $("refresh").onclick = () => busy(["refresh", "save", "insert"], async () => {
    try {
      say("");
      const wanted = await api.fields(state.caseId!, state.kind!);
      const found = await word.run(async (context) => {
        const read = await readSlots(context, wanted);
        return { list: changes(read, wanted, t.empty), missing: read.missing };
      });
      if (found.list.length === 0) {
        say([t.noChanges, ...found.missing.map((f) => t.fieldMissing(wanted.labels[f] ?? f))].join("\n"));
        return;
      }
      state.pending = wanted;
      const list = $("change-list");
      list.replaceChildren(...found.list.map((change) => {
        const item = document.createElement("li");
        const box = document.createElement("input");
        box.type = "checkbox";
        box.checked = true;
        box.value = change.field;
        box.id = `change-${change.field}`;
        const label = document.createElement("label");
        label.htmlFor = box.id;
        label.textContent = ` ${change.label}`;
        const old = document.createElement("div");
        old.className = "old";
        old.textContent = change.old;
        const next = document.createElement("div");
        next.className = "new";
        next.textContent = change.new;
        item.append(box, label, old, next);
        return item;
      }));
      show("changes", true);
    } catch (e) {
      await failed(t, e);
    }
  });

  $("cancel").onclick = () => {
    state.pending = null;
    show("changes", false);
  };

  $("apply").onclick = () => busy(["apply", "cancel"], async () => {
    const wanted = state.pending;
    if (!wanted) return;
    const fields = Array.from($("change-list").querySelectorAll<HTMLInputElement>("input:checked"), (b) => b.value);
    try {
      // Read again in the same batch as the writes: proxies do not outlive a Word.run, and the document may have moved on.
      const problems = await word.run(async (context) => apply(context, await readSlots(context, wanted), wanted, fields, t));
      show("changes", false);
      state.pending = null;
      say([t.updated(fields.length), ...problems].join("\n"));
    } catch (e) {
      await failed(t, e);
    }
  });

  $("insert").onclick = () => busy(["insert"], async () => {
    try {
      const agreements = await api.agreements(state.caseId!);
      if (agreements.length === 0) {
        say(t.noAgreements);
        return;
      }
      await word.run((context) => insertAgreements(context, agreements, t.agreementHeader));
      say(t.inserted(agreements.length));
    } catch (e) {
      await failed(t, e);
    }
  });

  $("save").onclick = () => busy(["save", "refresh", "insert"], async () => {
    try {
      say(t.saving);
      const bytes = await documentBytes(office);
      const saved = await api.saveVersion(state.caseId!, state.kind!, bytes, crypto.randomUUID());
      // The open document now names the forløb and the version it was saved as.
      await word.run(async (context) => {
        const properties = context.document.properties.customProperties;
        properties.add(Properties.caseId, String(state.caseId));
        properties.add(Properties.kind, state.kind!);
        properties.add(Properties.version, String(saved.version));
        await context.sync();
      });
      open.version = String(saved.version);
      describe();
      say(t.saved(state.title, saved.version));
    } catch (e) {
      await failed(t, e);
    }
  });
}

Office.onReady((info) => {
  if (info.host !== Office.HostType.Word) {
    $("status").textContent = textsFor(Office.context?.displayLanguage).notWord;
    return;
  }
  start(Office, Word).catch((e) => {
    $("status").textContent = "";
    say(`${textsFor(Office.context.displayLanguage).failed} ${e instanceof Error ? e.message : String(e)}`);
  });
});
