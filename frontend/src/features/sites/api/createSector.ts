import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import type { SectorRequest } from "../../../api/types";
import { refreshQueries } from "../../../api/refresh";

export function useCreateSector() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SectorRequest) => api("post", "/api/v1/auth/sectors/", { body }),
    onSuccess: () => refreshQueries(queryClient, ["sectors"]),
  });
}
