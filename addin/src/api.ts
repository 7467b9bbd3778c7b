// The bot's /api/addin, on the same origin as the pane. Refusals come as problem details with a Danish detail.
import type { Agreement, CaseFields, Kind } from "./word";

export interface PaneConfig {
  clientId: string | null;
  scope: string | null;
  development: boolean;
  authority: string;
}

export interface CaseSummary {
  id: number;
  label: string;
  coordinator: string | null;
  isCoordinator: boolean;
}

export interface SavedVersion {
  fileId: number;
  kind: Kind;
  version: number;
  fileName: string;
  link: string;
}

export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

export class Api {
  constructor(private readonly token: () => Promise<string>, private readonly base = "/api/addin", private readonly fetcher: typeof fetch = fetch.bind(globalThis)) {}

  static async config(base = "/api/addin", fetcher: typeof fetch = fetch.bind(globalThis)): Promise<PaneConfig> {
    return read<PaneConfig>(await fetcher(`${base}/config`));
  }

  cases = () => this.get<CaseSummary[]>("/cases");
  fields = (caseId: number, kind: Kind) => this.get<CaseFields>(`/cases/${caseId}/documents/${kind}/fields`);
  agreements = (caseId: number) => this.get<Agreement[]>(`/cases/${caseId}/agreements`);

  async saveVersion(caseId: number, kind: Kind, docx: Uint8Array, idempotencyKey: string): Promise<SavedVersion> {
    return read<SavedVersion>(await this.fetcher(`${this.base}/cases/${caseId}/documents/${kind}/versions`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${await this.token()}`,
        "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Idempotency-Key": idempotencyKey,
      },
      body: docx as BodyInit,
    }));
  }

  private async get<T>(path: string): Promise<T> {
    return read<T>(await this.fetcher(this.base + path, { headers: { Authorization: `Bearer ${await this.token()}` } }));
  }
}

async function read<T>(response: Response): Promise<T> {
  if (response.ok) return (await response.json()) as T;
  let detail = `${response.status} ${response.statusText}`;
  try {
    const problem = await response.json();
    detail = problem.detail ?? problem.title ?? detail;
  } catch {
    // not a problem document: keep the status line
  }
  throw new ApiError(detail, response.status);
}
