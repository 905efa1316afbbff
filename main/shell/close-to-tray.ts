// Closing the window keeps the app running in the tray; only Quit (tray,
// menu, OS shutdown) really quits. Plain logic over a window-like object.

export interface ClosableWindowLike {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  hide(): void;
}

export interface QuitState {
  /** Set by `before-quit`: from then on a close really closes. */
  quitting: boolean;
}

export function hideOnClose(window: ClosableWindowLike, state: QuitState): void {
  window.on('close', (event) => {
    if (state.quitting) return;
    event.preventDefault();
    window.hide();
  });
}
