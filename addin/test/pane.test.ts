import { describe, expect, it } from "vitest";
import { webNeedsCloudDocument } from "../src/auth";
import { textsFor } from "../src/texts";

const office = (platform: string, url: string) =>
  ({ context: { platform, document: { url } }, PlatformType: { OfficeOnline: "OfficeOnline" } }) as unknown as typeof Office;

describe("the pane's language", () => {
  it("is Danish first, English for another display language", () => {
    expect(textsFor("da-DK").refresh).toBe("Opdatér fra forløbet");
    expect(textsFor(undefined).save).toBe("Gem som ny version");
    expect(textsFor("en-US").refresh).toBe("Update from the case");
  });
});

describe("Word on the web and nested app authentication", () => {
  it("says what to do when the document is not opened from SharePoint or OneDrive", () => {
    expect(webNeedsCloudDocument(office("OfficeOnline", ""))).toBe(true);
    expect(webNeedsCloudDocument(office("OfficeOnline", "https://contoso.sharepoint.com/sites/forloeb/Shared%20Documents/KIP.docx"))).toBe(false);
    expect(webNeedsCloudDocument(office("PC", "C:\\Users\\mette\\KIP.docx"))).toBe(false);
  });
});
