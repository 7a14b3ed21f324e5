import { useMutation } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { setTokens } from "../../../api/tokens";
import type { RegisterRequest } from "../../../api/types";

export async function register(input: RegisterRequest) {
  const result = await api("post", "/api/v1/auth/register/", { body: input });
  setTokens({ access: result.tokens.access, refresh: result.tokens.refresh });
  return result;
}

export function useRegister() {
  return useMutation({ mutationFn: register });
}
