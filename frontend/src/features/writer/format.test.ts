import { describe, expect, it } from "vitest";
import { metaDescriptionHint, metaTitleHint, previewDocument, withImageSources } from "./format";

describe("meta counters", () => {
  it("flags a meta title over 60 characters", () => {
    expect(metaTitleHint(0).tone).toBe("muted");
    expect(metaTitleHint(60)).toEqual({ text: "Good length.", tone: "ok" });
    expect(metaTitleHint(61)).toEqual({
      text: "Too long by 1 — keep it to 60 characters or search engines cut it off.",
      tone: "error",
    });
  });

  it("aims a meta description at 120–156 characters with a hard limit of 160", () => {
    expect(metaDescriptionHint(0).tone).toBe("muted");
    expect(metaDescriptionHint(119).tone).toBe("warn");
    expect(metaDescriptionHint(120).tone).toBe("ok");
    expect(metaDescriptionHint(156).tone).toBe("ok");
    expect(metaDescriptionHint(157).tone).toBe("warn");
    expect(metaDescriptionHint(160).tone).toBe("warn");
    expect(metaDescriptionHint(161)).toEqual({ text: "Too long by 1 — the limit is 160 characters.", tone: "error" });
  });

  it("wraps the preview in a page that forbids scripts", () => {
    const doc = previewDocument("<p>Hi</p>");
    expect(doc).toContain("<body><p>Hi</p></body>");
    expect(doc).toContain("script-src 'none'");
  });

  it("points the article's image files at loaded sources and leaves the rest", () => {
    const html = '<img src="/api/v1/writer/images/31/file/" alt="a"><img src="/api/v1/writer/images/32/file/">';
    expect(withImageSources(html, { 31: "data:image/webp;base64,AQID" })).toBe(
      '<img src="data:image/webp;base64,AQID" alt="a"><img src="/api/v1/writer/images/32/file/">',
    );
  });
});
