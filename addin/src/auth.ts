// Sign-in: in development the bot's own token for the demo user; otherwise MSAL.js nested app authentication
// (the host signs the user in), falling back to Office's SSO (Office.auth.getAccessToken) where NAA is missing.
import type { PaneConfig } from "./api";

export type TokenSource = () => Promise<string>;

export function tokenSource(config: PaneConfig, office: typeof Office, fetcher: typeof fetch = fetch.bind(globalThis), base = "/api/addin"): TokenSource {
  let cached: { token: string; until: number } | null = null;
  const fresh = async (): Promise<string> => {
    if (config.development) {
      const response = await fetcher(`${base}/development-token`, { method: "POST" });
      if (!response.ok) throw new Error(`development token: ${response.status}`);
      return (await response.json()).accessToken as string;
    }
    if (!config.clientId || !config.scope) throw new Error("Koordinator has no add-in app id (Addin:ClientId).");
    if (office.context.requirements.isSetSupported("NestedAppAuth", "1.1")) return nestedAppToken(config);
    return office.auth.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true, forMSGraphAccess: false });
  };
  return async () => {
    if (cached && cached.until > Date.now()) return cached.token;
    const token = await fresh();
    cached = { token, until: Date.now() + 5 * 60 * 1000 };
    return token;
  };
}

async function nestedAppToken(config: PaneConfig): Promise<string> {
  // Loaded only when needed: development and the SSO fallback never download MSAL.
  const { createNestablePublicClientApplication } = await import("@azure/msal-browser");
  const pca = await createNestablePublicClientApplication({ auth: { clientId: config.clientId!, authority: config.authority } });
  const request = { scopes: [config.scope!] };
  try {
    return (await pca.ssoSilent(request)).accessToken;
  } catch {
    return (await pca.acquireTokenPopup(request)).accessToken;
  }
}

/**
 * Word on the web offers nested app authentication only for documents opened from SharePoint Online or OneDrive
 * (a local file uploaded to the browser session has no such address).
 */
export function webNeedsCloudDocument(office: typeof Office): boolean {
  const online = office.context.platform === office.PlatformType.OfficeOnline;
  const url = office.context.document?.url ?? "";
  const inCloud = /^https:\/\/[^/]*(sharepoint\.com|sharepoint-df\.com|onedrive\.live\.com|1drv\.ms|d\.docs\.live\.net)\//i.test(url);
  return online && !inCloud;
}
