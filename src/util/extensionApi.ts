/**
 * What `activate` returns (the extension's `exports`). Integration tests read it to see inside the
 * running extension without test-only commands in the palette; nothing here changes state.
 */
import type { Report } from '../core/report';
import type { PanelProbe } from '../panel/chartPanel';
import type { ServiceStats } from '../watch/analysisService';

/** Counters of the running extension, for the stress and leak tests: a snapshot. */
export interface MirageStats extends ServiceStats {
  /** Watcher: debounce timers pending, files with events waiting, events received, FileSystemWatchers. */
  timers: number;
  pendingFiles: number;
  events: number;
  fsWatchers: number;
  /** Whether the panel is open, and how many disposables it holds (0 once closed). */
  panelOpen: boolean;
  panelDisposables: number;
}

export interface MirageApi {
  /**
   * Milliseconds of our own activation: evaluating the bundle plus `activate` (wiring only; the core
   * loads on first analysis).
   */
  readonly activationMs: number;
  /** The part of activationMs spent evaluating the extension's bundle before activate() ran. */
  readonly loadMs: number;
  /** The panel's handshake and message log. */
  panel(): PanelProbe;
  /** The report that hovers, CodeLens and diagnostics use for a file. */
  reportFor(file: string): Report | undefined;
  /** The status bar text, or undefined when hidden. */
  statusText(): string | undefined;
  /** Resolves once no file event is waiting for its debounce and no analysis runs. */
  idle(): Promise<void>;
  /** Read and analysis counts, live listeners, pending timers, the panel's resources. */
  stats(): MirageStats;
}
