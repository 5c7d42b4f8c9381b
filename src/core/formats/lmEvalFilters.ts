/**
 * Keeps one lm-eval filter per file. lm-eval logs every doc once per filter (gsm8k: "strict-match"
 * and "flexible-extract"), one filter after the other; counting them all would double the items.
 * The kept filter is "none" when present, else the first seen. Records stream straight through when
 * the first filter is "none" (the common single-filter case); otherwise the first filter and "none"
 * are held until the end decides.
 */
import type { ItemRecord, Problem, RecordSink } from '../types';

interface Held {
  records: ItemRecord[];
  problems: Problem[];
}

/** Routes records and problems of several filters to a sink, keeping one filter. */
export class OneFilter {
  private first: string | undefined;
  private readonly held = new Map<string, Held>();
  private readonly seen = new Map<string, Set<string>>();
  private readonly counts = new Map<string, number>();

  constructor(private readonly sink: RecordSink) {}

  /** A record of `filter`; a repeated itemId within one filter is a problem (the first is kept). */
  item(filter: string, record: ItemRecord, warning?: string): void {
    if (!this.route(filter)) return;
    const ids = this.seen.get(filter) ?? new Set<string>();
    this.seen.set(filter, ids);
    if (ids.has(record.itemId)) {
      this.push(filter, { line: record.line, message: `doc_id ${record.itemId} repeated within filter "${filter}"; kept the first` });
      return;
    }
    ids.add(record.itemId);
    if (warning) this.push(filter, { line: record.line, message: warning });
    const h = this.held.get(filter);
    if (h) h.records.push(record);
    else this.sink.item(record);
  }

  /** A skipped record of `filter`: its problem is reported only if that filter is kept. */
  skip(filter: string, p: Problem): void {
    if (this.route(filter)) this.push(filter, p);
  }

  private push(filter: string, p: Problem): void {
    const h = this.held.get(filter);
    if (h) h.problems.push(p);
    else this.sink.problem(p);
  }

  /** Flushes the held filter if it is the one kept; returns notes naming the kept filter. */
  finish(file: string): string[] {
    let kept = this.first;
    if (kept !== undefined && kept !== 'none') {
      kept = this.held.has('none') ? 'none' : kept;
      const chosen = this.held.get(kept)!;
      for (const p of chosen.problems) this.sink.problem(p);
      for (const r of chosen.records) this.sink.item(r);
      this.held.clear();
    }
    if (this.counts.size > 1) {
      const list = [...this.counts.keys()].map((f) => `"${f}"`).join(', ');
      return [`${file} holds filters ${list}; kept "${kept}" so each doc is counted once`];
    }
    return kept !== undefined && kept !== 'none' ? [`filter "${kept}"`] : [];
  }

  /** Whether records of `filter` are kept (or may be); sets up holding on first sight. */
  private route(filter: string): boolean {
    this.counts.set(filter, (this.counts.get(filter) ?? 0) + 1);
    if (this.first === undefined) {
      this.first = filter;
      if (filter !== 'none') this.held.set(filter, { records: [], problems: [] });
    }
    if (this.first === 'none') return filter === 'none';
    if (filter === this.first) return true;
    if (filter === 'none') {
      if (!this.held.has('none')) this.held.set('none', { records: [], problems: [] });
      return true;
    }
    return false;
  }
}
