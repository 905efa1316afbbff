import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { api } from './api';
import { useApp } from './store/app-store';
import { usePreview } from './store/preview-store';
import './styles.css';

// Events from the main process: live apply progress, and finished runs (also scheduled ones).
api().onEvent((event) => {
  usePreview.getState().onEvent(event);
  if (event.type === 'run-finished') void useApp.getState().refresh();
});

void useApp.getState().refresh();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
