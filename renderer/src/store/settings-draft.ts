// The Settings page's unsaved edits. They live outside the page so that the
// "Pick teams" link keeps them (issue 11, point 5): the admin picks teams and
// comes back to the same unsaved toggles. Saving or discarding clears them.
import { create } from 'zustand';
import type { SyncSettings } from '../../../preload/contract';
import type { RegistrationDraft } from '../components/RegistrationSettings';

export interface SettingsDraft {
  connectionId: string;
  settings: SyncSettings;
  maxCount: string;
  maxPercent: string;
  importDraft: RegistrationDraft;
  /** App-wide switches, saved with the rest: one save model on the page. */
  paused: boolean;
  startAtLogin: boolean;
}

interface DraftState {
  draft: SettingsDraft | null;
  set(draft: SettingsDraft | null): void;
}

export const useSettingsDraft = create<DraftState>((set) => ({
  draft: null,
  set: (draft) => set({ draft }),
}));
