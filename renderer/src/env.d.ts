// The renderer only knows the contract's types; the object itself comes from
// the preload (Electron) or the test bridge's script.
import type { PlectoApiBridge } from '../../preload/contract';

declare global {
  interface Window {
    plectoApi: PlectoApiBridge;
  }
}

export {};
