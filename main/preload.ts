// Preload for every window (built to main/dist/preload.cjs: sandboxed preloads are CommonJS with only `electron`
// available). Exposes the named verbs of protocol/ipc.ts and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY, createBridge } from './bridge.ts';

contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge(ipcRenderer));
