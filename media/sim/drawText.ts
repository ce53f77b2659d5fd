// The simulator's caption: a camera's name (or the clock) drawn by ffmpeg's drawtext from a text file.

/** Escapes a path for use as a filter option value. */
const filterPath = (p: string) => p.replace(/\\/g, '\\\\').replace(/:/g, '\\:').replace(/'/g, "\\'");

export function drawText(textFile: string, font: string | null, y: string, size = 26): string {
  const fontOpt = font ? `fontfile=${filterPath(font)}:` : '';
  return `drawtext=${fontOpt}textfile=${filterPath(textFile)}:fontsize=${size}:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=8:x=16:y=${y}`;
}
