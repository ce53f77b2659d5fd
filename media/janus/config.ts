// The Janus configuration the centre generates for each start, in a folder of its own (never Debian's /etc/janus):
// only the VideoRoom plugin and the HTTP transport, both API and admin bound to loopback, random per-start secrets, no
// STUN/TURN, and ICE restricted to the interface(s) the county chose (`meet.iceInterfaces`), so nothing leaves the
// centre's network and no Janus port is reachable without going through the centre server.
import { mkdirSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export interface JanusConfigInput {
  dir: string;
  httpPort: number;
  adminPort: number;
  apiSecret: string;
  adminSecret: string;
  /** The VideoRoom admin key: rooms can be created only by whoever knows it (the centre). */
  roomAdminKey: string;
  /** Interfaces (names or address prefixes) Janus may gather ICE candidates on; empty = Janus's default (all). */
  iceInterfaces: string[];
  rtpPortRange: string;
  recordDir: string;
  debugLevel: number;
}

const PLUGINS_DISABLED = ['audiobridge', 'duktape', 'echotest', 'lua', 'nosip', 'recordplay', 'sip', 'streaming', 'textroom', 'videocall', 'voicemail'];
const TRANSPORTS_DISABLED = ['mqtt', 'nanomsg', 'pfunix', 'rabbitmq', 'websockets'];

/** libconfig string: the few characters that matter quoted. */
const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function janusConfigFiles(c: JanusConfigInput): Record<string, string> {
  const nat = [
    'ignore_mdns = true',
    ...(c.iceInterfaces.length ? [`ice_enforce_list = ${q(c.iceInterfaces.join(','))}`] : []),
    // Without a STUN server Janus offers host candidates only: the consoles reach it on the county's own network.
  ];
  return {
    'janus.jcfg': `general: {
  configs_folder = ${q(c.dir)}
  debug_level = ${c.debugLevel}
  debug_timestamps = true
  admin_secret = ${q(c.adminSecret)}
  api_secret = ${q(c.apiSecret)}
  session_timeout = 60
  server_name = "zongzhi-meet"
  protected_folders = ["/bin", "/boot", "/dev", "/etc", "/lib", "/proc", "/sbin", "/sys", "/usr", "/var"]
}
certificates: {
}
media: {
  rtp_port_range = ${q(c.rtpPortRange)}
  ipv6 = false
}
nat: {
  ${nat.join('\n  ')}
}
plugins: {
  disable = ${q(PLUGINS_DISABLED.map((p) => `libjanus_${p}.so`).join(','))}
}
transports: {
  disable = ${q(TRANSPORTS_DISABLED.map((p) => `libjanus_${p}.so`).join(','))}
}
loggers: {
  disable = "libjanus_jsonlog.so"
}
events: {
  broadcast = false
}
`,
    'janus.transport.http.jcfg': `general: {
  json = "compact"
  base_path = "/janus"
  http = true
  ip = "127.0.0.1"
  port = ${c.httpPort}
  https = false
}
admin: {
  admin_base_path = "/admin"
  admin_http = true
  admin_ip = "127.0.0.1"
  admin_port = ${c.adminPort}
  admin_https = false
}
cors: {
}
`,
    'janus.plugin.videoroom.jcfg': `general: {
  admin_key = ${q(c.roomAdminKey)}
  lock_rtp_forward = true
}
`,
    // Janus loads every event handler it finds unless told otherwise; none is wanted.
    'janus.eventhandler.sampleevh.jcfg': 'general: {\n  enabled = false\n}\n',
  };
}

/** Writes the folder atomically file by file (temp, fsync, rename). */
export function writeJanusConfig(c: JanusConfigInput): void {
  mkdirSync(c.dir, { recursive: true, mode: 0o700 });
  mkdirSync(c.recordDir, { recursive: true });
  for (const [name, text] of Object.entries(janusConfigFiles(c))) {
    const path = join(c.dir, name);
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, text, { mode: 0o600 });
    const fd = openSync(tmp, 'r');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, path);
  }
}
