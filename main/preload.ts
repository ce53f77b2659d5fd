// Preload for every window (built to main/dist/preload.cjs: sandboxed preloads are CommonJS with only `electron`
// available). Exposes the named verbs of protocol/ipc.ts and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { DESKTOP_BRIDGE_KEY } from '../protocol/ipc.ts';
import { createBridge } from './bridge.ts';

contextBridge.exposeInMainWorld(DESKTOP_BRIDGE_KEY, createBridge(ipcRenderer));
