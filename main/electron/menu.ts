// The application menu (Chinese first, English second, like the console).
import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openSettings(): void;
  focusConsole(): void;
  replanWalls(): void;
  reload(): void;
  devTools: boolean;
}

export function buildMenu(a: MenuActions): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: '文件 File',
      submenu: [{ label: '设置… Settings…', accelerator: 'CmdOrCtrl+,', click: () => a.openSettings() }, { type: 'separator' }, { label: '退出 Quit', role: 'quit' }],
    },
    { label: '编辑 Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    {
      label: '视图 View',
      submenu: [
        { label: '重新连接 Reconnect', accelerator: 'F5', click: () => a.reload() },
        { type: 'separator' },
        { role: 'resetZoom', label: '实际大小 Actual size' },
        { role: 'zoomIn', label: '放大 Zoom in' },
        { role: 'zoomOut', label: '缩小 Zoom out' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: '全屏 Full screen' },
        ...(a.devTools ? [{ role: 'toggleDevTools' as const }] : []),
      ],
    },
    {
      label: '窗口 Window',
      submenu: [
        { label: '控制台 Console', accelerator: 'CmdOrCtrl+1', click: () => a.focusConsole() },
        { label: '重新排布大屏 Re-arrange wall screens', click: () => a.replanWalls() },
        { type: 'separator' },
        { role: 'minimize', label: '最小化 Minimise' },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
