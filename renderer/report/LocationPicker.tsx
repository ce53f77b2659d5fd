// Tap on the map to place the incident: the grid member's own area from the centre server, nothing from the internet.
import { useEffect, useRef } from 'react';
import { Map as MlMap, Marker, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { MapView } from '../../protocol/map.ts';
import { api } from '../net/http.ts';

export default function LocationPicker({ token, value, onPick }: { token: string; value: [number, number] | null; onPick: (lonLat: [number, number]) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const marker = useRef<Marker | null>(null);
  const map = useRef<MlMap | null>(null);
  // The map is built once per token; the latest callback and value are read through refs.
  const pick = useRef(onPick);
  pick.current = onPick;
  const place = (m: MlMap, at: [number, number]) => {
    marker.current ??= new Marker({ color: '#f0524f' });
    marker.current.setLngLat(at).addTo(m);
  };

  useEffect(() => {
    let disposed = false;
    setWorkerUrl(workerUrl);
    void api<MapView>('/api/map/view', { token }).then((view) => {
      if (disposed || !box.current) return;
      const origin = location.origin;
      const [w, s, e, n] = view.bounds;
      const m = new MlMap({
        container: box.current,
        style: view.styleUrl,
        bounds: [[w, s], [e, n]],
        fitBoundsOptions: { padding: 16 },
        localIdeographFontFamily: "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif",
        attributionControl: false,
        transformRequest: (url) => (url.startsWith(`${origin}/api/`) ? { url, headers: { Authorization: `Bearer ${token}` } } : { url }),
      });
      m.on('click', (ev) => pick.current([Number(ev.lngLat.lng.toFixed(6)), Number(ev.lngLat.lat.toFixed(6))]));
      map.current = m;
      if (value) place(m, value);
    });
    return () => {
      disposed = true;
      map.current?.remove();
      map.current = null;
    };
  }, [token]);

  useEffect(() => {
    if (map.current && value) place(map.current, value);
  }, [value]);

  return <div ref={box} className="location-map" data-testid="report-map" />;
}
