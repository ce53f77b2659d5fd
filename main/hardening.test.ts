import { describe, expect, it } from 'vitest';
import { childWindowPreferences, hardenedWebPreferences, type WindowRole } from './hardening.ts';

const roles: WindowRole[] = ['console', 'wall', 'settings', 'child'];

describe('hardened web preferences', () => {
  it('every window is sandboxed and context-isolated, without Node, webviews or insecure content', () => {
    for (const role of roles) {
      const p = hardenedWebPreferences('/app/main/dist/preload.cjs', role);
      expect(p, role).toMatchObject({
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        enableBlinkFeatures: '',
        disableBlinkFeatures: 'Auxclick',
        webviewTag: false,
        navigateOnDragDrop: false,
        devTools: false,
        preload: '/app/main/dist/preload.cjs',
      });
    }
    expect(childWindowPreferences(null)).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(childWindowPreferences(null)).not.toHaveProperty('preload');
  });

  it('lets the console sound alerts without a click and keeps console and walls unthrottled', () => {
    expect(hardenedWebPreferences(null, 'console')).toMatchObject({ autoplayPolicy: 'no-user-gesture-required', backgroundThrottling: false });
    expect(hardenedWebPreferences(null, 'wall')).toMatchObject({ autoplayPolicy: 'user-gesture-required', backgroundThrottling: false });
    expect(hardenedWebPreferences(null, 'settings').backgroundThrottling).toBe(true);
  });

  it('opens DevTools only when asked (the unpackaged app)', () => {
    expect(hardenedWebPreferences(null, 'console', true).devTools).toBe(true);
  });
});
