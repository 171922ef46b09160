// SHA-256 of a file's bytes, hex-encoded: the content address of blobs and the duplicate check. Web
// Crypto digests in native code off the JavaScript thread, so it stays fast for large files; it needs
// the whole buffer, which intake has read anyway (the size limit bounds it).
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
