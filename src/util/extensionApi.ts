/**
 * What `activate` returns (the extension's `exports`). Integration tests read it to see inside the
 * running extension without test-only commands in the palette; nothing here changes state.
 */
import type { Report } from '../core/report';
import type { PanelProbe } from '../panel/chartPanel';

export interface MirageApi {
  /** Milliseconds our own `activate` took (wiring only; the core loads on first analysis). */
  readonly activationMs: number;
  /** The panel's handshake and message log. */
  panel(): PanelProbe;
  /** The report that hovers, CodeLens and diagnostics use for a file. */
  reportFor(file: string): Report | undefined;
  /** The status bar text, or undefined when hidden. */
  statusText(): string | undefined;
  /** Resolves once no file event is waiting for its debounce and no analysis runs. */
  idle(): Promise<void>;
}
