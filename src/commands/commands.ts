/**
 * Every command id, declared once. Titles and categories live in package.json / package.nls.json.
 */

export const CommandId = {
  /** Analyse a log or folder and open the panel beside the code: {@link checkForMirage}. */
  checkForMirage: 'mirage.checkForMirage',
  /** Open the panel on one task (hover and CodeLens links): {@link openReportForTask}. */
  openReportForTask: 'mirage.openReportForTask',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];

/** The argument of `mirage.openReportForTask` (JSON in a command URI, so only plain data). */
export interface OpenReportArgs {
  /** The analysed file or folder. */
  path: string;
  /** `seriesKey` of the task to select. */
  key: string;
}

/** Validates the argument of `mirage.openReportForTask` (it arrives from a URI). */
export function isOpenReportArgs(a: unknown): a is OpenReportArgs {
  if (typeof a !== 'object' || a === null) return false;
  const o = a as Record<string, unknown>;
  return typeof o.path === 'string' && o.path !== '' && typeof o.key === 'string';
}
