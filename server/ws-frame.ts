// Prebuilt WebSocket frames: a broadcast is serialized and framed once, then the same bytes are
// written to every socket (see Reflector.sendPrebuilt).

/** Header size of a frame built by wsTextFrame (its 7-bit length field says which form follows). */
export function wsHeaderLength(frame: Buffer): number {
  const len7 = frame[1] & 0x7f;
  return len7 < 126 ? 2 : len7 === 126 ? 4 : 10;
}

/** One complete unmasked, uncompressed WebSocket text frame (FIN set) carrying `text` as UTF-8. */
export function wsTextFrame(text: string): Buffer {
  const len = Buffer.byteLength(text);
  const header = len < 126 ? 2 : len < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + len);
  frame[0] = 0x81; // FIN + opcode 1 (text)
  if (len < 126) frame[1] = len;
  else if (len < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(len, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(len), 2);
  }
  frame.write(text, header, 'utf8');
  return frame;
}
