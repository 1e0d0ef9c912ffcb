import { createStore } from 'zustand/vanilla';

const markReadWhenViewedKey = 'notifications:web:markReadWhenViewed';

interface UiPreferences {
  /** Items that stay in view for 2 s are marked read. Off by default: opening the list marks nothing. */
  markReadWhenViewed: boolean;
  setMarkReadWhenViewed(enabled: boolean): void;
}

function readStoredFlag(): boolean {
  try {
    return localStorage.getItem(markReadWhenViewedKey) === 'true';
  } catch {
    return false;
  }
}

/** Settings of this browser (not of the account, unlike the service's preferences). */
export const uiPreferences = createStore<UiPreferences>()((set) => ({
  markReadWhenViewed: readStoredFlag(),
  setMarkReadWhenViewed: (enabled) => {
    try {
      localStorage.setItem(markReadWhenViewedKey, String(enabled));
    } catch {
      // Storage may be unavailable (private mode); the setting then lasts for this page only.
    }
    set({ markReadWhenViewed: enabled });
  },
}));
