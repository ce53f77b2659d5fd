// The settings window (app://settings/): which centre server, which display is the console, which are wall screens.
// Talks to main only through the preload's named verbs (window.zongzhi.settings.*).
import type { DesktopBridge, DesktopSettingsInput, DisplayInfo, SettingsView, WallAssignment } from '../../protocol/ipc.ts';
import { BRIDGE_KEY } from '../bridge.ts';
import { toDisplayRef } from '../walls.ts';

const bridge = (window as unknown as Record<typeof BRIDGE_KEY, DesktopBridge | undefined>)[BRIDGE_KEY];
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function status(text: string, error = false) {
  const el = $('status');
  el.textContent = text;
  el.className = error ? 'error' : '';
}

let view: SettingsView | null = null;

function useOf(d: DisplayInfo, v: SettingsView): string {
  if (d.id === v.consoleDisplayId) return 'console';
  const wall = v.walls.find((w) => w.displayId === d.id);
  return wall ? `wall:${wall.wall}` : 'none';
}

function render(v: SettingsView) {
  view = v;
  const s = v.settings;
  for (const r of document.querySelectorAll<HTMLInputElement>('input[name=mode]')) r.checked = r.value === s.server.mode;
  $<HTMLInputElement>('url').value = s.server.mode === 'remote' ? s.server.url : '';
  $<HTMLInputElement>('port').value = String(s.server.mode === 'embedded' ? s.server.port : 8620);
  $<HTMLInputElement>('seed').checked = s.server.mode === 'embedded' ? s.server.seedDemo : true;
  $<HTMLSelectElement>('wallMode').value = s.walls.mode;
  const override = $('override');
  override.hidden = !v.serverOverridden;
  override.textContent = `当前由命令行指定服务器 ${v.serverUrl ?? ''}，此处的更改在下次正常启动时生效 · the command line chose ${v.serverUrl ?? ''}; changes here apply on the next normal start`;
  const missing = $('missing');
  missing.hidden = v.missingWalls.length === 0;
  missing.textContent = `未连接的大屏 · walls whose display is not connected: ${v.missingWalls.join(', ')}`;

  const body = $('displays');
  body.replaceChildren();
  v.displays.forEach((d, i) => {
    const tr = document.createElement('tr');
    const name = document.createElement('td');
    name.textContent = `${d.label || `显示器 ${i + 1}`}${d.primary ? '（主 · primary）' : ''}`;
    const size = document.createElement('td');
    size.textContent = `${d.bounds.width}×${d.bounds.height} @ ${d.bounds.x},${d.bounds.y}`;
    const use = document.createElement('td');
    const select = document.createElement('select');
    select.dataset.displayId = String(d.id);
    const options: [string, string][] = [
      ['console', '控制台 · console'],
      ['none', '不使用 · not used'],
      ...v.displays.map((_, n): [string, string] => [`wall:${n + 1}`, `大屏 ${n + 1} · wall ${n + 1}`]),
    ];
    for (const [value, label] of options) {
      const o = document.createElement('option');
      o.value = value;
      o.textContent = label;
      select.append(o);
    }
    select.value = useOf(d, v);
    use.append(select);
    tr.append(name, size, use);
    body.append(tr);
  });
}

function collect(v: SettingsView): DesktopSettingsInput | string {
  const mode = document.querySelector<HTMLInputElement>('input[name=mode]:checked')?.value;
  const server: DesktopSettingsInput['server'] =
    mode === 'remote'
      ? { mode: 'remote', url: $<HTMLInputElement>('url').value.trim() }
      : { mode: 'embedded', port: Number($<HTMLInputElement>('port').value), seedDemo: $<HTMLInputElement>('seed').checked };
  const assignments: WallAssignment[] = [];
  let consoleDisplay: DesktopSettingsInput['consoleDisplay'] = null;
  for (const select of document.querySelectorAll<HTMLSelectElement>('#displays select')) {
    const d = v.displays.find((x) => String(x.id) === select.dataset.displayId);
    if (!d) continue;
    if (select.value === 'console') {
      if (consoleDisplay) return '只能有一个控制台显示器 · only one display can be the console';
      consoleDisplay = toDisplayRef(d);
    } else if (select.value.startsWith('wall:')) assignments.push({ wall: Number(select.value.slice(5)), display: toDisplayRef(d) });
  }
  // keep remembered walls whose display is unplugged right now
  for (const a of v.settings.walls.assignments ?? []) if (v.missingWalls.includes(a.wall) && !assignments.some((x) => x.wall === a.wall)) assignments.push(a);
  return { server, consoleDisplay, walls: { mode: $<HTMLSelectElement>('wallMode').value === 'kiosk' ? 'kiosk' : 'fullscreen', assignments } };
}

async function main() {
  if (!bridge) {
    status('只能在桌面版中使用 · only available in the desktop app', true);
    return;
  }
  const reply = await bridge.settings.get();
  if (!reply.ok) return status(reply.error.message, true);
  render(reply.value);
  bridge.settings.onChanged(render);
  $('form').addEventListener('submit', (e) => {
    e.preventDefault();
    if (!view) return;
    const next = collect(view);
    if (typeof next === 'string') return status(next, true);
    status('正在保存… · saving…');
    void bridge.settings.save(next).then((r) => {
      if (!r.ok) return status(`${r.error.message}${r.error.details ? `: ${Object.entries(r.error.details).map(([k, m]) => `${k} ${m}`).join('; ')}` : ''}`, true);
      render(r.value);
      status('已保存 · saved');
    });
  });
}

void main();
