import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Idea } from "../../../api/types";
import { IdeaItem, IdeasPage, queueResultMessage } from "./IdeasPage";
import { ScopeProvider } from "../../sites/hooks/useScope";
import { jsonResponse, mockFetch, renderWithClient } from "../../../test/utils";

afterEach(() => vi.unstubAllGlobals());

function idea(id: number, overrides: Partial<Idea> = {}): Idea {
  return {
    id,
    site: 1,
    sector: 5,
    cluster: 1,
    cluster_name: "Trail shoes",
    title: `Idea ${id}`,
    description: "",
    content_type: "post",
    content_structure: "guide",
    status: "new",
    primary_keyword: "trail running shoes",
    secondary_keywords: ["best trail shoes", "waterproof trail shoes"],
    target_word_count: 1500,
    generated_by: "offline",
    outline: [
      { heading: "Why grip matters", points: ["Lugs", "Rubber compounds"] },
      { heading: "How to choose", points: [] },
    ],
    created_at: "2026-11-25T08:00:00Z",
    updated_at: "2026-11-25T08:00:00Z",
    ...overrides,
  };
}

const ok = (data: unknown) => jsonResponse({ success: true, data, message: "", request_id: "r" });
const page = (results: unknown[], count = results.length) =>
  jsonResponse({ success: true, count, next: null, previous: null, results, request_id: "r" });

describe("IdeaItem", () => {
  it("expands to show the outline headings with their points and the keywords", async () => {
    function Harness() {
      return <IdeaItem idea={idea(1)} expanded onToggleExpanded={() => {}} selectable={false} selected={false} onToggleSelected={() => {}} />;
    }
    render(<Harness />);
    const region = screen.getByRole("region", { name: "Outline of Idea 1" });
    expect(within(region).getByRole("heading", { name: "Why grip matters" })).toBeInTheDocument();
    expect(within(region).getByRole("heading", { name: "How to choose" })).toBeInTheDocument();
    expect(within(region).getByText("Lugs")).toBeInTheDocument();
    expect(within(region).getByText("Rubber compounds")).toBeInTheDocument();
    expect(within(region).getByText(/trail running shoes, best trail shoes, waterproof trail shoes/)).toBeInTheDocument();
  });

  it("words the queue result", () => {
    expect(queueResultMessage({ queued: 2, skipped: [{ id: 3, reason: "already queued" }], not_found: 0, task_ids: [1, 2] })).toBe(
      "Queued 2 ideas to the writer. Skipped 1.",
    );
  });
});

describe("IdeasPage", () => {
  it("filters, toggles the outline, and queues the selected ideas to the writer", async () => {
    const listUrls: string[] = [];
    const posts: { url: string; body: unknown }[] = [];
    mockFetch((url, init) => {
      const path = url.split("?")[0];
      if (init?.method === "POST") {
        posts.push({ url, body: JSON.parse(String(init.body)) });
        return ok({ queued: 2, skipped: [], not_found: 0, task_ids: [10, 11] });
      }
      if (path === "/api/v1/auth/me/")
        return ok({ role: "editor", is_platform_admin: false, user: {}, account: null, site_ids: null, memberships: [] });
      if (path === "/api/v1/auth/sites/") return page([{ id: 1, name: "Shoes", sector_count: 1 }]);
      if (path === "/api/v1/auth/sectors/") return page([{ id: 5, site: 1, name: "Running" }]);
      if (path === "/api/v1/planner/ideas/") {
        listUrls.push(url);
        return page([idea(1), idea(2), idea(3)]);
      }
      throw new Error(`unexpected ${url}`);
    });
    renderWithClient(
      <ScopeProvider>
        <IdeasPage />
      </ScopeProvider>,
    );
    const toggle = await screen.findByRole("button", { name: "Idea 2" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    const head = toggle.parentElement as HTMLElement;
    expect(within(head).getByText(/Blog post · Guide · Trail shoes/)).toBeInTheDocument();
    expect(within(head).getByText("New")).toHaveClass("badge status-new");
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    expect(screen.getByRole("region", { name: "Outline of Idea 2" })).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText("Status"), "new");
    await userEvent.selectOptions(screen.getByLabelText("Content type"), "post");
    await waitFor(() => {
      const params = new URL(listUrls[listUrls.length - 1] as string, "http://x").searchParams;
      expect(params.get("status")).toBe("new");
      expect(params.get("content_type")).toBe("post");
    });

    await userEvent.click(screen.getByRole("checkbox", { name: "Select idea Idea 1" }));
    await userEvent.click(screen.getByRole("checkbox", { name: "Select idea Idea 3" }));
    await userEvent.click(screen.getByRole("button", { name: "Queue to writer" }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toEqual({ url: "/api/v1/planner/ideas/queue_to_writer/", body: { ids: [1, 3] } });
    expect(await screen.findByText("Queued 2 ideas to the writer.")).toBeInTheDocument();
  });
});
