import { describe, expect, it } from 'vitest';
import { decidePermission } from './permissions.ts';

const SERVER = 'http://127.0.0.1:8620';
const ask = (permission: string, requestingUrl = `${SERVER}/`, isMainFrame = true) => decidePermission({ permission, requestingUrl, isMainFrame }, SERVER);

describe('permission policy', () => {
  it('grants the console only notifications, fullscreen and clipboard writes', () => {
    expect(ask('notifications')).toBe(true);
    expect(ask('fullscreen')).toBe(true);
    expect(ask('clipboard-sanitized-write')).toBe(true);
  });

  it('denies everything else, including the microphone and camera for now', () => {
    for (const p of ['media', 'geolocation', 'midi', 'midiSysex', 'pointerLock', 'openExternal', 'display-capture', 'hid', 'serial', 'usb', 'clipboard-read', 'idle-detection', 'storage-access', 'unknown']) {
      expect(ask(p), p).toBe(false);
    }
  });

  it('denies even allowed permissions to other origins, look-alikes and subframes', () => {
    expect(ask('notifications', 'http://127.0.0.1:8620.evil.com/')).toBe(false);
    expect(ask('notifications', 'http://127.0.0.1:8620@evil.com/')).toBe(false);
    expect(ask('notifications', 'https://example.com/')).toBe(false);
    expect(ask('notifications', `${SERVER}/`, false)).toBe(false);
    expect(decidePermission({ permission: 'notifications', requestingUrl: `${SERVER}/`, isMainFrame: true }, null)).toBe(false);
  });
});
