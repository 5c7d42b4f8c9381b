/**
 * A minimal Parquet writer for tests only: one row group, one uncompressed PLAIN data page per
 * column, flat columns of strings, doubles, int64 or booleans (OPTIONAL when a value is null).
 * hyparquet only reads, and no writer is installed; this is enough to give the reader a real file.
 * Thrift compact protocol, Parquet format 2 metadata (file version 1).
 */

/** One column: its name, physical type and values (null = missing, makes the column OPTIONAL). */
export type ParquetColumn =
  | { name: string; type: 'string'; values: (string | null)[] }
  | { name: string; type: 'double'; values: (number | null)[] }
  | { name: string; type: 'int64'; values: (number | null)[] }
  | { name: string; type: 'boolean'; values: (boolean | null)[] };

class Bytes {
  private parts: number[] = [];
  byte(b: number): void {
    this.parts.push(b & 0xff);
  }
  raw(b: Uint8Array | number[]): void {
    for (const x of b) this.parts.push(x);
  }
  varint(n: bigint): void {
    let v = n;
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) b |= 0x80;
      this.byte(b);
    } while (v > 0n);
  }
  zigzag(n: number | bigint): void {
    const v = BigInt(n);
    this.varint(v >= 0n ? v << 1n : ((-v) << 1n) - 1n);
  }
  get length(): number {
    return this.parts.length;
  }
  toBuffer(): Buffer {
    return Buffer.from(this.parts);
  }
}

// Thrift compact types.
const T = { TRUE: 1, FALSE: 2, I32: 5, I64: 6, BINARY: 8, LIST: 9, STRUCT: 12 } as const;
type Field = [id: number, type: number, write: (b: Bytes) => void];

function struct(b: Bytes, fields: Field[]): void {
  let last = 0;
  for (const [id, type, write] of fields) {
    const delta = id - last;
    if (delta > 0 && delta <= 15) b.byte((delta << 4) | type);
    else {
      b.byte(type);
      b.zigzag(id);
    }
    write(b);
    last = id;
  }
  b.byte(0);
}
const i32 = (v: number) => (b: Bytes) => b.zigzag(v);
const i64 = (v: number) => (b: Bytes) => b.zigzag(BigInt(v));
const str = (s: string) => (b: Bytes) => {
  const u = Buffer.from(s, 'utf8');
  b.varint(BigInt(u.length));
  b.raw(u);
};
function list(elemType: number, items: ((b: Bytes) => void)[]): (b: Bytes) => void {
  return (b) => {
    if (items.length < 15) b.byte((items.length << 4) | elemType);
    else {
      b.byte(0xf0 | elemType);
      b.varint(BigInt(items.length));
    }
    for (const w of items) w(b);
  };
}
const sub = (fields: Field[]) => (b: Bytes) => struct(b, fields);

// Parquet enums.
const PHYSICAL = { boolean: 0, int64: 2, double: 5, string: 6 } as const;

function plainValues(c: ParquetColumn): Buffer {
  const out: Buffer[] = [];
  const present = (c.values as unknown[]).filter((v) => v !== null);
  if (c.type === 'boolean') {
    const bits = Buffer.alloc(Math.ceil(present.length / 8));
    present.forEach((v, i) => {
      if (v) bits[i >> 3]! |= 1 << (i & 7);
    });
    return bits;
  }
  for (const v of present) {
    if (c.type === 'string') {
      const s = Buffer.from(v as string, 'utf8');
      const len = Buffer.alloc(4);
      len.writeUInt32LE(s.length);
      out.push(len, s);
    } else if (c.type === 'double') {
      const d = Buffer.alloc(8);
      d.writeDoubleLE(v as number);
      out.push(d);
    } else {
      const d = Buffer.alloc(8);
      d.writeBigInt64LE(BigInt(v as number));
      out.push(d);
    }
  }
  return Buffer.concat(out);
}

/** Definition levels (bit width 1) as an RLE/bit-packed hybrid, length-prefixed as data page v1 wants. */
function defLevels(values: unknown[]): Buffer {
  const b = new Bytes();
  // Bit-packed groups of 8: header (groups << 1) | 1, then the bits LSB first.
  const groups = Math.ceil(values.length / 8);
  b.varint(BigInt((groups << 1) | 1));
  for (let g = 0; g < groups; g++) {
    let byte = 0;
    for (let i = 0; i < 8; i++) if (values[g * 8 + i] !== null && g * 8 + i < values.length) byte |= 1 << i;
    b.byte(byte);
  }
  const body = b.toBuffer();
  const len = Buffer.alloc(4);
  len.writeUInt32LE(body.length);
  return Buffer.concat([len, body]);
}

/** Encodes the columns (all the same length) as a Parquet file. */
export function writeParquet(columns: ParquetColumn[]): Buffer {
  const rows = columns[0]?.values.length ?? 0;
  const chunks: Buffer[] = [Buffer.from('PAR1')];
  let offset = 4;
  const chunkMeta: Field[][] = [];
  for (const c of columns) {
    const optional = (c.values as unknown[]).some((v) => v === null);
    const page = Buffer.concat([optional ? defLevels(c.values) : Buffer.alloc(0), plainValues(c)]);
    const header = new Bytes();
    struct(header, [
      [1, T.I32, i32(0)],
      [2, T.I32, i32(page.length)],
      [3, T.I32, i32(page.length)],
      [5, T.STRUCT, sub([
        [1, T.I32, i32(c.values.length)],
        [2, T.I32, i32(0)],
        [3, T.I32, i32(3)],
        [4, T.I32, i32(3)],
      ])],
    ]);
    const h = header.toBuffer();
    const size = h.length + page.length;
    chunkMeta.push([
      [2, T.I64, i64(offset)],
      [3, T.STRUCT, sub([
        [1, T.I32, i32(PHYSICAL[c.type])],
        [2, T.LIST, list(T.I32, [i32(0), i32(3)])],
        [3, T.LIST, list(T.BINARY, [str(c.name)])],
        [4, T.I32, i32(0)],
        [5, T.I64, i64(c.values.length)],
        [6, T.I64, i64(size)],
        [7, T.I64, i64(size)],
        [9, T.I64, i64(offset)],
      ])],
    ]);
    chunks.push(h, page);
    offset += size;
  }
  const schema: ((b: Bytes) => void)[] = [
    sub([
      [4, T.BINARY, str('schema')],
      [5, T.I32, i32(columns.length)],
    ]),
    ...columns.map((c) => {
      const optional = (c.values as unknown[]).some((v) => v === null);
      const fields: Field[] = [
        [1, T.I32, i32(PHYSICAL[c.type])],
        [3, T.I32, i32(optional ? 1 : 0)],
        [4, T.BINARY, str(c.name)],
      ];
      if (c.type === 'string') fields.push([6, T.I32, i32(0)]);
      return sub(fields);
    }),
  ];
  const meta = new Bytes();
  struct(meta, [
    [1, T.I32, i32(1)],
    [2, T.LIST, list(T.STRUCT, schema)],
    [3, T.I64, i64(rows)],
    [4, T.LIST, list(T.STRUCT, [
      sub([
        [1, T.LIST, list(T.STRUCT, chunkMeta.map((f) => sub(f)))],
        [2, T.I64, i64(offset - 4)],
        [3, T.I64, i64(rows)],
      ]),
    ])],
    [6, T.BINARY, str('mirage-lens test writer')],
  ]);
  const m = meta.toBuffer();
  const len = Buffer.alloc(4);
  len.writeUInt32LE(m.length);
  chunks.push(m, len, Buffer.from('PAR1'));
  return Buffer.concat(chunks);
}
