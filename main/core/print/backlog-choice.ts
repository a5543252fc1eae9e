/** The answers to the backlog question (print/backlog.ts); no imports, so the screens may use it. */
export const BACKLOG_CHOICES = ['all', 'last-hour', 'skip'] as const;
export type BacklogChoice = (typeof BACKLOG_CHOICES)[number];
