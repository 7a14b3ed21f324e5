import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { ContentEditorPage } from "./ContentEditorPage";
import { contentRow, imageRow, versionRow } from "./testFixtures";
import { jsonResponse, mockFetch, renderWithClient } from "../../../test/utils";
import { setTokens } from "../../../api/tokens";
import type { Content } from "../types";

const created: string[] = [];
const revoked: string[] = [];
beforeEach(() => {
  created.length = 0;
  revoked.length = 0;
  Object.defineProperty(URL, "createObjectURL", {
    configurable: true,
    value: vi.fn(() => {
      const url = `blob:test/${created.length + 1}`;
      created.push(url);
      return url;
    }),
  });
  Object.defineProperty(URL, "revokeObjectURL", {
    configurable: true,
    value: vi.fn((url: string) => revoked.push(url)),
  });
});
afterEach(() => vi.unstubAllGlobals());

const ok = (data: unknown) => jsonResponse({ success: true, data, message: "", request_id: "r" });
const page = (results: unknown[], count = results.length) =>
  jsonResponse({ success: true, count, next: null, previous: null, results, request_id: "r" });
const accepted = (jobId: number) =>
  jsonResponse({ success: true, data: { job_id: jobId, status: "queued" }, message: "", request_id: "r" }, 202);

interface Options {
  role?: "editor" | "viewer";
  content?: Partial<Content>;
  patch?: (body: Record<string, unknown>) => Response;
}

function backend({ role = "editor", content: overrides = {}, patch }: Options = {}) {
  let content = contentRow(7, { meta_title: "Trail shoes", html: "<h2>Intro</h2><p>Run far.</p>", ...overrides });
  const writes: { method: string; url: string; body: unknown }[] = [];
  const fileAuth: (string | null)[] = [];
  mockFetch((url, init) => {
    const path = url.split("?")[0];
    const method = init?.method ?? "GET";
    if (method !== "GET") {
      const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : null;
      writes.push({ method, url, body });
      if (method === "PATCH" && path === "/api/v1/writer/content/7/") {
        if (patch) return patch(body ?? {});
        content = { ...content, ...body, updated_at: "2026-11-25T10:00:00Z" };
        return ok(content);
      }
      if (path === "/api/v1/writer/content/7/status/") {
        content = { ...content, status: (body as { status: Content["status"] }).status, updated_at: "2026-11-25T10:01:00Z" };
        return ok(content);
      }
      if (path === "/api/v1/writer/content/7/versions/1/restore/") {
        content = { ...content, meta_title: "Old title", updated_at: "2026-11-25T10:02:00Z" };
        return ok(content);
      }
      if (path === "/api/v1/writer/images/31/regenerate/") return accepted(41);
      if (path === "/api/v1/writer/images/generate_images/") return accepted(42);
      if (path === "/api/v1/writer/content/generate_image_prompts/") return accepted(43);
    }
    if (path === "/api/v1/auth/me/")
      return ok({ role, is_platform_admin: false, user: {}, account: null, site_ids: null, memberships: [] });
    if (path === "/api/v1/writer/content/7/") return ok(content);
    if (path === "/api/v1/writer/content/7/versions/")
      return page([
        versionRow(3, { changed_fields: ["meta_title", "html"] }),
        versionRow(2, { source: "ai", changed_by: null, changed_by_email: "", changed_fields: ["html"] }),
        versionRow(1, { changed_fields: ["title", "slug"] }),
      ]);
    if (path === "/api/v1/writer/content/7/versions/diff/")
      return ok({
        from_version: 2,
        to_version: 3,
        changes: {
          meta_title: { diff: "--- v2\n+++ v3\n@@ -1 +1 @@\n-Old title\n+Trail shoes", before: "Old title", after: "Trail shoes" },
          word_count: { before: 10, after: 12 },
        },
      });
    if (path === "/api/v1/writer/images/")
      return page([
        imageRow(31, { image_type: "featured", position: 0, status: "generated", file_url: "/api/v1/writer/images/31/file/" }),
        imageRow(32, { status: "failed", error: "The provider refused the prompt." }),
        imageRow(33, { position: 2 }),
      ]);
    if (path === "/api/v1/writer/images/31/file/") {
      fileAuth.push(new Headers(init?.headers).get("Authorization"));
      return new Response(new Uint8Array([1, 2, 3]), { status: 200, headers: { "Content-Type": "image/webp" } });
    }
    if (path === "/api/v1/publisher/records/") return page([]);
    if (path === "/api/v1/integration/") return page([]);
    if (/^\/api\/v1\/system\/jobs\/\d+\/$/.test(path ?? ""))
      return ok({ id: 41, kind: "generate_images", status: "running", progress: 50, step: "", message: "Painting", error: "", credits_used: 0, cancel_requested: false });
    throw new Error(`unexpected ${method} ${url}`);
  });
  return { writes, fileAuth };
}

