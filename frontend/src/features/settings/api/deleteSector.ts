import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

export function useDeleteSector() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api("delete", "/api/v1/auth/sectors/{id}/", { path: { id } }),
    onSuccess: () => {
      void refreshQueries(queryClient, ["sectors"]);
      void refreshQueries(queryClient, ["sites"]);
    },
  });
}
