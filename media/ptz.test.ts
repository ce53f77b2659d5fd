// The ONVIF path end to end on loopback: the real `onvif` client library talking SOAP to the simulated dome camera.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PtzControl, PtzError } from './ptz.ts';
import { startOnvifSim, type OnvifSim } from './sim/onvifDevice.ts';
import { viewRect } from './sim/ptzScene.ts';

describe('ONVIF PTZ against the simulated dome camera', () => {
  let sim: OnvifSim;
  let ptz: PtzControl;
  beforeAll(async () => {
    sim = await startOnvifSim({ cameras: [{ key: 'dome1', name: '球机' }], width: 640, height: 360 });
    ptz = new PtzControl(() => ({ host: sim.host, port: sim.port }));
    ptz.setDevice(1, 'http://ingest.local/onvif/dome1/device_service');
    ptz.setDevice(2, 'http://ingest.local/onvif/nosuch/device_service');
  });
  afterAll(async () => sim.close());

  it('pans and zooms with ContinuousMove and stops with Stop', async () => {
    const lens = sim.lens('dome1')!;
    const before = lens.at();
    await ptz.move(1, { pan: 1, tilt: 0, zoom: 0.5 });
    await new Promise((r) => setTimeout(r, 400));
    await ptz.stop(1);
    const after = lens.at();
    expect(after.pan).toBeGreaterThan(before.pan + 0.1);
    expect(after.zoom).toBeGreaterThan(before.zoom);
    expect(lens.moving()).toBe(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(lens.at()).toEqual(after);
    expect(viewRect(after, 1920, 1080).x).toBeGreaterThan(viewRect(before, 1920, 1080).x);
  });

  it('saves a preset, lists it and goes back to it', async () => {
    const lens = sim.lens('dome1')!;
    const token = await ptz.savePreset(1, '大门 <东>');
    const at = lens.at();
    expect((await ptz.presets(1)).map((p) => p.name)).toContain('大门 <东>');
    await ptz.move(1, { pan: -1, tilt: -1, zoom: -1 });
    await new Promise((r) => setTimeout(r, 300));
    await ptz.stop(1);
    expect(lens.at()).not.toEqual(at);
    await ptz.gotoPreset(1, token);
    expect(lens.at()).toEqual(at);
    expect(await ptz.savePreset(1, '大门 <东>')).toBe(token); // same name: replaced, not duplicated
    await expect(ptz.gotoPreset(1, 'p999')).rejects.toMatchObject({ code: 'PTZ_PRESET_UNKNOWN' });
  });

  it('refuses a fixed camera and reports an unknown device', async () => {
    await expect(ptz.move(3, { pan: 1, tilt: 0, zoom: 0 })).rejects.toBeInstanceOf(PtzError);
    await expect(ptz.move(3, { pan: 1, tilt: 0, zoom: 0 })).rejects.toMatchObject({ code: 'PTZ_NOT_SUPPORTED' });
    await expect(ptz.stop(2)).rejects.toMatchObject({ code: 'PTZ_DEVICE_ERROR' });
  });
});
