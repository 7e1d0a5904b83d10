const FLOAT32 = 0x0d;
const UNSIGNED_BYTE = 0x08;

function header(type: number, dims: readonly number[], bodyBytes: number): { bytes: Uint8Array; view: DataView; offset: number } {
  const offset = 4 + 4 * dims.length;
  const bytes = new Uint8Array(offset + bodyBytes);
  const view = new DataView(bytes.buffer);
  bytes[2] = type;
  bytes[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  return { bytes, view, offset };
}

/** An IDX file of big-endian float32 values (type 0x0D) with the given dimensions. */
export function encodeIdxFloat32(values: Float32Array, dims: readonly number[]): Uint8Array {
  const { bytes, view, offset } = header(FLOAT32, dims, values.length * 4);
  for (let i = 0; i < values.length; i++) view.setFloat32(offset + 4 * i, values[i] as number, false);
  return bytes;
}

/** An IDX file of unsigned bytes (type 0x08) with the given dimensions. */
export function encodeIdxUint8(values: ArrayLike<number>, dims: readonly number[]): Uint8Array {
  const { bytes, offset } = header(UNSIGNED_BYTE, dims, values.length);
  for (let i = 0; i < values.length; i++) bytes[offset + i] = values[i] as number;
  return bytes;
}
