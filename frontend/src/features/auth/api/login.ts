import { useMutation } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { setTokens } from "../../../api/tokens";
import type { TokenPair } from "../../../api/types";

export interface LoginInput {
  email: string;
  password: string;
}

export async function login(input: LoginInput): Promise<TokenPair> {
  // The login view documents no response body; it answers the TokenPair in the envelope.
  const tokens = (await api("post", "/api/v1/auth/login/", { body: input })) as TokenPair;
  setTokens({ access: tokens.access, refresh: tokens.refresh });
  return tokens;
}

export function useLogin() {
  return useMutation({ mutationFn: login });
}
