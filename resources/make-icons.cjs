#!/usr/bin/env node
// Draws the app and tray icons as PNGs (no image tools needed): a blue rounded
// square with a white "sync" ring of two arrows. Run: node resources/make-icons.cjs
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const BLUE = [41, 82, 204];
const WHITE = [255, 255, 255];
const BLACK = [0, 0, 0];

// Coverage of one shape at (x, y) in a 0..1 unit square.
function roundedSquare(x, y, r) {
  const dx = Math.max(Math.abs(x - 0.5) - (0.5 - r), 0);
  const dy = Math.max(Math.abs(y - 0.5) - (0.5 - r), 0);
  return Math.hypot(dx, dy) <= r;
}

function inArc(angle, from, to) {
  return angle >= from && angle <= to;
}

function syncMark(x, y, scale = 1) {
  const cx = 0.5, cy = 0.5;
  const dx = (x - cx) / scale, dy = (y - cy) / scale;
  const radius = Math.hypot(dx, dy);
  const angle = ((Math.atan2(dy, dx) * 180) / Math.PI + 360) % 360;
  const ring = radius >= 0.22 && radius <= 0.3 && (inArc(angle, 30, 165) || inArc(angle, 210, 345));
  // Arrowheads at the ends of both arcs (pointing clockwise).
  const head = (deg) => {
    const a = (deg * Math.PI) / 180;
    const px = Math.cos(a) * 0.26, py = Math.sin(a) * 0.26; // tip base on the ring
    const tx = -Math.sin(a), ty = Math.cos(a); // clockwise tangent
    const nx = Math.cos(a), ny = Math.sin(a); // outward normal
    const u = (dx - px) * tx + (dy - py) * ty; // along the tangent
    const v = (dx - px) * nx + (dy - py) * ny; // across
    return u >= 0 && u <= 0.12 && Math.abs(v) <= 0.1 * (1 - u / 0.12);
  };
  return ring || head(165) || head(345);
}

function draw(size, pixel) {
  const rgba = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const [r, g, b, a] = pixel((x + (sx + 0.5) / samples) / size, (y + (sy + 0.5) / samples) / size);
          acc[0] += r * a; acc[1] += g * a; acc[2] += b * a; acc[3] += a;
        }
      }
      const i = (y * size + x) * 4;
      const alpha = acc[3] / (samples * samples);
      for (let c = 0; c < 3; c++) rgba[i + c] = acc[3] ? Math.round(acc[c] / acc[3]) : 0;
      rgba[i + 3] = Math.round(alpha * 255);
    }
  }
  return png(size, rgba);
}

const appIcon = (x, y) => {
  if (!roundedSquare(x, y, 0.2)) return [0, 0, 0, 0];
  return syncMark(x, y) ? [...WHITE, 1] : [...BLUE, 1];
};
// macOS template image: black shape on transparency; the system tints it.
const template = (x, y) => (syncMark(x, y, 1.45) ? [...BLACK, 1] : [0, 0, 0, 0]);

function png(size, rgba) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

function crc32(buffer) {
  let crc = -1;
  for (const byte of buffer) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return crc ^ -1;
}

const out = __dirname;
const files = {
  'icon.png': draw(1024, appIcon), // electron-builder derives .icns/.ico from it (mac needs >= 512)
  'tray.png': draw(22, appIcon),
  'tray@2x.png': draw(44, appIcon),
  'trayTemplate.png': draw(22, template),
  'trayTemplate@2x.png': draw(44, template),
};
for (const [name, data] of Object.entries(files)) {
  fs.writeFileSync(path.join(out, name), data);
  process.stdout.write(`${name} ${data.length} bytes\n`);
}
