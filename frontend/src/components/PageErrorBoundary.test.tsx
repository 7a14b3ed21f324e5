import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import { isChunkLoadError, PageErrorBoundary } from "./PageErrorBoundary";

afterEach(() => vi.restoreAllMocks());

function Boom({ message }: { message: string }): never {
  throw new Error(message);
}

describe("PageErrorBoundary", () => {
  it("shows its children when nothing fails", () => {
    render(
      <PageErrorBoundary>
        <p>Keywords</p>
      </PageErrorBoundary>,
    );
    expect(screen.getByText("Keywords")).toBeInTheDocument();
  });

  it("turns a crash into a plain message with a reload button", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    render(
      <PageErrorBoundary>
        <Boom message="Cannot read properties of undefined" />
      </PageErrorBoundary>,
    );
    expect(screen.getByRole("alert")).toHaveTextContent("This page ran into a problem");
    expect(screen.queryByText(/Cannot read properties/)).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Reload the page" })).toBeInTheDocument();
  });

  it("says the app was updated when a page part can't be downloaded", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    render(
      <PageErrorBoundary>
        <Boom message="Failed to fetch dynamically imported module: /assets/KeywordsPage-abc.js" />
      </PageErrorBoundary>,
    );
    expect(screen.getByRole("heading", { name: "IGNY8 was updated" })).toBeInTheDocument();
  });

  it("clears the error when the user moves to another page", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const { rerender } = render(
      <PageErrorBoundary resetKey="/planner">
        <Boom message="boom" />
      </PageErrorBoundary>,
    );
    expect(screen.getByRole("alert")).toBeInTheDocument();
    rerender(
      <PageErrorBoundary resetKey="/billing">
        <p>Billing</p>
      </PageErrorBoundary>,
    );
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.getByText("Billing")).toBeInTheDocument();
  });

  it("recognises the browsers' chunk-load messages only", () => {
    expect(isChunkLoadError(new TypeError("Failed to fetch dynamically imported module: /a.js"))).toBe(true);
    expect(isChunkLoadError(new TypeError("Importing a module script failed."))).toBe(true);
    expect(isChunkLoadError(new Error("error loading dynamically imported module"))).toBe(true);
    expect(isChunkLoadError(new Error("Failed to fetch"))).toBe(false);
  });
});
