/**
 * Notes in links: packed by the page, unpacked by the page, and compatible with plain raw
 * DEFLATE (zlib), so a link made elsewhere opens too; a damaged or oversized link is refused.
 */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MAX_NOTES, notesHash, pack, packedFromHash, unpack } from '../../web/src/share.js';

describe('links that carry notes', () => {
  it('round-trip any text, Unicode and all', async () => {
    const notes = '# σ′(z)\n\n$$\\frac{d}{dz}\\sigma(z) = \\sigma(z)\\left(1-\\sigma(z)\\right)$$ ✓\n';
    const packed = await pack(notes);
    expect(packed).toMatch(/^[\w-]+$/);
    expect(await unpack(packed)).toBe(notes);
    expect(packedFromHash(notesHash(packed))).toBe(packed);
    expect(packedFromHash('#other=1')).toBeNull();
  });

  it('are raw DEFLATE in base64url: zlib makes and reads the same', async () => {
    const notes = '$$x = x$$\n'.repeat(50);
    expect(await unpack(deflateRawSync(Buffer.from(notes)).toString('base64url'))).toBe(notes);
    expect(Buffer.from(await pack(notes), 'base64url').length).toBeLessThan(notes.length / 5);
  });

  it('are refused when damaged, or when they unpack to more than the checker reads', async () => {
    expect(await unpack('not-deflate')).toBeNull();
    expect(await unpack('%%%')).toBeNull();
    const bomb = deflateRawSync(Buffer.alloc(MAX_NOTES + 10, 'a')).toString('base64url');
    expect(bomb.length).toBeLessThan(3_000);
    expect(await unpack(bomb)).toBeNull();
  });
});
