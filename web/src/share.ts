/**
 * Notes kept in the page's address: raw DEFLATE (the browser's CompressionStream), then
 * base64url, after `#notes=`. The fragment never leaves the browser, so sharing a link sends
 * the notes to no server; opening it reproduces exactly what was on the screen.
 */

/** The longest notes a link may unpack to: the checker's own file limit. */
export const MAX_NOTES = 1_000_000;

const toBase64Url = (bytes: Uint8Array): string => {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const fromBase64Url = (text: string): Uint8Array<ArrayBuffer> => {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
};

export async function pack(notes: string): Promise<string> {
  const stream = new Blob([notes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return toBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

/** The notes in a packed link, or null when it is damaged or unpacks to more than MAX_NOTES characters. */
export async function unpack(packed: string): Promise<string | null> {
  try {
    const bytes = fromBase64Url(packed);
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).pipeThrough(new TextDecoderStream());
    const reader = stream.getReader();
    let out = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return out;
      out += value;
      // Stop reading a link that would unpack to more than any notes the checker reads.
      if (out.length > MAX_NOTES) {
        await reader.cancel();
        return null;
      }
    }
  } catch {
    return null;
  }
}

const PREFIX = '#notes=';

export const notesHash = (packed: string): string => `${PREFIX}${packed}`;

/** The packed notes in a location hash, or null when there are none. */
export const packedFromHash = (hash: string): string | null => (hash.startsWith(PREFIX) ? hash.slice(PREFIX.length) : null);
