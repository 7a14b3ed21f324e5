import { useState, type FormEvent } from "react";
import { Link, Navigate, useLocation, useNavigate } from "react-router";
import { useLogin } from "../api/login";
import { useSession } from "../hooks/useSession";
import { FieldErrors, FormError } from "../../../components/FormError";

export function LoginPage() {
  const { loggedIn, notice, clearNotice } = useSession();
  const login = useLogin();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? "/";
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");

  if (loggedIn && !login.isPending) return <Navigate to={from} replace />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    clearNotice();
    login.mutate({ email, password }, { onSuccess: () => navigate(from, { replace: true }) });
  };

  return (
    <main className="auth-page">
      <form className="card auth-card" onSubmit={onSubmit} aria-labelledby="login-title">
        <h1 id="login-title">Log in to IGNY8</h1>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <FormError error={login.error} />
        <label>
          Email
          <input type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <FieldErrors error={login.error} field="email" />
        <label>
          Password
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button type="submit" className="primary" disabled={login.isPending}>
          {login.isPending ? "Logging in…" : "Log in"}
        </button>
        <p>
          New to IGNY8? <Link to="/register">Create an account</Link>
        </p>
      </form>
    </main>
  );
}
