import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

export const membersQueryOptions = () =>
  queryOptions({
    queryKey: ["settings", "members"] as const,
    queryFn: ({ signal }) => api("get", "/api/v1/auth/users/", { query: { page_size: 200, ordering: "id" }, signal }),
  });

export function useMembers(enabled = true) {
  return useQuery({ ...membersQueryOptions(), enabled });
}
