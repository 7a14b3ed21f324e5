import { useEffect, useId, useRef, type ReactNode } from "react";
import { FormError } from "./FormError";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** CSS selector of the element to focus first (default: the first focusable one); "dialog" = the dialog itself. */
  initialFocus?: string;
  wide?: boolean;
  /** Role "alertdialog" (confirmations). */
  alert?: boolean;
}

/** A modal dialog: focus moves in and is trapped (Tab / Shift+Tab cycle), Escape closes, focus returns. */
export function Dialog({ title, onClose, children, initialFocus, wide, alert }: DialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const node = ref.current;
    const first =
      initialFocus === "dialog"
        ? node
        : (initialFocus && node?.querySelector<HTMLElement>(initialFocus)) || node?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? node)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        onCloseRef.current();
        return;
      }
      if (e.key !== "Tab" || !node) return;
      const items = Array.from(node.querySelectorAll<HTMLElement>(FOCUSABLE));
      if (items.length === 0) {
        e.preventDefault();
        node.focus();
        return;
      }
      const firstItem = items[0] as HTMLElement;
      const lastItem = items[items.length - 1] as HTMLElement;
      const active = document.activeElement;
      if (e.shiftKey && (active === firstItem || !node.contains(active))) {
        e.preventDefault();
        lastItem.focus();
      } else if (!e.shiftKey && (active === lastItem || !node.contains(active))) {
        e.preventDefault();
        firstItem.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      previous?.focus?.();
    };
  }, []);

  return (
    <div className="modal-backdrop">
      <div
        className={wide ? "modal wide" : "modal"}
        role={alert ? "alertdialog" : "dialog"}
        aria-modal="true" aria-labelledby={titleId} tabIndex={-1} ref={ref}>
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}

interface ConfirmProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  error?: unknown;
}

/** "Are you sure?" for destructive actions. Focus starts on Cancel, so Enter never deletes by accident. */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel, busy, error }: ConfirmProps) {
  return (
    <Dialog title={title} onClose={onCancel} initialFocus="[data-cancel]">
      <div className="confirm-body">{children}</div>
      <FormError error={error} />
      <div className="modal-actions">
        <button type="button" data-cancel onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={onConfirm} disabled={busy}>
          {busy ? "Working…" : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
