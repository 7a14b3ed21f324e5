import { useState, type FormEvent } from "react";
import { Link, Navigate, useNavigate } from "react-router";
import { useRegister } from "../api/register";
import { useSession } from "../hooks/useSession";
import { FieldErrors, FormError } from "../../../components/FormError";

export function RegisterPage() {
  const { loggedIn } = useSession();
  const register = useRegister();
  const navigate = useNavigate();
  const [form, setForm] = useState({ account_name: "", email: "", password: "", first_name: "", last_name: "" });
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  if (loggedIn && !register.isPending && !register.isSuccess) return <Navigate to="/" replace />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate(form, { onSuccess: () => navigate("/onboarding", { replace: true }) });
  };

  return (
    <main className="auth-page">
      <form className="card auth-card" onSubmit={onSubmit} aria-labelledby="register-title">
        <h1 id="register-title">Create your IGNY8 account</h1>
        <FormError error={register.error} />
        <label>
          Company or agency name
          <input required value={form.account_name} onChange={set("account_name")} autoComplete="organization" />
        </label>
        <FieldErrors error={register.error} field="account_name" />
        <div className="row">
          <label>
            First name
            <input value={form.first_name} onChange={set("first_name")} autoComplete="given-name" />
          </label>
          <label>
            Last name
            <input value={form.last_name} onChange={set("last_name")} autoComplete="family-name" />
          </label>
        </div>
        <label>
          Email
          <input type="email" required value={form.email} onChange={set("email")} autoComplete="email" />
        </label>
        <FieldErrors error={register.error} field="email" />
        <label>
          Password (at least 8 characters)
          <input
            type="password"
            required
            minLength={8}
            value={form.password}
            onChange={set("password")}
            autoComplete="new-password"
          />
        </label>
        <FieldErrors error={register.error} field="password" />
        <button type="submit" className="primary" disabled={register.isPending}>
          {register.isPending ? "Creating account…" : "Create account"}
        </button>
        <p>
          Already have an account? <Link to="/login">Log in</Link>
        </p>
      </form>
    </main>
  );
}