async function paste(field: HTMLElement, text: string) {
  await userEvent.click(field);
  await userEvent.paste(text);
}

const renderPage = () =>
  renderWithClient(
    <MemoryRouter initialEntries={["/writer/content/7"]}>
      <Routes>
        <Route path="/writer/content/:contentId" element={<ContentEditorPage />} />
      </Routes>
    </MemoryRouter>,
  );

describe("ContentEditorPage", () => {
  it("shows the fields, a sandboxed preview and live meta counters", async () => {
    backend();
    renderPage();
    expect(await screen.findByRole("heading", { level: 1, name: "Article 7" })).toBeInTheDocument();
    await screen.findByRole("button", { name: "Save changes" }); // editable once the role is known
    expect(screen.getByLabelText("Title")).toHaveValue("Article 7");
    expect(screen.getByLabelText("Slug")).toHaveValue("article-7");
    expect(screen.getByLabelText("HTML source")).toHaveValue("<h2>Intro</h2><p>Run far.</p>");
    const frame = screen.getByTitle("Preview");
    expect(frame).toHaveAttribute("sandbox", "");
    expect(frame.getAttribute("srcdoc")).toContain("<h2>Intro</h2><p>Run far.</p>");
    expect(frame.getAttribute("srcdoc")).toContain("script-src 'none'");

    const metaTitle = screen.getByLabelText("Meta title");
    expect(metaTitle).toHaveAccessibleDescription(/11 \/ 60 characters/);
    await userEvent.clear(metaTitle);
    await paste(metaTitle, "x".repeat(61));
    expect(metaTitle).toHaveAccessibleDescription(/61 \/ 60 characters.*Too long by 1/);

    const description = screen.getByLabelText("Meta description");
    await paste(description, "y".repeat(100));
    expect(description).toHaveAccessibleDescription(/100 \/ 160 characters \(aim for 120–156\).*A bit short/);
    await paste(description, "y".repeat(30));
    expect(description).toHaveAccessibleDescription(/130 \/ 160.*Good length/);
    await paste(description, "y".repeat(31));
    expect(description).toHaveAccessibleDescription(/161 \/ 160.*Too long by 1/);

    await userEvent.clear(screen.getByLabelText("HTML source"));
    await userEvent.type(screen.getByLabelText("HTML source"), "<p>New body</p>");
    await waitFor(() => expect(screen.getByTitle("Preview").getAttribute("srcdoc")).toContain("<p>New body</p>"));
  });

  it("saves only the changed fields and shows the server's field errors", async () => {
    let reject = true;
    const { writes } = backend({
      patch: (body) =>
        reject
          ? jsonResponse(
              { success: false, error: "Ensure this field has no more than 60 characters.", errors: { meta_title: ["Ensure this field has no more than 60 characters."] }, request_id: "r" },
              400,
            )
          : ok(contentRow(7, { ...body, html: "<h2>Intro</h2><p>Run far.</p>", updated_at: "2026-11-25T10:00:00Z" })),
    });
    renderPage();
    const save = await screen.findByRole("button", { name: "Save changes" });
    expect(save).toBeDisabled();
    const metaTitle = screen.getByLabelText("Meta title");
    await userEvent.clear(metaTitle);
    await paste(metaTitle, "z".repeat(61));
    expect(screen.getByText("You have unsaved changes.")).toBeInTheDocument();
    await userEvent.click(save);
    await waitFor(() => expect(writes).toHaveLength(1));
    expect(writes[0]).toEqual({ method: "PATCH", url: "/api/v1/writer/content/7/", body: { meta_title: "z".repeat(61) } });
    expect(await screen.findByText("Ensure this field has no more than 60 characters.", { selector: ".field-error" })).toBeInTheDocument();
    expect(metaTitle).toHaveAttribute("aria-invalid", "true");
    expect(metaTitle).toHaveAccessibleDescription(/Ensure this field has no more than 60 characters/);

    reject = false;
    await userEvent.clear(metaTitle);
    await userEvent.type(metaTitle, "Best trail shoes");
    await userEvent.click(save);
    expect(await screen.findByText("Changes saved.")).toBeInTheDocument();
    expect(writes[1]).toEqual({ method: "PATCH", url: "/api/v1/writer/content/7/", body: { meta_title: "Best trail shoes" } });
    expect(metaTitle).toHaveValue("Best trail shoes");
    expect(metaTitle).not.toHaveAttribute("aria-invalid");
    expect(screen.getByText("No unsaved changes.")).toBeInTheDocument();
  });

  it("moves the editorial status through the status action", async () => {
    const { writes } = backend();
    renderPage();
    await userEvent.click(await screen.findByRole("button", { name: "Send to review" }));
    await waitFor(() =>
      expect(writes[0]).toEqual({ method: "POST", url: "/api/v1/writer/content/7/status/", body: { status: "review" } }),
    );
    expect(await screen.findByText("Status set to In review.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Approve" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Back to draft" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Send to review" })).not.toBeInTheDocument();
  });

  it("takes over server changes (e.g. inserted images) unless they would overwrite unsaved edits", async () => {
    backend();
    const { client } = renderPage();
    await screen.findByRole("button", { name: "Save changes" });
    const server = (html: string, updated_at: string) =>
      client.setQueryData(["writer", "content", "detail", 7], contentRow(7, { meta_title: "Trail shoes", html, updated_at }));
    server("<p>With image</p>", "2026-11-25T11:00:00Z");
    await waitFor(() => expect(screen.getByLabelText("HTML source")).toHaveValue("<p>With image</p>"));

    await userEvent.type(screen.getByLabelText("Meta title"), "!");
    server("<p>Second image</p>", "2026-11-25T12:00:00Z");
    const stale = await screen.findByRole("alert");
    expect(stale).toHaveTextContent("This content changed since you opened it");
    expect(screen.getByLabelText("HTML source")).toHaveValue("<p>With image</p>");
    expect(screen.getByLabelText("Meta title")).toHaveValue("Trail shoes!");
    await userEvent.click(within(stale).getByRole("button", { name: "Discard my edits and load the latest" }));
    expect(screen.getByLabelText("HTML source")).toHaveValue("<p>Second image</p>");
    expect(screen.getByLabelText("Meta title")).toHaveValue("Trail shoes");
  });

  it("says in words when the content does not exist", async () => {
    mockFetch((url) => {
      if (url.startsWith("/api/v1/auth/me/"))
        return ok({ role: "editor", is_platform_admin: false, user: {}, account: null, site_ids: null, memberships: [] });
      return jsonResponse({ success: false, error: "Not found.", errors: {}, request_id: "r" }, 404);
    });
    renderPage();
    expect(await screen.findByRole("heading", { name: "Content not found" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to content" })).toHaveAttribute("href", "/writer/content");
    expect(screen.getByRole("link", { name: "Back to content" })).toHaveAttribute("href", "/writer/content");
  });

  it("says when the draft was written offline", async () => {
    backend({ content: { generated_by: "offline" } });
    renderPage();
    expect(await screen.findByRole("note")).toHaveTextContent("Offline draft.");
  });

  it("lists versions, shows a diff in a dialog and closes it with Escape", async () => {
    backend();
    renderPage();
    const history = await screen.findByRole("list", { name: "Version history" });
    const items = await within(history).findAllByRole("listitem");
    expect(items).toHaveLength(3);
    expect(items[0]).toHaveTextContent("Version 3");
    expect(items[0]).toHaveTextContent("Edited by a person · ed@example.com");
    expect(items[0]).toHaveTextContent("Changed: Meta title, HTML");
    expect(items[1]).toHaveTextContent("AI generation · IGNY8");

    await userEvent.click(screen.getByRole("button", { name: "Compare versions" }));
    const dialog = await screen.findByRole("dialog", { name: "Changes between versions" });
    expect(within(dialog).getByText("Version 2 → version 3")).toBeInTheDocument();
    const metaChange = await within(dialog).findByRole("region", { name: "Changes to Meta title" });
    expect(within(metaChange).getByText("-Old title")).toHaveClass("diff-del");
    expect(within(metaChange).getByText("+Trail shoes")).toHaveClass("diff-add");
    const words = within(dialog).getByRole("region", { name: "Changes to Word count" });
    expect(words).toHaveTextContent("Before10After12");
    // focus is inside the dialog and stays there
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
    await userEvent.tab();
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog", { name: "Changes between versions" })).not.toBeInTheDocument();
  });

  it("asks before restoring a version, then loads the restored fields", async () => {
    const { writes } = backend();
    renderPage();
    expect(await screen.findByLabelText("Meta title")).toHaveValue("Trail shoes");
    expect(screen.queryByRole("button", { name: "Restore version 3" })).not.toBeInTheDocument(); // the current one
    await userEvent.click(await screen.findByRole("button", { name: "Restore version 1" }));
    const confirm = screen.getByRole("alertdialog", { name: "Restore this version?" });
    await userEvent.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(writes).toHaveLength(0);

    await userEvent.click(screen.getByRole("button", { name: "Restore version 1" }));
    await userEvent.click(
      within(screen.getByRole("alertdialog", { name: "Restore this version?" })).getByRole("button", { name: "Restore version 1" }),
    );
    await waitFor(() =>
      expect(writes).toEqual([{ method: "POST", url: "/api/v1/writer/content/7/versions/1/restore/", body: null }]),
    );
    expect(await screen.findByText("Restored version 1.")).toBeInTheDocument();
    expect(screen.getByLabelText("Meta title")).toHaveValue("Old title");
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
  });

  it("shows the images with their files fetched with the token, and regenerates one with a job modal", async () => {
    setTokens({ access: "A1", refresh: "R1" });
    const { writes, fileAuth } = backend({
      content: { html: '<h2>Intro</h2><figure><img src="/api/v1/writer/images/31/file/" alt="Alt 31"></figure>' },
    });
    const { unmount } = renderPage();
    const gallery = await screen.findByRole("list", { name: "Images of this content" });
    const cards = await within(gallery).findAllByRole("listitem");
    expect(cards).toHaveLength(3);
    expect(cards[0]).toHaveTextContent("Featured image");
    expect(cards[0]).toHaveTextContent("Generated");
    expect(cards[0]).toHaveTextContent("Prompt: A prompt 31");
    expect(cards[1]).toHaveTextContent("In-article image 1");
    expect(cards[1]).toHaveTextContent("The provider refused the prompt.");
    expect(cards[2]).toHaveTextContent("Prompt ready");
    const img = await within(gallery).findByRole("img", { name: "Alt 31" });
    expect(img).toHaveAttribute("src", "blob:test/1");
    expect(fileAuth[0]).toBe("Bearer A1");
    expect(fileAuth).toHaveLength(1); // the preview reuses the gallery's file
    // the sandboxed preview cannot send the token nor read blob: URLs, so it gets the file as a data URL
    await waitFor(() =>
      expect(screen.getByTitle("Preview").getAttribute("srcdoc")).toContain('<img src="data:image/webp;base64,AQID" alt="Alt 31">'),
    );

    await userEvent.click(within(gallery).getByRole("button", { name: "Regenerate featured image" }));
    await waitFor(() =>
      expect(writes[0]).toEqual({ method: "POST", url: "/api/v1/writer/images/31/regenerate/", body: { file_format: "webp" } }),
    );
    const modal = await screen.findByRole("dialog", { name: "Regenerating image" });
    expect(await within(modal).findByText("Painting")).toBeInTheDocument();
    unmount();
    expect(revoked).toEqual(["blob:test/1"]);
  });

  it("generates prompts and the missing images", async () => {
    const { writes } = backend();
    renderPage();
    await userEvent.click(await screen.findByRole("button", { name: "Generate images" }));
    await waitFor(() =>
      expect(writes[0]).toEqual({
        method: "POST",
        url: "/api/v1/writer/images/generate_images/",
        body: { ids: [32, 33], file_format: "webp" },
      }),
    );
    const modal = await screen.findByRole("dialog", { name: "Generating images" });
    await userEvent.click(within(modal).getByRole("button", { name: "Hide — keep running" }));
    await userEvent.click(screen.getByRole("button", { name: "Generate image prompts" }));
    await waitFor(() =>
      expect(writes[1]).toEqual({
        method: "POST",
        url: "/api/v1/writer/content/generate_image_prompts/",
        body: { ids: [7], in_article_count: 2 },
      }),
    );
    expect(await screen.findByRole("dialog", { name: "Writing image prompts" })).toBeInTheDocument();
  });

  it("opens the Publish dialog for editors and lists where the content is published", async () => {
    backend();
    renderPage();
    const panel = await screen.findByRole("region", { name: "Publishing" });
    expect(await within(panel).findByText("Not published anywhere yet.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Publish" }));
    const dialog = await screen.findByRole("dialog", { name: "Publish" });
    expect(await within(dialog).findByText("Nowhere to publish yet — connect WordPress, Shopify or a webhook first.")).toBeInTheDocument();
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog", { name: "Publish" })).not.toBeInTheDocument();
  });

  it("shows viewers the content read-only with no buttons they cannot use", async () => {
    backend({ role: "viewer" });
    renderPage();
    expect(await screen.findByRole("heading", { level: 1, name: "Article 7" })).toBeInTheDocument();
    await screen.findByRole("list", { name: "Version history" });
    await screen.findByRole("list", { name: "Images of this content" });
    await waitFor(() => expect(screen.getByLabelText("Meta title")).toHaveAttribute("readonly"));
    expect(screen.getByLabelText("HTML source")).toHaveAttribute("readonly");
    for (const name of [
      "Save changes",
      "Discard changes",
      "Send to review",
      "Approve",
      "Restore version 1",
      "Generate image prompts",
      "Generate images",
      "Regenerate featured image",
      "Publish",
    ])
      expect(screen.queryByRole("button", { name })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^(Re)?[Gg]enerate/ })).not.toBeInTheDocument();
    // reading stays possible
    expect(screen.getByRole("button", { name: "Compare versions" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Show changes in version 3" })).toBeInTheDocument();
  });
});
