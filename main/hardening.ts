// The web preferences of every window the app opens (Electron's security checklist). One function, so no window can
// be created with a weaker set by accident; main/electron/ also re-applies it to windows a page opens.
import type { WebPreferences } from 'electron';

export type WindowRole = 'console' | 'wall' | 'settings' | 'child';

export function hardenedWebPreferences(preload: string | null, role: WindowRole, devTools = false): WebPreferences {
  return {
    // isolation
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    ...(preload ? { preload } : {}),
    // web platform stays strict
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    disableBlinkFeatures: 'Auxclick', // a middle click must not open windows behind setWindowOpenHandler's back
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools, // the unpackaged app (development) only
    // a 24/7 console: the alert tone plays without a prior click and the page is not throttled when minimised or
    // covered, so socket events and the tone are not delayed; walls are never throttled either (they are the screen)
    autoplayPolicy: role === 'console' ? 'no-user-gesture-required' : 'user-gesture-required',
    backgroundThrottling: role === 'console' || role === 'wall' ? false : true,
  };
}

/** The preferences a window opened by a page (window.open, same origin only) is forced to have. */
export function childWindowPreferences(preload: string | null, devTools = false): WebPreferences {
  return hardenedWebPreferences(preload, 'child', devTools);
}
