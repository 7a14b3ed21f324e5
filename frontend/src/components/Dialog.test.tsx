import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConfirmDialog } from "./Dialog";

describe("ConfirmDialog", () => {
  it("focuses Cancel, traps Tab inside, and closes on Escape", async () => {
    const onCancel = vi.fn();
    const onConfirm = vi.fn();
    render(
      <>
        <button type="button">Outside</button>
        <ConfirmDialog title="Delete site?" confirmLabel="Delete site" onConfirm={onConfirm} onCancel={onCancel}>
          <p>Everything under it goes too.</p>
        </ConfirmDialog>
      </>,
    );
    expect(screen.getByRole("dialog", { name: "Delete site?" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Cancel" })).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole("button", { name: "Delete site" })).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole("button", { name: "Cancel" })).toHaveFocus();
    await userEvent.tab({ shift: true });
    expect(screen.getByRole("button", { name: "Delete site" })).toHaveFocus();
    await userEvent.keyboard("{Escape}");
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onConfirm).not.toHaveBeenCalled();
  });
});
