import { NavLink } from "react-router";

/** The section's tabs: Dashboard, Rules, Workflows, History. */
export function AutomationNav() {
  return (
    <nav className="auto-tabs" aria-label="Automation">
      <NavLink to="/automation" end>
        Dashboard
      </NavLink>
      <NavLink to="/automation/rules">Rules</NavLink>
      <NavLink to="/automation/workflows">Workflows</NavLink>
      <NavLink to="/automation/history">History</NavLink>
    </nav>
  );
}
