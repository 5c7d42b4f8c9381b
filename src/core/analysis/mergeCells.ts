import { Column, emptyModelCell, type ModelCell } from './collector';

/**
 * Merges the cells of one model found in several files (rows of one sweep spread over many files)
 * into a new cell; the inputs are not changed, so cached per-file results stay valid. An item id seen
 * in two files is one item measured twice: its scores are clustered like repeated measurements.
 */
export function mergeModelCells(cells: ModelCell[]): ModelCell {
  const first = cells[0]!;
  const out = emptyModelCell(first.model, first.params, first.flops, first.loss);
  const index = new Map<string, number>();
  for (const c of cells) {
    out.params ??= c.params;
    out.flops ??= c.flops;
    out.loss ??= c.loss;
    out.choiceSum += c.choiceSum;
    out.choiceN += c.choiceN;
    for (const [k, v] of c.aggregates) if (!out.aggregates.has(k)) out.aggregates.set(k, v);
    const slotMap = new Int32Array(c.itemIds.length);
    c.itemIds.forEach((id, i) => {
      let s = index.get(id);
      if (s === undefined) {
        s = out.itemIds.length;
        index.set(id, s);
        out.itemIds.push(id);
      }
      slotMap[i] = s;
      const t = c.texts.get(i);
      if (t && !out.texts.has(s)) out.texts.set(s, t);
    });
    for (const [name, col] of c.metrics) {
      let dst = out.metrics.get(name);
      if (!dst) {
        dst = { sum: new Column(), count: new Column() };
        out.metrics.set(name, dst);
      }
      for (let i = 0; i < c.itemIds.length; i++) {
        const cnt = col.count.data[i] ?? 0;
        if (cnt === 0) continue;
        const s = slotMap[i]!;
        dst.sum.ensure(s + 1);
        dst.count.ensure(s + 1);
        dst.sum.data[s]! += col.sum.data[i]!;
        dst.count.data[s]! += cnt;
      }
    }
  }
  return out;
}
