import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { refreshQueries } from "./refresh";

/** A server whose GET answers what was stored when the request arrived, after `delay` ms. */
function fakeServer() {
  let stored: string[] = [];
  let reads = 0;
  return {
    write: (value: string) => {
      stored = [...stored, value];
    },
    read: (signal: AbortSignal) => {
      reads += 1;
      const snapshot = stored;
      return new Promise<string[]>((resolve, reject) => {
        const timer = setTimeout(() => resolve(snapshot), 20);
        signal.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(new DOMException("aborted", "AbortError"));
        });
      });
    },
    reads: () => reads,
  };
}

describe("refreshQueries", () => {
  it("refetches a first fetch that read the server before the write (plain invalidate keeps its stale answer)", async () => {
    for (const [how, expected] of [
      ["invalidate", []],
      ["refresh", ["sector A"]],
    ] as const) {
      const server = fakeServer();
      const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 60_000 } } });
      const observer = new QueryObserver(client, { queryKey: ["sectors", "list", 1], queryFn: ({ signal }) => server.read(signal) });
      const unsubscribe = observer.subscribe(() => {});
      // The list's first request is in flight (it read "no sectors") when the create lands.
      server.write("sector A");
      if (how === "invalidate") await client.invalidateQueries({ queryKey: ["sectors"] });
      else await refreshQueries(client, ["sectors"]);
      await new Promise((r) => setTimeout(r, 50));
      expect(client.getQueryData(["sectors", "list", 1])).toEqual(expected);
      expect(server.reads()).toBe(how === "invalidate" ? 1 : 2);
      unsubscribe();
      client.clear();
    }
  });

  it("takes filters with a predicate and leaves other queries alone", async () => {
    const client = new QueryClient();
    client.setQueryData(["writer", "content", 1], "c");
    client.setQueryData(["writer", "images", "file", 1], "f");
    client.setQueryData(["billing", "balance"], 5);
    await refreshQueries(client, { queryKey: ["writer"], predicate: (q) => q.queryKey[1] !== "images" });
    expect(client.getQueryState(["writer", "content", 1])?.isInvalidated).toBe(true);
    expect(client.getQueryState(["writer", "images", "file", 1])?.isInvalidated).toBe(false);
    expect(client.getQueryState(["billing", "balance"])?.isInvalidated).toBe(false);
  });

  it("is the only way the app invalidates queries", () => {
    // Every source file's text, as Vite bundles it (tests and this helper excepted).
    const sources = import.meta.glob<string>(["../**/*.{ts,tsx}", "!../**/*.test.{ts,tsx}", "!./refresh.ts"], {
      query: "?raw",
      import: "default",
      eager: true,
    });
    expect(Object.keys(sources).length).toBeGreaterThan(100);
    const offenders = Object.entries(sources)
      .filter(([, text]) => text.includes("invalidateQueries("))
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });
});
