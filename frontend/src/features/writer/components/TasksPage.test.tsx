import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { TasksPage } from "./TasksPage";
import { ScopeProvider } from "../../sites/hooks/useScope";
import { jsonResponse, mockFetch, renderWithClient } from "../../../test/utils";

afterEach(() => vi.unstubAllGlobals());

const ok = (data: unknown) => jsonResponse({ success: true, data, message: "", request_id: "r" });
const page = (results: unknown[], count = results.length) =>
  jsonResponse({ success: true, count, next: null, previous: null, results, request_id: "r" });
const task = (id: number) => ({
  id,
  site: 1,
  sector: 5,
  title: `Task ${id}`,
  content_type: "post",
  content_structure: "guide",
  target_word_count: 1200,
  status: "queued",
  error: "",
  cluster_name: "",
  content_id: null,
});

function backend(role: "editor" | "viewer", tasks: unknown[] = [task(1), task(2)]) {
  const posts: { url: string; body: unknown }[] = [];
  mockFetch((url, init) => {
    const path = url.split("?")[0];
    if (init?.method === "POST") {
      posts.push({ url, body: JSON.parse(String(init.body)) });
      return jsonResponse({ success: true, data: { job_id: 4, status: "queued" }, message: "", request_id: "r" }, 202);
    }
    if (path === "/api/v1/auth/me/")
      return ok({ role, is_platform_admin: false, user: {}, account: null, site_ids: null, memberships: [] });
    if (path === "/api/v1/auth/sites/") return page([{ id: 1, name: "Shoes", sector_count: 1 }]);
    if (path === "/api/v1/auth/sectors/") return page([{ id: 5, site: 1, name: "Running" }]);
    if (path === "/api/v1/system/jobs/4/")
      return ok({ id: 4, kind: "generate_content", status: "running", progress: 10, step: "", message: "Drafting", error: "", credits_used: 0, cancel_requested: false });
    if (path === "/api/v1/writer/tasks/") return page(tasks);
    throw new Error(`unexpected ${url}`);
  });
  return posts;
}

const renderPage = () =>
  renderWithClient(
    <MemoryRouter>
      <ScopeProvider>
        <TasksPage />
      </ScopeProvider>
    </MemoryRouter>,
  );

describe("TasksPage", () => {
  it("generates content for the selected tasks with a progress modal", async () => {
    const posts = backend("editor");
    renderPage();
    await userEvent.click(await screen.findByRole("checkbox", { name: "Select task Task 2" }));
    await userEvent.click(screen.getByRole("button", { name: "Generate content" }));
    await waitFor(() => expect(posts[0]).toEqual({ url: "/api/v1/writer/tasks/generate_content/", body: { ids: [2] } }));
    const dialog = await screen.findByRole("dialog", { name: "Generating content" });
    expect(await within(dialog).findByText("Drafting")).toBeInTheDocument();
  });

  it("writes full articles for the selected tasks", async () => {
    const posts = backend("editor");
    renderPage();
    await userEvent.click(await screen.findByRole("checkbox", { name: "Select all tasks on this page" }));
    await userEvent.click(screen.getByRole("button", { name: "Write full article" }));
    await waitFor(() =>
      expect(posts[0]).toEqual({ url: "/api/v1/writer/tasks/generate_article/", body: { ids: [1, 2], in_article_count: 2 } }),
    );
    expect(await screen.findByRole("dialog", { name: "Writing full articles" })).toBeInTheDocument();
  });

  it("shows type, structure and status in words and links a written task to its content", async () => {
    backend("editor", [task(1), { ...task(2), status: "completed", content_id: 9, content_structure: "how_to" }]);
    renderPage();
    const written = await screen.findByRole("link", { name: "Task 2" });
    expect(written).toHaveAttribute("href", "/writer/content/9");
    expect(screen.queryByRole("link", { name: "Task 1" })).not.toBeInTheDocument();
    const rows = screen.getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getAllByRole("cell").slice(1).map((c) => c.textContent))).toEqual([
      ["Task 1", "Blog post", "Guide", "1,200", "Queued"],
      ["Task 2", "Blog post", "How-to", "1,200", "Written"],
    ]);
  });

  it("shows viewers no checkboxes", async () => {
    backend("viewer");
    renderPage();
    expect(await screen.findByText("Task 1")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("checkbox")).not.toBeInTheDocument());
  });
});
