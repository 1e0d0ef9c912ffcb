import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { toastStore, type Toast } from './toastStore';

const autoDismissMs = 6000;

/**
 * Two live regions that exist from the start (screen readers announce changes to a region they
 * already know): `status` (polite) for ordinary toasts, `alert` (assertive) for urgent ones and errors.
 */
export function Toaster() {
  const toasts = useStore(toastStore, (state) => state.toasts);
  const polite = toasts.filter((toast) => toast.kind === 'info');
  const assertive = toasts.filter((toast) => toast.kind !== 'info');
  return (
    <div className="toaster">
      <div role="alert" className="toast-region">
        {assertive.map((toast) => (
          <ToastView key={toast.id} toast={toast} />
        ))}
      </div>
      <div role="status" className="toast-region">
        {polite.map((toast) => (
          <ToastView key={toast.id} toast={toast} />
        ))}
      </div>
    </div>
  );
}

function ToastView({ toast }: { toast: Toast }) {
  const dismiss = useStore(toastStore, (state) => state.dismiss);
  // The timer pauses while the pointer or the keyboard focus is on the toast, so it can be read.
  const [held, setHeld] = useState(false);
  const remaining = useRef(autoDismissMs);
  useEffect(() => {
    if (held) return;
    const startedAt = Date.now();
    const timer = setTimeout(() => dismiss(toast.id), remaining.current);
    return () => {
      clearTimeout(timer);
      remaining.current -= Date.now() - startedAt;
    };
  }, [held, dismiss, toast.id]);

  return (
    <div
      className={`toast toast-${toast.kind}`}
      data-testid="toast"
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <div className="toast-text">
        <strong className="toast-title">{toast.title}</strong>
        {toast.detail ? <span className="toast-detail">{toast.detail}</span> : null}
      </div>
      <button type="button" className="toast-close" aria-label={`Dismiss: ${toast.title}`} onClick={() => dismiss(toast.id)}>
        ×
      </button>
    </div>
  );
}
