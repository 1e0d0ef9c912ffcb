import { createStore } from 'zustand/vanilla';

export type ToastKind = 'info' | 'urgent' | 'error';

export interface ToastInput {
  kind: ToastKind;
  title: string;
  detail?: string;
}

export interface Toast extends ToastInput {
  id: number;
}

interface ToastState {
  toasts: Toast[];
  show(toast: ToastInput): void;
  dismiss(id: number): void;
}

/** At most this many toasts are on screen; the oldest goes first. */
const maxVisible = 4;
let nextId = 1;

export const toastStore = createStore<ToastState>()((set) => ({
  toasts: [],
  show: (toast) => set((state) => ({ toasts: [...state.toasts, { ...toast, id: nextId++ }].slice(-maxVisible) })),
  dismiss: (id) => set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) })),
}));
