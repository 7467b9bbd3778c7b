// Every text the pane shows: Danish first, English when Word's display language is not Danish.
const da = {
  loading: "Indlæser …",
  signingIn: "Logger ind …",
  notWord: "Koordinator virker i Word. Åbn dokumentet i Word og start Koordinator fra fanen Hjem.",
  signInFailed: "Du kunne ikke logges ind hos Koordinator.",
  webNeedsCloud:
    "Word på nettet kan kun logge dig ind, når dokumentet er åbnet fra SharePoint eller OneDrive. " +
    "Gem dokumentet i forløbets kanal i Teams (fanen Filer) eller i OneDrive, og åbn det derfra, eller åbn det i Word på computeren.",
  known: (title: string, label: string, version: string | null) =>
    `${title} for forløb ${label}${version ? `, version ${version}` : ""}.`,
  unknownKind: "Dokumentet er ikke en KIP, kriseplan eller et referat fra Koordinator (dets felter kendes ikke).",
  pickCase: "Vælg forløbet, dokumentet hører til:",
  pickPlaceholder: "Vælg forløb …",
  noCases: "Du er ikke medlem af noget forløb.",
  caseGone: "Forløbet, dokumentet hører til, er ikke et af dine forløb. Vælg et andet forløb, eller spørg koordinatoren.",
  refresh: "Opdatér fra forløbet",
  insert: "Indsæt aftaler",
  save: "Gem som ny version",
  changesTitle: "Det ændres i dokumentet",
  apply: "Opdatér felterne",
  cancel: "Annullér",
  noChanges: "Dokumentet passer allerede med forløbet. Intet er ændret.",
  empty: "(tomt)",
  rows: (n: number) => (n === 1 ? "1 række" : `${n} rækker`),
  updated: (n: number) => (n === 1 ? "1 felt er opdateret fra forløbet." : `${n} felter er opdateret fra forløbet.`),
  fieldMissing: (label: string) => `Feltet »${label}« findes ikke i dokumentet og er sprunget over.`,
  rowsNotTable: (label: string) =>
    `»${label}« står ikke i en tabel, så rækker kan ikke tilføjes eller fjernes her; ret antallet i Word og prøv igen.`,
  chooseInWord: (label: string, value: string) => `Vælg »${value}« i feltet »${label}« i Word (et valgfelt ændres ikke udefra).`,
  noAgreements: "Forløbet har ingen åbne aftaler.",
  inserted: (n: number) => (n === 1 ? "1 aftale er sat ind ved markøren." : `${n} aftaler er sat ind ved markøren.`),
  agreementHeader: ["Hvad", "Hvem", "Sektor", "Hvornår"],
  saving: "Gemmer …",
  saved: (title: string, version: number) => `${title} er gemt som version ${version}. Kanalen i Teams viser den nye version.`,
  failed: "Det lykkedes ikke:",
  offline: "Koordinator svarer ikke. Prøv igen om lidt.",
};

type Texts = typeof da;

const en: Texts = {
  loading: "Loading …",
  signingIn: "Signing in …",
  notWord: "Koordinator works in Word. Open the document in Word and start Koordinator from the Home tab.",
  signInFailed: "You could not be signed in to Koordinator.",
  webNeedsCloud:
    "Word on the web can sign you in only for documents opened from SharePoint or OneDrive. " +
    "Save the document in the case channel's Files tab in Teams or in OneDrive and open it from there, or open it in the Word desktop app.",
  known: (title, label, version) => `${title} of case ${label}${version ? `, version ${version}` : ""}.`,
  unknownKind: "This document is not a KIP, crisis plan or minutes from Koordinator (its fields are unknown).",
  pickCase: "Choose the case this document belongs to:",
  pickPlaceholder: "Choose a case …",
  noCases: "You are not a member of any case.",
  caseGone: "The case this document belongs to is not one of yours. Choose another case, or ask the coordinator.",
  refresh: "Update from the case",
  insert: "Insert agreements",
  save: "Save as new version",
  changesTitle: "What changes in the document",
  apply: "Update the fields",
  cancel: "Cancel",
  noChanges: "The document already matches the case. Nothing was changed.",
  empty: "(empty)",
  rows: (n) => (n === 1 ? "1 row" : `${n} rows`),
  updated: (n) => (n === 1 ? "1 field was updated from the case." : `${n} fields were updated from the case.`),
  fieldMissing: (label) => `The field "${label}" is not in the document and was skipped.`,
  rowsNotTable: (label) => `"${label}" is not in a table, so rows cannot be added or removed here; adjust it in Word and try again.`,
  chooseInWord: (label, value) => `Choose "${value}" in the field "${label}" in Word (a choice field is not changed from outside).`,
  noAgreements: "The case has no open agreements.",
  inserted: (n) => (n === 1 ? "1 agreement was inserted at the cursor." : `${n} agreements were inserted at the cursor.`),
  agreementHeader: ["What", "Who", "Sector", "When"],
  saving: "Saving …",
  saved: (title, version) => `${title} was saved as version ${version}. The channel in Teams shows the new version.`,
  failed: "That did not work:",
  offline: "Koordinator does not answer. Try again in a moment.",
};

/** Danish unless Word's display language is another one. */
export function textsFor(language: string | undefined): Texts {
  return !language || language.toLowerCase().startsWith("da") ? da : en;
}

export type { Texts };
