import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import './i18n/index.ts';
import './ui/theme.css';
import { App } from './App.tsx';

// No eval under our CSP: zod validates without its JIT.
z.config({ jitless: true });

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
