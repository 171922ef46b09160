// Where a chunk sits in its source: for paginated sources one union box per page it touches, for
// flowing sources the range of blocks (and characters, when known) it covers.
import type { Box, ChunkLocation } from './types';
import type { Unit } from './units';

function union(a: Box, b: Box): Box {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

export function locate(units: readonly Unit[]): ChunkLocation {
  const pages = new Map<number, Box | undefined>();
  for (const u of units) {
    if (u.location.type !== 'page') continue;
    let box = pages.get(u.location.page);
    for (const b of u.location.boxes) box = box ? union(box, b) : b;
    pages.set(u.location.page, box);
  }
  if (pages.size > 0) {
    return {
      type: 'pages',
      pages: [...pages.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([page, box]) => ({ page, box: box ?? ([0, 0, 1, 1] as const) })),
    };
  }
  const indexes = units.map((u) => u.blockIndex);
  let charStart: number | undefined;
  let charEnd: number | undefined;
  let elementId: string | undefined;
  for (const u of units) {
    if (u.location.type !== 'anchor') continue;
    elementId ??= u.location.elementId;
    if (u.location.charStart !== undefined) charStart = Math.min(charStart ?? Infinity, u.location.charStart);
    if (u.location.charEnd !== undefined) charEnd = Math.max(charEnd ?? -Infinity, u.location.charEnd);
  }
  return {
    type: 'anchors',
    blockStart: Math.min(...indexes),
    blockEnd: Math.max(...indexes),
    ...(elementId !== undefined ? { elementId } : {}),
    ...(charStart !== undefined ? { charStart } : {}),
    ...(charEnd !== undefined ? { charEnd } : {}),
  };
}
