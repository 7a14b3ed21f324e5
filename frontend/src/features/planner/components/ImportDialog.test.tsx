import { QueryClientProvider } from "@tanstack/react-query";
import { afterEach, describe, expect, it, vi } from "vitest";
import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ImportDialog } from "./ImportDialog";
import { renderWithClient } from "../../../test/utils";
import { setTokens } from "../../../api/tokens";

/** A stand-in XMLHttpRequest that lets the test drive upload progress and the answer. */
class FakeXHR {
  static last: FakeXHR | null = null;
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = {
    onprogress: null,
  };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  status = 0;
  responseText = "";
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: FormData | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.body = body;
    FakeXHR.last = this;
  }
  respond(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeXHR.last = null;
});

describe("ImportDialog", () => {
  it("uploads the CSV with progress, then shows the report and the rejected rows", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXHR);
    setTokens({ access: "A1", refresh: "R1" });
    renderWithClient(
      <ImportDialog
        siteId={1}
        sectors={[
          { id: 5, site: 1, name: "Running", slug: "running", created_at: "", updated_at: "", industry_sector: null },
          { id: 6, site: 1, name: "Trail", slug: "trail", created_at: "", updated_at: "", industry_sector: null },
        ]}
        defaultSectorId={6}
        onClose={() => {}}
      />,
    );
    expect(screen.getByLabelText("Sector")).toHaveValue("6");
    const file = new File(["keyword,volume\nshoes,100\n"], "ahrefs.csv", { type: "text/csv" });
    await userEvent.upload(screen.getByLabelText("CSV file"), file);
    await userEvent.click(screen.getByRole("button", { name: "Import" }));

    await waitFor(() => expect(FakeXHR.last).not.toBeNull());
    const xhr = FakeXHR.last as unknown as FakeXHR;
    expect(xhr.method).toBe("POST");
    expect(xhr.url).toBe("/api/v1/planner/keywords/import/");
    expect(xhr.headers.Authorization).toBe("Bearer A1");
    expect(xhr.body?.get("site")).toBe("1");
    expect(xhr.body?.get("sector")).toBe("6");
    expect((xhr.body?.get("file") as File).name).toBe("ahrefs.csv");

    act(() => xhr.upload.onprogress?.({ lengthComputable: true, loaded: 30, total: 100 }));
    expect(screen.getByRole("progressbar", { name: "Upload progress" })).toHaveAttribute("aria-valuenow", "30");
    expect(screen.getByText("Uploading… 30%")).toBeInTheDocument();
    act(() => xhr.upload.onprogress?.({ lengthComputable: true, loaded: 100, total: 100 }));
    expect(screen.getByText("Uploaded — reading your keywords…")).toBeInTheDocument();

    act(() =>
      xhr.respond(200, {
        success: true,
        data: {
          total_rows: 4,
          created: 2,
          updated: 0,
          unchanged: 0,
          duplicates: 1,
          rejected_count: 1,
          rejected: [{ row: 4, value: "", reason: "Empty keyword" }],
          columns: { Query: "keyword", "Search Volume": "search_volume", KD: "difficulty" },
        },
        message: "",
        request_id: "r",
      }),
    );
    expect(
      await screen.findByText(/Read 4 rows: 2 new, 0 updated, 0 unchanged, 1 duplicates skipped, 1 rejected/),
    ).toBeInTheDocument();
    expect(screen.getByRole("table", { name: "Rows we couldn't import" })).toHaveTextContent("Empty keyword");
    expect(screen.getByText("Columns used: Query → keyword, Search Volume → search volume, KD → difficulty")).toBeInTheDocument();
  });

  it("shows the server's reason when the import is refused", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXHR);
    renderWithClient(
      <ImportDialog
        siteId={1}
        sectors={[{ id: 5, site: 1, name: "Running", slug: "running", created_at: "", updated_at: "", industry_sector: null }]}
        defaultSectorId={null}
        onClose={() => {}}
      />,
    );
    await userEvent.upload(screen.getByLabelText("CSV file"), new File(["x"], "x.csv", { type: "text/csv" }));
    await userEvent.click(screen.getByRole("button", { name: "Import" }));
    await waitFor(() => expect(FakeXHR.last).not.toBeNull());
    act(() =>
      (FakeXHR.last as unknown as FakeXHR).respond(400, {
        success: false,
        error: "We couldn't find a keyword column in this file.",
        errors: {},
        request_id: "r",
      }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent("We couldn't find a keyword column in this file.");
  });

  it("takes the site's first sector when the sectors arrive after the dialog opened", async () => {
    const running = { id: 5, site: 1, name: "Running", slug: "running", created_at: "", updated_at: "", industry_sector: null };
    const { client, rerender } = renderWithClient(
      <ImportDialog siteId={1} sectors={[]} sectorsLoading defaultSectorId={null} onClose={() => {}} />,
    );
    // While they load: no "no sectors" error, and a file chosen now is kept.
    expect(screen.getByRole("status")).toHaveTextContent("Loading this site's sectors…");
    expect(screen.queryByRole("alert")).toBeNull();
    await userEvent.upload(screen.getByLabelText("CSV file"), new File(["x"], "x.csv", { type: "text/csv" }));
    expect(screen.getByRole("button", { name: "Import" })).toBeDisabled();
    rerender(
      <QueryClientProvider client={client}>
        <ImportDialog siteId={1} sectors={[running]} defaultSectorId={null} onClose={() => {}} />
      </QueryClientProvider>,
    );

    expect(screen.getByRole("button", { name: "Import" })).toBeEnabled();
    expect(screen.getByRole("combobox")).toHaveValue("5");
  });

  it("says so when the site has no sectors", () => {
    renderWithClient(<ImportDialog siteId={1} sectors={[]} defaultSectorId={null} onClose={() => {}} />);

    expect(screen.getByRole("alert")).toHaveTextContent("This site has no sectors yet. Add a sector before importing keywords.");
    expect(screen.getByRole("button", { name: "Import" })).toBeDisabled();
  });
});
